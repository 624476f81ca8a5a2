import { generateSync } from 'otplib';
import type { LabHarness } from './harness';

/** What every lab's tests share: demo accounts, toggles, the lab clock's TOTP. */
export function demoAccount(h: LabHarness, email: string) {
  const account = h.lab.context.users.demoAccounts().find((a) => a.email === email);
  if (!account) throw new Error(`no demo account ${email}`);
  return account;
}

export const demoPassword = (h: LabHarness, email: string) => demoAccount(h, email).password;

export const totpNow = (h: LabHarness, secret: string) =>
  generateSync({ secret, epoch: h.lab.context.clock.epochSeconds() });

export async function setToggles(h: LabHarness, toggles: Record<string, boolean>): Promise<void> {
  const res = await h.call('PUT', '/api/lab/toggles', { json: toggles });
  if (res.status !== 200) throw new Error(`toggles: ${res.status} ${res.text}`);
}

/** Turns every defence back on, whatever a test switched off. */
export async function turnEveryDefenceOn(h: LabHarness): Promise<void> {
  const { body } = await h.call('GET', '/api/lab/toggles');
  await setToggles(h, Object.fromEntries(Object.keys(body).map((name) => [name, true])));
}

/** Runs `body` with some defences off, and always turns them back on. */
export async function withTogglesOff(h: LabHarness, names: string[], body: () => Promise<void>): Promise<void> {
  await setToggles(h, Object.fromEntries(names.map((n) => [n, false])));
  try {
    await body();
  } finally {
    await setToggles(h, Object.fromEntries(names.map((n) => [n, true])));
  }
}
