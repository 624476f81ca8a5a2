import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { bearer, me } from '../helpers/jwt';

const h = useTestLab({ listen: true });

async function registerAndLogin(email: string): Promise<string> {
  const password = 'correct horse battery staple';
  expect((await h.call('POST', '/api/auth/register', { json: { email, password } })).status).toBe(202);
  const res = await h.call('POST', '/api/jwt/login', { json: { email, password } });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

describe('user ids are never reused', () => {
  it('a deleted user\u2019s access token is refused after another account registers', async () => {
    const oldToken = await registerAndLogin('leaving@example.com');
    expect((await me(h, oldToken)).status).toBe(200);
    const leaving = h.lab.context.users.findByEmail('leaving@example.com')!;
    h.lab.context.db.prepare('DELETE FROM users WHERE id = ?').run(leaving.id);

    await registerAndLogin('arriving@example.com');
    const arriving = h.lab.context.users.findByEmail('arriving@example.com')!;
    expect(arriving.id).toBeGreaterThan(leaving.id);
    const res = await h.call('GET', '/api/jwt/me', { headers: bearer(oldToken) });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_token');
  });
});
