import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLab } from '../../src/server/start';
import { freshDataDir, startTestLab } from './lab-harness';

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
    const lab = await startLab({
      dataDir: freshDataDir(),
      port: 0,
      bcryptCost: 4,
      logLevel: 'silent',
      rendererDir,
      resourcesDir: join(import.meta.dirname, '../../resources'),
    });
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

  it('lists every route in the OpenAPI document', async () => {
    const h = await startTestLab();
    try {
      const doc = (await h.call('GET', '/api/docs/json')).body;
      const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      for (const route of [
        'GET /api/health',
        'GET /api/meta',
        'GET /api/lab/accounts',
        'POST /api/lab/reset',
        'GET /api/lab/toggles',
        'PUT /api/lab/toggles',
        'GET /api/lab/clock',
        'POST /api/lab/clock',
        'GET /api/lab/inbox',
        'GET /api/lab/traffic',
        'GET /api/lab/traffic/stream',
        'POST /api/auth/register',
      ]) {
        expect(documented).toContain(route);
      }
      const page = await fetch(h.lab.origins.app + '/api/docs');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger');
    } finally {
      await h.close();
    }
  });

  it('limits a runaway client to 600 requests a minute, with Retry-After, but never the lab controls', async () => {
    const h = await startTestLab();
    try {
      const statuses: number[] = [];
      for (let batch = 0; batch < 6; batch++) {
        const results = await Promise.all(Array.from({ length: 100 }, () => fetch(h.lab.origins.app + '/api/health')));
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
