import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { LabHarness } from './harness';

export { setToggles, withTogglesOff } from './shared';

/** A fresh account, so tests do not share passwords or reset links. */
export async function freshAccount(h: LabHarness): Promise<{ email: string; password: string }> {
  const email = `pw-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  expect((await h.call('POST', '/api/auth/register', { json: { email, password } })).status).toBe(202);
  return { email, password };
}

export const forgot = (h: LabHarness, email: string, headers: Record<string, string> = {}) =>
  h.call('POST', '/api/password/forgot', { json: { email }, headers });

export const reset = (h: LabHarness, token: string, password: string) =>
  h.call('POST', '/api/password/reset', { json: { token, password } });

/** The newest mail to this address, from the lab inbox. */
export async function lastMailTo(h: LabHarness, email: string) {
  const inbox = await h.call('GET', '/api/lab/inbox');
  return (inbox.body as Array<{ to: string; subject: string; text: string; links: string[] }>).find(
    (m) => m.to === email,
  );
}

/** The reset link mailed to this address, and the token in it. */
export async function mailedLink(h: LabHarness, email: string): Promise<{ link: URL; token: string }> {
  const mail = await lastMailTo(h, email);
  expect(mail?.subject).toBe('Reset your Auth Lab password');
  const link = new URL(mail!.links[0]!);
  const token = new URLSearchParams(link.hash.split('?')[1]).get('token')!;
  return { link, token };
}
