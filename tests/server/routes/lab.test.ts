import { describe, expect, it } from 'vitest';
import { requestWithHost, useTestLab } from '../helpers';

describe('lab control routes', () => {
  // Real listeners: this file checks what only a socket shows (forged Host, oversized headers, a live stream).
  const h = useTestLab({ listen: true });

  it('GET /api/health', async () => {
    const res = await h.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('GET /api/meta lists four full origins, the toggles and the clock', async () => {
    const { body } = await h.call('GET', '/api/meta');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const name of ['app', 'idp', 'client']) expect(body.origins[name]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // A different host name, so the browser treats the attacker as another site.
    expect(body.origins.attacker).toMatch(/^http:\/\/localhost:\d+$/);
    expect(new Set(Object.values(body.origins)).size).toBe(4);
    expect(body.toggles['accounts.passwordDenyList']).toBe(true);
    expect(body.clock.offsetMs).toBe(0);
  });

  it('every origin is a real listener that answers', async () => {
    const { body } = await h.call('GET', '/api/meta');
    for (const name of ['idp', 'client']) {
      const res = await fetch(body.origins[name]);
      expect(res.status).toBe(200);
    }
    const attackerPort = new URL(body.origins.attacker).port;
    expect((await fetch(`http://127.0.0.1:${attackerPort}/`, { headers: {} })).status).toBe(200);
  });

  it('Lab ID, Your App and the attacker answer /favicon.ico with no content, not a 404 the browser logs', async () => {
    const { body } = await h.call('GET', '/api/meta');
    for (const name of ['idp', 'client', 'attacker']) {
      const res = await fetch(`${body.origins[name]}/favicon.ico`);
      expect(res.status, name).toBe(204);
    }
  });

  it('GET /api/lab/accounts gives a user, an admin and an MFA account with random passwords', async () => {
    const { body, headers } = await h.call('GET', '/api/lab/accounts');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toHaveLength(3);
    expect(body.map((a: { role: string }) => a.role).sort()).toEqual(['admin', 'user', 'user']);
    const mfa = body.find((a: { mfa: boolean }) => a.mfa);
    expect(mfa.totpSecret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits in base32
    for (const a of body) expect(a.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(body.filter((a: { mfa: boolean }) => !a.mfa).every((a: object) => !('totpSecret' in a))).toBe(true);
  });

  describe('toggles', () => {
    it('PUT changes only the names given', async () => {
      const res = await h.call('PUT', '/api/lab/toggles', { json: { 'accounts.passwordDenyList': false } });
      expect(res.status).toBe(200);
      // Every other toggle (each lab adds its own) stays on.
      const off = Object.entries(res.body as Record<string, boolean>).filter(([, on]) => !on);
      expect(off).toEqual([['accounts.passwordDenyList', false]]);
      expect((await h.call('GET', '/api/lab/toggles')).body['accounts.passwordDenyList']).toBe(false);
      await h.call('PUT', '/api/lab/toggles', { json: { 'accounts.passwordDenyList': true } });
    });

    it.each([
      ['unknown name', { 'jwt.nothing': false }, 'unknown_toggle'],
      ['string value', { 'accounts.passwordDenyList': 'false' }, 'invalid_request'],
      ['array body', [true], 'invalid_request'],
      ['null body', null, 'invalid_request'],
    ])('PUT with %s gets 400', async (_name, json, code) => {
      const res = await h.call('PUT', '/api/lab/toggles', { json });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(code);
      expect(Object.values((await h.call('GET', '/api/lab/toggles')).body).every(Boolean)).toBe(true);
    });
  });

  describe('clock', () => {
    it('advances and returns to real time', async () => {
      const before = Date.now();
      const res = await h.call('POST', '/api/lab/clock', { json: { advanceMs: 3_600_000 } });
      expect(res.status).toBe(200);
      expect(res.body.offsetMs).toBe(3_600_000);
      expect(Date.parse(res.body.now)).toBeGreaterThanOrEqual(before + 3_600_000);
      expect((await h.call('GET', '/api/lab/clock')).body.offsetMs).toBe(3_600_000);
      expect((await h.call('POST', '/api/lab/clock', { json: { reset: true } })).body.offsetMs).toBe(0);
    });

    it.each([
      ['negative', { advanceMs: -1 }],
      ['fractional', { advanceMs: 1.5 }],
      ['string', { advanceMs: '1000' }],
      ['absurdly large', { advanceMs: 1e15 }],
      ['empty', {}],
      ['both fields', { advanceMs: 1, reset: true }],
      ['reset false', { reset: false }],
      ['unknown field', { rewindMs: 5 }],
    ])('rejects a %s body with 400', async (_name, json) => {
      const res = await h.call('POST', '/api/lab/clock', { json });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect((await h.call('GET', '/api/lab/clock')).body.offsetMs).toBe(0);
    });
  });

  it('records traffic with passwords masked, and streams it live', async () => {
    const controller = new AbortController();
    const stream = await fetch(h.lab.origins.app + '/api/lab/traffic/stream', { signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    await h.call('POST', '/api/auth/register', {
      json: { email: 'stream@example.com', password: 'a secret passphrase' },
    });
    let text = '';
    while (!text.includes('/api/auth/register')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toMatch(/event: exchange/);
    expect(text).not.toContain('a secret passphrase');

    const list = (await h.call('GET', '/api/lab/traffic')).body as Array<{
      url: string;
      requestBody: string;
      status: number;
    }>;
    const register = list.find((e) => e.url === '/api/auth/register')!;
    expect(register.status).toBe(202);
    expect(JSON.parse(register.requestBody)).toEqual({ email: 'stream@example.com', password: '••••••' });
    // The feed does not record itself.
    expect(list.some((e) => e.url.startsWith('/api/lab/traffic'))).toBe(false);
  });

  it.each([['?limit=0'], ['?limit=abc'], ['?afterId=-1'], ['?limit=5000']])(
    'GET /api/lab/traffic%s gets 400',
    async (query) => {
      expect((await h.call('GET', '/api/lab/traffic' + query)).status).toBe(400);
    },
  );

  it('rejects a foreign Host header on every origin (DNS rebinding)', async () => {
    const { body } = await h.call('GET', '/api/meta');
    for (const origin of Object.values(body.origins) as string[]) {
      const port = new URL(origin).port;
      const foreign = await requestWithHost(origin, '/', `evil.example:${port}`);
      expect(foreign.status).toBe(400);
      expect(JSON.parse(foreign.body).error).toBe('invalid_host');
      expect((await requestWithHost(origin, '/', `localhost:${port}`)).status).not.toBe(400);
    }
    expect((await requestWithHost(h.lab.origins.app, '/api/health', 'localhost:1')).status).toBe(400);
  });

  it('POST /api/lab/reset wipes inbox, traffic and clock, and keeps accounts', async () => {
    const accounts = (await h.call('GET', '/api/lab/accounts')).body;
    await h.call('POST', '/api/auth/register', {
      json: { email: 'reset-me@example.com', password: 'long enough passphrase' },
    });
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60_000 } });
    expect((await h.call('GET', '/api/lab/inbox')).body.length).toBeGreaterThan(0);

    expect((await h.call('POST', '/api/lab/reset')).status).toBe(200);
    expect((await h.call('GET', '/api/lab/inbox')).body).toEqual([]);
    const urls = (await h.call('GET', '/api/lab/traffic')).body.map((e: { url: string }) => e.url);
    expect(urls).not.toContain('/api/auth/register');
    expect(urls).not.toContain('/api/lab/clock');
    expect((await h.call('GET', '/api/lab/clock')).body.offsetMs).toBe(0);
    expect((await h.call('GET', '/api/lab/accounts')).body).toEqual(accounts);
    // The account registered before the reset still exists: registering again sends the "already exists" notice.
    await h.call('POST', '/api/auth/register', {
      json: { email: 'reset-me@example.com', password: 'long enough passphrase' },
    });
    expect((await h.call('GET', '/api/lab/inbox')).body[0].subject).toMatch(/tried to register/);
  });

  it('sends security headers on the app shell', async () => {
    const res = await h.call('GET', '/api/health');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers requests Node rejects itself (oversized headers) with the error contract', async () => {
    const { request } = await import('node:http');
    const url = new URL(h.lab.origins.app);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: url.port,
          path: '/api/jwt/me',
          headers: { authorization: `Bearer ${'x'.repeat(40_000)}` },
        },
        (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({ error: 'header_too_large', message: expect.any(String) });
    expect((await h.call('GET', '/api/health')).status).toBe(200);
  });

  it('answers unknown routes with the error contract', async () => {
    const res = await h.call('GET', '/api/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: expect.any(String) });
  });
});
