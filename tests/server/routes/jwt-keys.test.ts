import { SignJWT, decodeProtectedHeader, exportJWK, generateKeyPair, importPKCS8 } from 'jose';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { admin, bearer, login, me, refresh, resignHs256 } from '../helpers/jwt';

describe('JWT lab: keys, JWKS and hostile tokens', () => {
  const h = useTestLab({ resetBeforeEach: true });

  // The row as stored: the private key is sealed (docs/SECURITY.md "Secrets at rest").
  const currentAccessKey = () =>
    h.lab.context.db.prepare("SELECT * FROM jwt_keys WHERE purpose = 'access' AND retire_at IS NULL").get() as {
      kid: string;
      alg: string;
      signing_material: string;
    };

  it('publishes public members only, with unique kids, on the app origin', async () => {
    await login(h);
    await h.call('POST', '/api/jwt/keys/rotate', { json: { alg: 'ES256' } });
    await h.call('POST', '/api/jwt/keys/rotate', { json: { alg: 'EdDSA' } });
    const res = await h.call('GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const keys = res.body.keys as Array<Record<string, string>>;
    expect(keys.map((k) => k.alg)).toEqual(['RS256', 'ES256', 'EdDSA']);
    expect(new Set(keys.map((k) => k.kid)).size).toBe(3);
    for (const key of keys)
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(secret);
  });

  it('never publishes an HMAC key, and a lab reset drops keys, families and the denylist', async () => {
    const session = await login(h);
    await h.call('POST', '/api/jwt/keys/rotate', { json: { alg: 'HS256' } });
    const published = (await h.call('GET', '/.well-known/jwks.json')).body.keys as Array<{ alg: string }>;
    expect(published.map((k) => k.alg)).toEqual(['RS256']);
    await h.call('POST', '/api/jwt/logout', { json: {}, headers: bearer(session.accessToken) });
    await h.call('POST', '/api/lab/reset', { json: {} });
    const count = (table: string) =>
      (h.lab.context.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('jwt_keys'), count('jwt_refresh_families'), count('jwt_denylist')]).toEqual([0, 0, 0]);
    expect((await me(h, session.accessToken)).body.error).toBe('invalid_token');
  });

  it.each(['HS256', 'RS256', 'ES256', 'EdDSA'])('signs and verifies with %s', async (alg) => {
    await h.call('POST', '/api/jwt/keys/rotate', { json: { alg } });
    const { accessToken } = await login(h);
    expect(decodeProtectedHeader(accessToken).alg).toBe(alg);
    expect((await me(h, accessToken)).status).toBe(200);
  });

  it('rotation: old tokens keep verifying until they expire; new tokens use the new kid', async () => {
    const old = await login(h);
    const rotated = await h.call('POST', '/api/jwt/keys/rotate', { json: {} });
    expect(rotated.status).toBe(200);
    const fresh = await login(h);
    expect(decodeProtectedHeader(fresh.accessToken).kid).toBe(rotated.body.kid);
    expect(decodeProtectedHeader(old.accessToken).kid).not.toBe(rotated.body.kid);
    expect((await me(h, old.accessToken)).status).toBe(200);
    // After the old key's last token has expired, the key itself is gone.
    h.lab.context.clock.advance(17 * 60_000);
    expect((await h.call('GET', '/.well-known/jwks.json')).body.keys).toHaveLength(1);
    expect((await refresh(h, old.refreshCookie)).status).toBe(200);
  });

  it('imports each key once per kid and keeps it; a retired key stops verifying before any sweep', async () => {
    const session = await login(h);
    const keys = h.lab.labs.jwt.keys;
    const [access] = keys.list().filter((k) => k.purpose === 'access');
    // The same imported key object for every request, not a fresh importSPKI each time.
    expect(keys.verifyKey(access!)).toBe(keys.verifyKey(access!));
    expect((await me(h, session.accessToken)).status).toBe(200);
    expect((await me(h, session.accessToken)).status).toBe(200);
    expect(await keys.verifyKey(access!)).toBe(await keys.verifyKey(access!));
    // Past retire_at the lookup refuses the key even while its row is still there.
    await h.call('POST', '/api/jwt/keys/rotate', { json: {} });
    h.lab.context.sweeper.stop();
    try {
      h.lab.context.clock.advance(17 * 60_000);
      const rows = h.lab.context.db.prepare('SELECT COUNT(*) AS n FROM jwt_keys WHERE kid = ?').get(access!.kid);
      expect(rows).toEqual({ n: 1 });
      expect(keys.findByKid(access!.kid, 'access')).toBeUndefined();
      expect(keys.list().map((k) => k.kid)).not.toContain(access!.kid);
    } finally {
      h.lab.context.sweeper.start();
      h.lab.context.clock.reset();
    }
  });

  it('compromised rotation drops the old key at once', async () => {
    const old = await login(h);
    await h.call('POST', '/api/jwt/keys/rotate', { json: { compromised: true } });
    const res = await me(h, old.accessToken);
    expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
    expect((await h.call('GET', '/.well-known/jwks.json')).body.keys).toHaveLength(1);
    // Refresh tokens have their own key: the session survives and gets a token from the new key.
    expect((await refresh(h, old.refreshCookie)).status).toBe(200);
  });

  it('typ confusion: a refresh token, or another JWT from the same key, is not an access token', async () => {
    const session = await login(h);
    expect((await me(h, session.refreshCookie)).body.error).toBe('invalid_token');
    const key = currentAccessKey();
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString());
    for (const typ of ['JWT', 'id_token+jwt', undefined]) {
      const idToken = await new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, ...(typ ? { typ } : {}) })
        .sign(await importPKCS8(h.lab.context.vault.open(key.signing_material), key.alg));
      expect((await me(h, idToken)).body.error).toBe('invalid_token');
    }
  });

  it('ignores jku, jwk, x5u and x5c headers and fetches nothing', async () => {
    let fetched = 0;
    const server = createServer((_req, res) => {
      fetched += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { accessToken } = await login(h);
      const attacker = await generateKeyPair('RS256', { extractable: true });
      const jwk = await exportJWK(attacker.publicKey);
      const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
      const url = `http://127.0.0.1:${port}/keys`;
      for (const extra of [{ jku: url }, { jwk }, { x5u: url }, { x5c: ['MIIB'] }, { jku: url, kid: 'attacker' }]) {
        const forged = await new SignJWT({ ...claims, role: 'admin' })
          .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: decodeProtectedHeader(accessToken).kid, ...extra })
          .sign(attacker.privateKey);
        const res = await admin(h, forged);
        expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
      }
      expect(fetched).toBe(0);
    } finally {
      server.close();
    }
  });

  const badKids: Array<[string, unknown]> = [
    ['unknown', 'AAAAAAAAAAAAAAAAAAAAAA'],
    ['path-like', '../../../../etc/passwd'],
    ['SQL-like', "x' OR '1'='1"],
    ['SQL syntax error', "'"],
    ['10 KB long', 'k'.repeat(10 * 1024)],
    ['a number', 42],
    ['an object', { $ne: null }],
    ['empty', ''],
    ['null bytes', 'abc\u0000def'],
  ];
  for (const toggle of [true, false]) {
    it.each(badKids)(
      `bad kid (%s) gets 401, never 500 (kidSanitizing ${toggle ? 'on' : 'off'})`,
      async (_name, kid) => {
        await h.call('PUT', '/api/lab/toggles', { json: { 'jwt.kidSanitizing': toggle } });
        try {
          const token = await resignHs256((await login(h)).accessToken, 'whatever', undefined, { kid });
          const res = await me(h, token);
          expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
        } finally {
          await h.call('PUT', '/api/lab/toggles', { json: { 'jwt.kidSanitizing': true } });
        }
      },
    );
  }

  it.each([
    ['no scheme', 'abc'],
    ['Basic', 'Basic dXNlcjpwYXNz'],
    ['empty bearer', 'Bearer '],
    ['one segment', 'Bearer abc'],
    ['four segments', 'Bearer a.b.c.d'],
    ['garbage base64', 'Bearer !!!.@@@.###'],
    ['header not JSON', `Bearer ${Buffer.from('not json').toString('base64url')}.e30.sig`],
    ['payload not JSON', `Bearer ${Buffer.from('{"alg":"RS256"}').toString('base64url')}.bm9wZQ.sig`],
    ['alg missing', `Bearer ${Buffer.from('{"typ":"at+jwt"}').toString('base64url')}.e30.sig`],
    [
      'alg unknown',
      `Bearer ${Buffer.from('{"alg":"HS999","kid":"AAAAAAAAAAAAAAAAAAAAAA"}').toString('base64url')}.e30.sig`,
    ],
    ['10 KB token', `Bearer ${'a'.repeat(10 * 1024)}.b.c`],
  ])('bad Authorization header (%s) gets 401 invalid_token', async (_name, authorization) => {
    const res = await h.call('GET', '/api/jwt/me', { headers: { authorization } });
    expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
  });

  it.each([
    ['missing password', { email: 'user@authlab.test' }],
    ['email not a string', { email: 5, password: 'x' }],
    ['rememberMe not boolean', { email: 'user@authlab.test', password: 'x', rememberMe: 'yes' }],
    ['unknown field', { email: 'user@authlab.test', password: 'x', admin: true }],
    ['array', [1, 2]],
  ])('bad login body (%s) gets 400', async (_name, json) => {
    const res = await h.call('POST', '/api/jwt/login', { json });
    expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
  });

  it.each([
    ['missing code', { mfaTicket: 'x' }],
    ['code a number', { mfaTicket: 'x', code: 123456 }],
    ['empty ticket', { mfaTicket: '', code: '123456' }],
    ['unknown field', { mfaTicket: 'x', code: '123456', trust: true }],
  ])('bad MFA body (%s) gets 400', async (_name, json) => {
    const res = await h.call('POST', '/api/jwt/login/mfa', { json });
    expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
  });

  it('an unknown MFA ticket gets 401 mfa_ticket_invalid', async () => {
    const res = await h.call('POST', '/api/jwt/login/mfa', { json: { mfaTicket: 'nope', code: '123456' } });
    expect([res.status, res.body.error]).toEqual([401, 'mfa_ticket_invalid']);
  });

  it.each([
    ['unknown alg', { alg: 'none' }],
    ['compromised not boolean', { compromised: 'true' }],
    ['unknown field', { kid: 'mine' }],
  ])('bad rotate body (%s) gets 400', async (_name, json) => {
    expect((await h.call('POST', '/api/jwt/keys/rotate', { json })).status).toBe(400);
  });

  it.each([
    ['garbage cookie', 'not-a-token'],
    ['forged refresh', 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ4In0.AAAA'],
    ['long cookie', 'a'.repeat(3000)],
  ])('bad refresh cookie (%s) gets 401 invalid_token', async (_name, cookie) => {
    const res = await refresh(h, cookie);
    expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
  });

  it('refresh without a cookie, and logout-all without a token, get 401', async () => {
    expect((await h.call('POST', '/api/jwt/refresh', { json: {} })).status).toBe(401);
    expect((await h.call('POST', '/api/jwt/logout-all', { json: {}, headers: bearer('x.y.z') })).status).toBe(401);
  });
});
