import { answerOf } from '../../api/client';
import type { AttackResult } from '../../components/attack-catalogue';
import { giveBackFailures } from './enumeration-probes';
import { WITHOUT_SESSION } from './password-answers';

/** The attacker's short list: the most common passwords of breach corpora, fewer than the 5 failed logins an account takes. */
const SPRAYED = ['password', '12345678', 'football', 'password1'];
const VICTIM_CHOICE = 'password1';

const random = () => crypto.getRandomValues(new Uint32Array(2)).join('').slice(0, 10);

/** A user picks a password every list holds; the attacker tries just those. */
export async function runPasswordSpray(): Promise<AttackResult> {
  const email = `spray-${random()}@example.test`;
  const register = (password: string) =>
    answerOf('POST /api/auth/register', { body: { email, password }, ...WITHOUT_SESSION });
  const first = await register(VICTIM_CHOICE);
  const steps = [`A new user registers ${email} with "${VICTIM_CHOICE}": ${first.status} ${first.body.error ?? ''}`];
  if (first.status !== 202) {
    const second = await register(`own words ${random()} spring`);
    steps.push(`Refused as a breached password, the user picks one of their own: ${second.status}.`);
    if (second.status !== 202) throw new Error(`Could not register: ${second.body.message ?? second.status}`);
  }
  let found: string | undefined;
  try {
    for (const guess of SPRAYED) {
      const login = await answerOf('POST /api/session/login', {
        body: { email, password: guess },
        ...WITHOUT_SESSION,
      });
      steps.push(`The attacker tries "${guess}": ${login.status} ${login.body.error ?? ''}`);
      if (login.status === 200) {
        found = guess;
        break;
      }
    }
  } finally {
    await giveBackFailures([email]);
  }
  return found
    ? {
        succeeded: true,
        summary: `The account fell to "${found}", one of the ${SPRAYED.length} most common passwords.`,
        steps,
        verdict:
          'accounts.passwordDenyList is off: registration took a password every breach list holds, so a spray of a few guesses, under any per-account limit, opened the account.',
      }
    : {
        succeeded: false,
        summary: `None of the ${SPRAYED.length} most common passwords opened the account.`,
        steps,
        verdict:
          'Registration refused the breached password (accounts.passwordDenyList), so the account holds one no spray list starts with.',
      };
}
