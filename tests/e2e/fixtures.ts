import { test as base, expect, type APIRequestContext } from '@playwright/test';
import type { LabMeta } from '../../src/common/api';

/** The app origin of the lab started by global-setup, plus a clean lab for every test. */
export const test = base.extend<{ meta: LabMeta }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take a destructured first argument.
  baseURL: async ({}, use) => {
    await use(process.env.AUTHLAB_E2E_URL!);
  },
  meta: async ({ request, baseURL }, use) => {
    await resetLab(request, baseURL!);
    const meta = (await (await request.get(`${baseURL}/api/meta`)).json()) as LabMeta;
    await use(meta);
  },
});

export async function resetLab(request: APIRequestContext, baseURL: string): Promise<void> {
  await request.post(`${baseURL}/api/lab/reset`, { data: {} });
  const toggles = (await (await request.get(`${baseURL}/api/lab/toggles`)).json()) as Record<string, boolean>;
  await request.put(`${baseURL}/api/lab/toggles`, {
    data: Object.fromEntries(Object.keys(toggles).map((n) => [n, true])),
  });
}

export { expect };
