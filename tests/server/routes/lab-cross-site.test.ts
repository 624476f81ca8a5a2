import { describe, expect, it } from 'vitest';
import { LAB_REQUEST_HEADER } from '../../../src/server/auth/csrf';
import { registeredRoutes } from '../../../src/server/origins/origin-server';
import type { BuiltLab } from '../../../src/server/start';
import { TEST_ORIGINS, useTestLab } from '../helpers';

const h = useTestLab({ resetBeforeEach: true });

/** Every state-changing lab-control route the app origin serves, read from the server itself (new routes join at once). */
function stateChangingLabRoutes(): Array<[string, string]> {
  const routes = registeredRoutes((h.lab as BuiltLab).servers.app)
    .filter((r) => r.url.startsWith('/api/lab/') && !['GET', 'HEAD', 'OPTIONS'].includes(r.method))
    .map((r): [string, string] => [r.method, r.url.replace(/:(\w+)/g, 'x')]);
  return [...new Map(routes.map((r) => [r.join(' '), r])).values()];
}

/** What a no-cors fetch from another site carries: fetch metadata and its Origin, no body, no content type. */
const crossSite = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', origin: TEST_ORIGINS.attacker };

describe('lab control refuses cross-site requests, whatever their body', () => {
  it('the table covers the lab-control routes that change state', () => {
    const keys = stateChangingLabRoutes().map((r) => r.join(' '));
    expect(keys.length).toBeGreaterThan(20);
    for (const route of [
      'POST /api/lab/reset',
      'PUT /api/lab/toggles',
      'POST /api/lab/perf/reset',
      'POST /api/lab/oauth/run/code-flow',
      'POST /api/lab/oauth/attacks/x',
      'POST /api/lab/session/attacker/copy-cookie',
    ]) {
      expect(keys).toContain(route);
    }
  });

  it('every state-changing /api/lab route: a body-less cross-site request gets 403 cross_site_request', async () => {
    for (const [method, path] of stateChangingLabRoutes()) {
      const res = await h.call(method, path, { headers: crossSite });
      expect([method, path, res.status, res.body?.error]).toEqual([method, path, 403, 'cross_site_request']);
    }
  });

  it('every state-changing /api/lab route: the lab origins next door (same-site) are refused too', async () => {
    for (const [method, path] of stateChangingLabRoutes()) {
      const res = await h.call(method, path, {
        headers: { 'sec-fetch-site': 'same-site', origin: TEST_ORIGINS.idp, [LAB_REQUEST_HEADER]: '1' },
      });
      expect([method, path, res.status, res.body?.error]).toEqual([method, path, 403, 'cross_site_request']);
    }
  });

  it('a cross-site POST /api/lab/reset leaves the lab as it was', async () => {
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60_000 } });
    const refused = await h.call('POST', '/api/lab/reset', { headers: crossSite });
    expect(refused.status).toBe(403);
    const clock = await h.call('GET', '/api/lab/clock');
    expect(clock.body.offsetMs).toBeGreaterThanOrEqual(60_000);
  });

  it('a percent-encoded path that the router decodes to /api/lab/reset is refused too, and leaves the lab as it was', async () => {
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60_000 } });
    for (const path of ['/api/%6Cab/reset', '/%61pi/lab/reset', '/api/lab%2Freset']) {
      const res = await h.call('POST', path, { headers: crossSite });
      expect([path, res.status === 403 || res.status === 404]).toEqual([path, true]);
    }
    const clock = await h.call('GET', '/api/lab/clock');
    expect(clock.body.offsetMs).toBeGreaterThanOrEqual(60_000);
  });

  it('a browser without fetch metadata needs the custom header: an Origin alone is refused', async () => {
    const res = await h.call('POST', '/api/lab/reset', { headers: { origin: TEST_ORIGINS.app } });
    expect([res.status, res.body.error]).toEqual([403, 'cross_site_request']);
  });

  it("the app's own page (same-origin and the custom header) still controls the lab", async () => {
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60_000 } });
    const res = await h.call('POST', '/api/lab/reset', {
      headers: { 'sec-fetch-site': 'same-origin', origin: TEST_ORIGINS.app, [LAB_REQUEST_HEADER]: '1' },
    });
    expect(res.status).toBe(200);
    expect((await h.call('GET', '/api/lab/clock')).body.offsetMs).toBe(0);
  });

  it('a client that is no browser (no Sec-Fetch-Site, no Origin: curl, the CLI) is not a forged request', async () => {
    expect((await h.call('POST', '/api/lab/reset')).status).toBe(200);
  });

  it('safe methods need nothing', async () => {
    expect((await h.call('GET', '/api/lab/toggles', { headers: crossSite })).status).toBe(200);
  });
});
