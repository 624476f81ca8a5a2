import type { LabContext } from './context';
import { LabError } from './errors';
import type { ScriptedBrowser } from './scripted-browser';

/** The demo account the session and JWT attack runners sign in as: the victim. */
export const VICTIM_EMAIL = 'user@authlab.test';

export function demoVictim(ctx: LabContext, email = VICTIM_EMAIL): { email: string; password: string } {
  const account = ctx.users.demoAccounts().find((a) => a.email === email);
  if (!account) throw new LabError(409, 'conflict', `The demo account ${email} is missing: reset the lab.`);
  return { email: account.email, password: account.password };
}

export type VictimStopReason = 'mfa_required' | 'throttled' | 'refused';

const STOP_MESSAGES: Record<VictimStopReason, (email: string, detail: string) => string> = {
  mfa_required: (email) =>
    `${email} has MFA on, so a password alone signs nobody in and the scripted victim has no code. Turn MFA off for ${email} in the MFA lab, then run the attack again.`,
  throttled: (email, detail) =>
    `Sign-ins for ${email} are throttled: ${detail} Reset the counters (rate-limit lab) or move the lab clock past the wait, then run the attack again.`,
  refused: (email, detail) => `The lab refused the sign-in for ${email}: ${detail}`,
};

/**
 * The scripted victim could not sign in (MFA on, throttled, refused). That
 * proves nothing about the defence under test, so the run stops and says so,
 * instead of reporting the attack as blocked.
 */
export class VictimSignInStopped extends LabError {
  constructor(
    readonly reason: VictimStopReason,
    readonly email: string,
    detail = '',
  ) {
    super(409, 'conflict', `Could not run: ${STOP_MESSAGES[reason](email, detail)}`, { reason, account: email });
  }
}

/**
 * A password sign-in the way the lab's page does it: JSON to `/api/<lab>/login`
 * in the victim's browser, so any cookie it sets lands in that browser's jar.
 * Returns the answer's body; throws VictimSignInStopped when no one got signed in.
 */
export async function signInVictim(
  browser: ScriptedBrowser,
  loginUrl: string,
  account: { email: string; password: string },
): Promise<Record<string, unknown>> {
  const answer = await browser.request('POST', loginUrl, {
    json: { email: account.email, password: account.password },
  });
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    // Not JSON: the status says enough.
  }
  if (answer.status === 429) throw new VictimSignInStopped('throttled', account.email, String(body.message ?? ''));
  if (answer.status !== 200)
    throw new VictimSignInStopped('refused', account.email, `${answer.status} ${String(body.error ?? '')}`.trim());
  if (body.requiresMfa === true) throw new VictimSignInStopped('mfa_required', account.email);
  return body;
}

/** Puts the lab clock back at the offset it had, after a runner moved it (it only moves forward or back to 0). */
export function restoreClock(ctx: LabContext, offsetMs: number): void {
  ctx.clock.reset();
  if (offsetMs > 0) ctx.clock.advance(offsetMs);
}
