import { describe, expect, it, vi } from 'vitest';
import { basic, postForm } from '../helpers/oauth';
import { useOAuthLab } from '../helpers/oauth-lab';

/** Lab ID's refresh rotation and code exchange survive a crash between signing and storing (RFC 9700 §4.14.2). */
describe('Lab ID refresh rotation is crash-safe', () => {
  const { h, fixtures, getCode, redeem } = useOAuthLab();
  const refresh = (token: string) =>
    postForm(
      h,
      '/token',
      { grant_type: 'refresh_token', refresh_token: token },
      { authorization: basic('your-app', fixtures.yourApp.clientSecret!) },
    );
  const firstRefreshToken = async () => {
    const tokens = await redeem((await getCode()).searchParams.get('code')!);
    expect(tokens.status).toBe(200);
    return tokens.body.refresh_token as string;
  };

  it('a signer that fails leaves the old refresh token unspent: the retry rotates, the family lives', async () => {
    const token = await firstRefreshToken();
    const sign = vi.spyOn(h.lab.labs.oauth.services.keys, 'sign').mockRejectedValueOnce(new Error('simulated crash'));
    try {
      expect((await refresh(token)).status).toBe(500);
    } finally {
      sign.mockRestore();
    }
    const retry = await refresh(token);
    expect(retry.status).toBe(200);
    expect(retry.body.refresh_token).toBeTruthy();
    expect((await refresh(retry.body.refresh_token)).status).toBe(200);
  });

  it('a failure while storing the new tokens rolls the spend back too', async () => {
    const token = await firstRefreshToken();
    const db = h.lab.context.db;
    // Stands in for a crash after signing, between spending the old token and storing the new ones.
    db.exec(`CREATE TEMP TRIGGER crash_before_child BEFORE INSERT ON oauth_tokens
             WHEN NEW.kind = 'refresh' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`);
    try {
      expect((await refresh(token)).status).toBe(500);
    } finally {
      db.exec('DROP TRIGGER crash_before_child');
    }
    expect(db.prepare("SELECT COUNT(*) AS n FROM oauth_tokens WHERE status != 'active'").get()).toEqual({ n: 0 });
    const retry = await refresh(token);
    expect(retry.status).toBe(200);
    const api = await h.call('GET', '/api/oauth/resource', {
      headers: { authorization: `Bearer ${retry.body.access_token}` },
    });
    expect(api.status).toBe(200);
  });

  it('a code exchange whose signer fails leaves the code redeemable once more, and only once', async () => {
    const code = (await getCode()).searchParams.get('code')!;
    const sign = vi.spyOn(h.lab.labs.oauth.services.keys, 'sign').mockRejectedValueOnce(new Error('simulated crash'));
    try {
      expect((await redeem(code)).status).toBe(500);
    } finally {
      sign.mockRestore();
    }
    const retry = await redeem(code);
    expect(retry.status).toBe(200);
    expect((await redeem(code)).body.error).toBe('invalid_grant');
  });

  it('reuse of a rotated token still revokes the family', async () => {
    const token = await firstRefreshToken();
    const next = await refresh(token);
    expect(next.status).toBe(200);
    expect((await refresh(token)).body.error).toBe('invalid_grant');
    expect((await refresh(next.body.refresh_token)).body.error).toBe('invalid_grant');
  });
});
