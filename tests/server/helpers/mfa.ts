import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { totpCode } from '../../../src/server/auth/totp';
import type { LabHarness } from './harness';
import { cookieHeaderFrom, sessionSetCookie } from './session';

export interface MfaUser {
  email: string;
  password: string;
  /** Cookie + x-csrf-token of a live session. */
  headers: Record<string, string>;
  secret?: string;
  recoveryCodes?: string[];
}

/** The TOTP code of this moment on the lab clock, or `steps` periods away. */
export const codeAt = (h: LabHarness, secret: string, steps = 0) =>
  totpCode(secret, h.lab.context.clock.epochSeconds() + steps * 30);

/** Moves the lab clock to the next 30 s step, so a fresh code is not a replay of the last one. */
export const nextStep = (h: LabHarness, steps = 1) =>
  h.call('POST', '/api/lab/clock', { json: { advanceMs: steps * 30_000 } });

export const sessionHeaders = (headers: Headers, csrfToken: string) => ({
  cookie: cookieHeaderFrom(sessionSetCookie(headers)!),
  'x-csrf-token': csrfToken,
});

/** A fresh account (so tests do not share MFA state), signed in to the session lab. */
export async function freshUser(h: LabHarness): Promise<MfaUser> {
  const email = `mfa-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  expect((await h.call('POST', '/api/auth/register', { json: { email, password } })).status).toBe(202);
  const res = await h.call('POST', '/api/session/login', { json: { email, password } });
  expect(res.status).toBe(200);
  return { email, password, headers: sessionHeaders(res.headers, res.body.csrfToken) };
}

export const post = (h: LabHarness, user: Pick<MfaUser, 'headers'>, path: string, json: unknown = {}) =>
  h.call('POST', path, { json, headers: user.headers });

/** Setup + verify: MFA on, recovery codes kept on the user. */
export async function enroll(h: LabHarness, user: MfaUser): Promise<MfaUser> {
  const setup = await post(h, user, '/api/mfa/setup');
  expect(setup.status).toBe(200);
  const verify = await post(h, user, '/api/mfa/verify', { code: codeAt(h, setup.body.secret) });
  expect(verify.status).toBe(200);
  user.secret = setup.body.secret;
  user.recoveryCodes = verify.body.recoveryCodes;
  await nextStep(h);
  return user;
}

/** The password step of a login path; returns the MFA ticket. */
export async function passwordStep(h: LabHarness, user: Pick<MfaUser, 'email' | 'password'>, path = 'session') {
  const res = await h.call('POST', `/api/${path}/login`, { json: { email: user.email, password: user.password } });
  expect(res.status).toBe(200);
  expect(res.body.requiresMfa).toBe(true);
  return res.body.mfaTicket as string;
}
