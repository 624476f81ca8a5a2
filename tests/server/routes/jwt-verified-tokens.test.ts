import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { bearer, login, me, tamper } from '../helpers/jwt';

/**
 * A verified token's signature check is remembered, but nothing
 * else is: each case first uses the token, so it is remembered, then changes
 * what must make it fail.
 */
describe('JWT lab: a remembered token is still checked on every request', () => {
  const h = useTestLab({ resetBeforeEach: true });

  async function usedToken(): Promise<string> {
    const { accessToken } = await login(h);
    for (let i = 0; i < 2; i++) expect((await me(h, accessToken)).status).toBe(200);
    return accessToken;
  }

  const refusal = async (token: string) => {
    const res = await me(h, token);
    return [res.status, res.body.error];
  };

  it('expires by the lab clock, and works again when the clock comes back', async () => {
    const token = await usedToken();
    h.lab.context.clock.advance(15 * 60_000 + 61_000);
    expect(await refusal(token)).toEqual([401, 'token_expired']);
    h.lab.context.clock.reset();
    expect((await me(h, token)).status).toBe(200);
  });

  it('a compromised rotation drops the key, and its remembered tokens with it', async () => {
    const token = await usedToken();
    await h.call('POST', '/api/jwt/keys/rotate', { json: { compromised: true } });
    expect(await refusal(token)).toEqual([401, 'invalid_token']);
  });

  it('a retired key stops verifying at retire_at, even for a token that has not expired', async () => {
    // A 30-day token, then a rotation that retires its key after the short lifetime.
    await h.call('PUT', '/api/lab/toggles', { json: { 'jwt.shortAccessTtl': false } });
    const token = await usedToken();
    await h.call('PUT', '/api/lab/toggles', { json: { 'jwt.shortAccessTtl': true } });
    await h.call('POST', '/api/jwt/keys/rotate', { json: {} });
    expect((await me(h, token)).status).toBe(200);
    h.lab.context.sweeper.stop();
    try {
      h.lab.context.clock.advance(17 * 60_000);
      expect(await refusal(token)).toEqual([401, 'invalid_token']);
    } finally {
      h.lab.context.sweeper.start();
      h.lab.context.clock.reset();
    }
  });

  it('logout deny-lists it and logout-all ends it', async () => {
    const token = await usedToken();
    await h.call('POST', '/api/jwt/logout', { json: {}, headers: bearer(token) });
    expect(await refusal(token)).toEqual([401, 'token_revoked']);

    const other = await usedToken();
    const second = await usedToken();
    await h.call('POST', '/api/jwt/logout-all', { json: {}, headers: bearer(second) });
    expect(await refusal(other)).toEqual([401, 'token_revoked']);
  });

  it('a token version bump, by any statement, ends it', async () => {
    const token = await usedToken();
    h.lab.context.db
      .prepare('UPDATE users SET token_version = token_version + 1 WHERE email = ?')
      .run('user@authlab.test');
    expect(await refusal(token)).toEqual([401, 'token_revoked']);
  });

  it('the same claims with another signature, or edited claims, are still refused', async () => {
    const token = await usedToken();
    const [head, body] = token.split('.');
    expect(await refusal(`${head}.${body}.${'A'.repeat(342)}`)).toEqual([401, 'invalid_token']);
    expect(await refusal(tamper(token, (c) => (c.role = 'admin')))).toEqual([401, 'invalid_token']);
  });

  it('with signature checks off, the remembered verdict is not what decides', async () => {
    const token = await usedToken();
    await h.call('PUT', '/api/lab/toggles', { json: { 'jwt.verifySignature': false } });
    try {
      // The decode-only path still answers for its own checks: an expired token is refused there too.
      h.lab.context.clock.advance(15 * 60_000 + 61_000);
      expect(await refusal(token)).toEqual([401, 'token_expired']);
    } finally {
      h.lab.context.clock.reset();
      await h.call('PUT', '/api/lab/toggles', { json: { 'jwt.verifySignature': true } });
    }
  });
});
