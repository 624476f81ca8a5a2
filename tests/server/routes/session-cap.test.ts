import { describe, expect, it } from 'vitest';
import { MAX_SESSIONS_PER_USER } from '../../../src/server/labs/session/policy';
import { useTestLab } from '../helpers';
import { freshAccount } from '../helpers/password';
import { cookieHeaderFrom, me, sessionSetCookie } from '../helpers/session';

const h = useTestLab({ resetBeforeEach: true });

describe('sessions per user are capped', () => {
  it(`past ${MAX_SESSIONS_PER_USER} sessions a new login ends the oldest, so the list stays small`, async () => {
    const who = await freshAccount(h);
    const cookies: string[] = [];
    for (let i = 0; i < MAX_SESSIONS_PER_USER + 5; i++) {
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 1_000 } });
      const res = await h.call('POST', '/api/session/login', { json: who });
      expect(res.status).toBe(200);
      cookies.push(cookieHeaderFrom(sessionSetCookie(res.headers)!));
    }
    const newest = cookies.at(-1)!;
    const list = await h.call('GET', '/api/session/sessions', { headers: { cookie: newest } });
    expect(list.body).toHaveLength(MAX_SESSIONS_PER_USER);
    // The five oldest ended; the ones after them still work.
    for (const cookie of cookies.slice(0, 5)) expect((await me(h, cookie)).status).toBe(401);
    expect((await me(h, cookies[5]!)).status).toBe(200);
    expect((await me(h, newest)).status).toBe(200);
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
  });
});
