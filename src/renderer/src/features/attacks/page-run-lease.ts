import { api } from '../../api/client';

/**
 * Runs `work` (a browser-only run and its toggle flips) under a page-run
 * lease: while it is open the server leaves the traffic and the toggle flips
 * out of the learner's walkthrough attempts and progress. Ended in any case;
 * a page that goes away loses its lease after a minute.
 */
export async function underPageRunLease<T>(id: string, work: () => Promise<T>): Promise<T> {
  const { lease } = await api('POST /api/lab/attacks/:id/page-run', { params: { id } });
  try {
    return await work();
  } finally {
    await api('POST /api/lab/attacks/page-run/:lease/end', { params: { lease } }).catch(() => undefined);
  }
}
