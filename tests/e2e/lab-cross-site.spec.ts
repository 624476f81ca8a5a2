import { expect, test } from './fixtures';

/**
 * Lab control has no session to carry a CSRF token, and a body-less no-cors
 * POST has no content type for the "JSON only" rule to catch. In a real
 * Chromium, a page on the attacker's origin tries to reset the lab.
 */
test('a page on the attacker origin cannot reset the lab with a body-less no-cors POST', async ({
  page,
  request,
  baseURL,
  meta,
}) => {
  await request.post(`${baseURL}/api/lab/clock`, { data: { advanceMs: 3_600_000 } });
  await page.goto(`${meta.origins.attacker}/`);
  await page.evaluate(async (app) => {
    // The answer is opaque, or blocked from the page (Cross-Origin-Resource-Policy): the request was sent either way.
    await fetch(`${app}/api/lab/reset`, { method: 'POST', mode: 'no-cors' }).catch(() => undefined);
  }, meta.origins.app);

  // Not reset: the clock is still ahead, and the server saw (and refused) the forged request.
  const clock = (await (await request.get(`${baseURL}/api/lab/clock`)).json()) as { offsetMs: number };
  expect(clock.offsetMs).toBeGreaterThanOrEqual(3_600_000);
  const traffic = (await (await request.get(`${baseURL}/api/lab/traffic`)).json()) as Array<{
    method: string;
    url: string;
    status: number;
  }>;
  const resets = traffic.filter((e) => e.method === 'POST' && e.url.endsWith('/api/lab/reset'));
  expect(resets.at(-1)?.status).toBe(403);
  await request.post(`${baseURL}/api/lab/clock`, { data: { reset: true } });
});
