import type { AttackRunResult, SelfCheckEvent } from '../../../../common/schemas/attacks';

/** One row of the self-check's matrix: did the attack work with its defence off, and fail with it on. */
export interface SelfCheckRow {
  id: string;
  offExploited: boolean;
  onBlocked: boolean;
  /** Why the row was not run (a browser-only attack the server cannot run, an error), or null. */
  skipped: string | null;
  /** Where the row was run: by the server, or by this page in the real browser. */
  ranIn: 'server' | 'browser';
  off: Pick<AttackRunResult, 'summary'> | null;
  on: Pick<AttackRunResult, 'summary'> | null;
}

export interface SelfCheckState {
  running: boolean;
  total: number;
  rows: SelfCheckRow[];
  /** Set when the run ended: stopped by the learner, and whether the lab was left as it was found. */
  done: { stopped: boolean; restored: boolean; durationMs: number } | null;
  error: string | null;
}

export const IDLE_SELF_CHECK: SelfCheckState = { running: false, total: 0, rows: [], done: null, error: null };

/** Folds one streamed event into the matrix. */
export function applySelfCheckEvent(state: SelfCheckState, event: SelfCheckEvent): SelfCheckState {
  switch (event.type) {
    case 'start':
      return { ...IDLE_SELF_CHECK, running: true, total: event.total };
    case 'row': {
      const row: SelfCheckRow = {
        id: event.id,
        offExploited: event.offExploited,
        onBlocked: event.onBlocked,
        skipped: event.skipped,
        ranIn: 'server',
        off: event.off,
        on: event.on,
      };
      return { ...state, rows: [...state.rows.filter((r) => r.id !== event.id), row] };
    }
    case 'done':
      return { ...state, done: { stopped: event.stopped, restored: event.restored, durationMs: event.durationMs } };
  }
}

/** Replaces one row (a browser-only attack, once this page ran it). */
export const withRow = (state: SelfCheckState, row: SelfCheckRow): SelfCheckState => ({
  ...state,
  rows: state.rows.map((r) => (r.id === row.id ? row : r)),
});

/** A row that ran and did not show both sides: the attack failed with the defence off, or got through with it on. */
export const isProblem = (row: SelfCheckRow) => row.skipped === null && !(row.offExploited && row.onBlocked);

/** The last line of the self-check, once it ended. */
export function selfCheckVerdict(state: SelfCheckState): string | null {
  if (!state.done || state.running) return null;
  const problems = state.rows.filter(isProblem).length;
  const skipped = state.rows.filter((row) => row.skipped !== null).length;
  const tail = skipped ? ` (${skipped} not run, reasons in their rows)` : '';
  if (state.done.stopped) return `Stopped after ${state.rows.length} of ${state.total} attacks${tail}.`;
  if (problems === 0)
    return `All defences hold: every attack worked with its defence off and failed with it on${tail}.`;
  return `${problems} problem${problems === 1 ? '' : 's'}: see the red rows${tail}.`;
}
