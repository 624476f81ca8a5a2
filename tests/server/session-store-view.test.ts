import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionViewOf, type LabSessionData } from '../../src/server/labs/session/store';

// @fastify/session's own Session class: the one that restores what the store hands it.
const Session = createRequire(import.meta.url)('@fastify/session/lib/session.js') as new (
  ...args: unknown[]
) => Record<string, unknown> & { cookie: { toJSON(): unknown }; isModified(): boolean };

/** The hash @fastify/session keeps of a restored session (read only, by its symbol's description). */
const persistedHash = (session: object) =>
  (session as Record<symbol, unknown>)[
    Object.getOwnPropertySymbols(session).find((k) => k.description === 'persistedHash')!
  ];

const ID = 'a'.repeat(43);
const signer = { sign: (value: string) => `${value}.signature`, unsign: () => ({ valid: false }) };
// The cookie defaults routes.ts registers @fastify/session with.
const defaults = { path: '/', httpOnly: true, sameSite: 'lax', secure: false };
const restore = (stored: unknown) => new Session(null, { protocol: 'http' }, () => ID, defaults, signer, stored, ID);

const data = {
  userId: 7,
  csrfToken: 'token',
  createdAt: 1_000,
  absoluteExpiresAt: 9_000_000_000_000,
  rememberMe: false,
  userAgent: 'test',
  issuedCookie: 'authlab_sid=<signed session id>; Path=/; HttpOnly; SameSite=Lax',
};
const later = new Date(Date.parse('2026-12-08T12:00:00.000Z')).toISOString();

// Cookie records as session.save() stores them (JSON of @fastify/session's Cookie).
const records: Array<[string, Record<string, unknown>]> = [
  [
    'a browser-session cookie',
    { originalMaxAge: null, expires: null, secure: false, httpOnly: true, path: '/', sameSite: 'lax', domain: null },
  ],
  [
    'a remember-me cookie',
    {
      originalMaxAge: 86_400_000,
      expires: later,
      secure: false,
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
      domain: null,
    },
  ],
  [
    'an expiring cookie without max-age',
    {
      originalMaxAge: null,
      expires: later,
      originalExpires: later,
      secure: true,
      httpOnly: false,
      path: '/',
      sameSite: 'none',
      domain: null,
    },
  ],
  [
    'a cookie with null SameSite and Secure',
    { originalMaxAge: null, expires: null, secure: null, httpOnly: true, path: '/', sameSite: null, domain: null },
  ],
  [
    'a cookie with a domain',
    {
      originalMaxAge: null,
      expires: null,
      secure: false,
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
      domain: 'localhost',
    },
  ],
];

describe('the session view handed to @fastify/session', () => {
  // A remember-me cookie's expiry is restored as now + max-age: both restores must read the same now,
  // or a millisecond tick between them reads as a difference.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T12:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it.each(records)('restores %s exactly as the stored data does', (_name, cookie) => {
    const stored = JSON.parse(JSON.stringify({ cookie, ...data })) as LabSessionData;
    const fromView = restore(sessionViewOf(stored));
    const fromStored = restore(stored);
    expect(fromView.cookie.toJSON()).toEqual(fromStored.cookie.toJSON());
    expect(Object.entries(fromView)).toEqual(Object.entries(fromStored));
    // The same session hash, so @fastify/session decides "modified" alike.
    expect(persistedHash(fromView)).toBe(persistedHash(fromStored));
    expect(fromView.isModified()).toBe(false);
    // The stored data itself is left as it was (the lab's session inspector shows it).
    expect(stored).toEqual(JSON.parse(JSON.stringify({ cookie, ...data })));
  });

  it('is built once per stored data object', () => {
    const stored = JSON.parse(JSON.stringify({ cookie: records[0]![1], ...data })) as LabSessionData;
    expect(sessionViewOf(stored)).toBe(sessionViewOf(stored));
  });
});
