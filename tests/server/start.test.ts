import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/server/origins/origin-server';
import { buildLab, startLab } from '../../src/server/start';
import { freshDataDir, injectFetch, startTestLab } from './helpers';

describe('startLab', () => {
  it('keeps accounts across a restart on the same data dir', async () => {
    const dataDir = freshDataDir();
    const first = await startTestLab(dataDir);
    const accounts = (await first.call('GET', '/api/lab/accounts')).body;
    await first.call('POST', '/api/auth/register', {
      json: { email: 'keeper@example.com', password: 'survives a restart' },
    });
    await first.call('PUT', '/api/lab/toggles', { json: { 'accounts.passwordDenyList': false } });
    await first.close();

    const second = await startTestLab(dataDir);
    try {
      expect((await second.call('GET', '/api/lab/accounts')).body).toEqual(accounts);
      const user = second.lab.context.users.findByEmail('keeper@example.com')!;
      expect(await second.lab.context.hasher.verify('survives a restart', user.passwordHash)).toBe(true);
      expect((await second.call('GET', '/api/lab/toggles')).body['accounts.passwordDenyList']).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('makes new random demo passwords for a new data dir', async () => {
    const a = await startTestLab();
    const b = await startTestLab();
    try {
      const pa = (await a.call('GET', '/api/lab/accounts')).body.map((x: { password: string }) => x.password);
      const pb = (await b.call('GET', '/api/lab/accounts')).body.map((x: { password: string }) => x.password);
      expect(new Set([...pa, ...pb]).size).toBe(6);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('serves renderer files that appear after start (a rebuild while the lab runs)', async () => {
    const rendererDir = freshDataDir();
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>first build</title>');
    const lab = await buildLab({
      dataDir: freshDataDir(),
      port: 0,
      bcryptCost: 4,
      logLevel: 'silent',
      rendererDir,
      resourcesDir: join(import.meta.dirname, '../../resources'),
    });
    const fetch = injectFetch(lab.servers, lab.origins);
    try {
      expect((await fetch(`${lab.origins.app}/assets/later.js`)).status).toBe(404);
      mkdirSync(join(rendererDir, 'assets'));
      writeFileSync(join(rendererDir, 'assets', 'later.js'), 'console.log(1)');
      const later = await fetch(`${lab.origins.app}/assets/later.js`);
      expect([later.status, await later.text()]).toEqual([200, 'console.log(1)']);
    } finally {
      await lab.close();
    }
  });

  it('documents every registered route, and every documented route exists', async () => {
    const dataDir = freshDataDir();
    const lab = await buildLab({ dataDir, port: 0, bcryptCost: 4, logLevel: 'silent' });
    const fetch = injectFetch(lab.servers, lab.origins);
    try {
      const doc = (await (await fetch(lab.origins.app + '/api/docs/json')).json()) as { paths: Record<string, object> };
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      // OpenAPI writes path parameters as {name}; Fastify as :name.
      const registered = registeredRoutes(lab.servers.app)
        .filter((route) => !route.hidden)
        .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
      expect(registered.length).toBeGreaterThan(40);
      expect(new Set(registered)).toEqual(new Set(documented));
      const page = await fetch(lab.origins.app + '/api/docs');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger');
    } finally {
      await lab.close();
    }
  });

  it('answers no-store on every lab control and lab helper route', async () => {
    const lab = await buildLab({ dataDir: freshDataDir(), port: 0, bcryptCost: 4, logLevel: 'silent' });
    const fetch = injectFetch(lab.servers, lab.origins);
    try {
      const views = registeredRoutes(lab.servers.app).filter(
        (r) =>
          r.method === 'GET' && r.url.startsWith('/api/lab/') && !r.url.includes(':') && !r.url.endsWith('/stream'),
      );
      expect(views.map((r) => r.url)).toEqual(
        expect.arrayContaining(['/api/lab/accounts', '/api/lab/session/cookie', '/api/lab/jwt/keys']),
      );
      for (const view of views) {
        const res = await fetch(lab.origins.app + view.url);
        expect([view.url, res.headers.get('cache-control')]).toEqual([view.url, 'no-store']);
      }
    } finally {
      await lab.close();
    }
  });

  it('limits a runaway client to 600 requests a minute, with Retry-After, but never the lab controls', async () => {
    const h = await startTestLab();
    try {
      const statuses: number[] = [];
      for (let batch = 0; batch < 6; batch++) {
        const results = await Promise.all(
          Array.from({ length: 100 }, () => h.fetch(h.lab.origins.app + '/api/health')),
        );
        statuses.push(...results.map((r) => r.status));
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
      const limited = await h.call('GET', '/api/health');
      expect(limited.status).toBe(429);
      expect(limited.body.error).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await h.call('GET', '/api/lab/toggles')).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('lifts the general limit with apiLimit 0 (--api-limit 0, for benchmarks)', async () => {
    const lab = await startLab({ dataDir: freshDataDir(), port: 0, bcryptCost: 4, logLevel: 'silent', apiLimit: 0 });
    try {
      const results = await Promise.all(Array.from({ length: 700 }, () => fetch(lab.origins.app + '/api/health')));
      expect(results.every((r) => r.status === 200)).toBe(true);
    } finally {
      await lab.close();
    }
  });
});
