import { describe, expect, it } from 'vitest';
import { type LabHarness, useTestLab } from '../helpers';

const register = (h: LabHarness, email: string, password: string) =>
  h.call('POST', '/api/auth/register', { json: { email, password } });

describe('POST /api/auth/register', () => {
  const h = useTestLab();

  it('creates an account that exists at once, and mails a welcome', async () => {
    const res = await register(h, 'new@example.com', 'a long and unusual passphrase');
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('accepted');
    const user = h.lab.context.users.findByEmail('new@example.com')!;
    expect(user.role).toBe('user');
    expect(await h.lab.context.hasher.verify('a long and unusual passphrase', user.passwordHash)).toBe(true);
    expect((await h.call('GET', '/api/lab/inbox')).body[0]).toMatchObject({
      to: 'new@example.com',
      subject: 'Welcome to Auth Lab',
    });
  });

  it('answers a taken email exactly like a new one, changes nothing, and tells the owner', async () => {
    const before = h.lab.context.users.findByEmail('user@authlab.test')!;
    const fresh = await register(h, 'someone-new@example.com', 'another unusual passphrase');
    const taken = await register(h, 'USER@authlab.test', 'another unusual passphrase');
    expect(taken.status).toBe(fresh.status);
    expect(taken.text).toBe(fresh.text);
    expect(h.lab.context.users.findByEmail('user@authlab.test')).toEqual(before);
    expect((await h.call('GET', '/api/lab/inbox')).body[0]).toMatchObject({
      to: 'user@authlab.test',
      subject: expect.stringMatching(/tried to register/),
    });
  });

  describe('accounts.uniformRegisterResponse', () => {
    it('on: the attacker cannot tell a taken email from a free one', async () => {
      const taken = await register(h, 'admin@authlab.test', 'guessing passphrase one');
      const free = await register(h, 'nobody-here@example.com', 'guessing passphrase one');
      expect([taken.status, taken.text]).toEqual([free.status, free.text]);
    });

    it('off: the attacker learns which emails have accounts', async () => {
      await h.call('PUT', '/api/lab/toggles', { json: { 'accounts.uniformRegisterResponse': false } });
      try {
        const taken = await register(h, 'admin@authlab.test', 'guessing passphrase two');
        const free = await register(h, 'still-nobody@example.com', 'guessing passphrase two');
        expect(taken.status).toBe(409);
        expect(taken.body.error).toBe('email_taken');
        expect(free.status).toBe(202);
      } finally {
        await h.call('PUT', '/api/lab/toggles', { json: { 'accounts.uniformRegisterResponse': true } });
      }
    });
  });

  describe('accounts.passwordDenyList', () => {
    it('on: a breached password is refused with its reason', async () => {
      const res = await register(h, 'weak@example.com', 'password1');
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('weak_password');
      expect(res.body.reasons).toEqual([{ code: 'common_password', message: expect.any(String) }]);
      expect(h.lab.context.users.findByEmail('weak@example.com')).toBeUndefined();
    });

    it('on: a breached word with look-alike symbols ("P@ssw0rd!") is refused, as crackers try it early', async () => {
      const res = await register(h, 'mangled@example.com', 'P@ssw0rd!');
      expect(res.status).toBe(400);
      expect(res.body.reasons).toEqual([{ code: 'common_password', message: expect.stringContaining('look-alike') }]);
      // A long passphrase that merely contains digits is not a mangled word.
      expect((await register(h, 'seasons@example.com', 'Winter2024! at the lake')).status).toBe(202);
    });

    it('off: the breached password is accepted', async () => {
      await h.call('PUT', '/api/lab/toggles', { json: { 'accounts.passwordDenyList': false } });
      try {
        expect((await register(h, 'weak@example.com', 'password1')).status).toBe(202);
        expect(h.lab.context.users.findByEmail('weak@example.com')).toBeDefined();
      } finally {
        await h.call('PUT', '/api/lab/toggles', { json: { 'accounts.passwordDenyList': true } });
      }
    });
  });

  it('gives every reason for a weak password', async () => {
    const res = await register(h, 'short@example.com', 'aaa');
    expect(res.status).toBe(400);
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toEqual(['too_short']);
  });

  const big = 'x'.repeat(1024 * 1024);
  it.each([
    ['missing password', { json: { email: 'a@b.co' } }, 400, 'invalid_request'],
    ['missing email', { json: { password: 'long enough pass' } }, 400, 'invalid_request'],
    ['number email', { json: { email: 42, password: 'long enough pass' } }, 400, 'invalid_request'],
    ['object password', { json: { email: 'a@b.co', password: { $ne: '' } } }, 400, 'invalid_request'],
    ['not an email', { json: { email: 'not-an-email', password: 'long enough pass' } }, 400, 'invalid_request'],
    ['extra field', { json: { email: 'a@b.co', password: 'long enough pass', role: 'admin' } }, 400, 'invalid_request'],
    ['array body', { json: [] }, 400, 'invalid_request'],
    ['null body', { json: null }, 400, 'invalid_request'],
    ['invalid JSON', { body: '{"email": ', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
    ['empty JSON body', { body: '', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
    ['text/plain body', { body: 'email=a', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
    [
      'form body',
      { body: 'email=a%40b.co&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'unsupported_media_type',
    ],
    ['1 MB body', { json: { email: 'a@b.co', password: big } }, 413, 'body_too_large'],
    ['2 KB password', { json: { email: 'a@b.co', password: 'y'.repeat(2048) } }, 400, 'invalid_request'],
  ] as const)('%s gets the documented 4xx, never a 5xx', async (_name, options, status, code) => {
    const res = await h.call('POST', '/api/auth/register', options as never);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(expect.objectContaining({ error: code, message: expect.any(String) }));
  });

  it('the server is still healthy after the bad inputs', async () => {
    expect((await h.call('GET', '/api/health')).status).toBe(200);
  });
});
