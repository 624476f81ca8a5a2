import { Signer } from '@fastify/cookie';
import { describe, expect, it } from 'vitest';
import { SessionCookieSigner } from '../../../src/server/auth/session-cookie';

const SECRET = 'a'.repeat(43);
const settings = { getOrCreateSecret: () => SECRET } as unknown as ConstructorParameters<
  typeof SessionCookieSigner
>[0]['settings'];

describe('SessionCookieSigner: the session cookie signer, remembering only what verified', () => {
  const plain = new Signer(SECRET);

  it('signs and unsigns exactly as @fastify/cookie does, the first time and every time after', () => {
    const signer = new SessionCookieSigner({ settings });
    for (let i = 0; i < 3; i++) {
      expect(signer.sign('session-id')).toBe(plain.sign('session-id'));
      expect(signer.unsign(plain.sign('session-id'))).toEqual(plain.unsign(plain.sign('session-id')));
    }
  });

  it('an edited signature or value of a remembered cookie is still refused', () => {
    const signer = new SessionCookieSigner({ settings });
    const cookie = plain.sign('session-id');
    expect(signer.unsign(cookie).valid).toBe(true);
    const forged = [
      `${cookie.slice(0, -1)}${cookie.endsWith('A') ? 'B' : 'A'}`,
      `other-id${cookie.slice(10)}`,
      'session-id',
      '',
    ];
    for (const input of forged) expect(signer.unsign(input)).toEqual(plain.unsign(input));
    for (const input of forged) expect(signer.unsign(input).valid).toBe(false);
  });

  it('a cookie signed with another secret is refused', () => {
    const signer = new SessionCookieSigner({ settings });
    expect(signer.unsign(new Signer('b'.repeat(43)).sign('session-id')).valid).toBe(false);
  });
});
