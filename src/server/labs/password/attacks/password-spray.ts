import { cannotRun, noteThrowaway, type ServerAttack } from '../../attack-kit';
import { appApi, tag } from './scene';

/**
 * The attacker's short list: the most common passwords of breach corpora, in
 * order. Four guesses per account stay under the failed-login limit (5 per
 * account in 15 minutes), which is why a spray tries few passwords on many accounts.
 */
export const SPRAYED_PASSWORDS = ['password', '12345678', 'football', 'password1'] as const;

/** What the victim tries first: a password every list holds. */
const VICTIM_CHOICE = 'password1';

/**
 * A password spray: a user picks one of the most common passwords, and the
 * attacker tries exactly those against the account. With the deny-list on,
 * registration refuses that choice, so the user ends up with one no list holds.
 */
export const passwordSpray: ServerAttack = {
  async run(run) {
    const api = appApi(run);
    const email = `spray-${tag()}@example.test`;
    noteThrowaway(run, email);
    const first = await api.post('/api/auth/register', { email, password: VICTIM_CHOICE });
    run.say(`A new user registers ${email} with "${VICTIM_CHOICE}": ${first.status} ${first.body.error ?? ''}`.trim());
    if (first.status !== 202) {
      const second = await api.post('/api/auth/register', { email, password: `own words ${tag()} spring` });
      run.say(`Refused as a breached password, the user picks one of their own: ${second.status}.`);
      if (second.status !== 202) throw cannotRun(`could not register: ${second.body.message ?? second.status}`);
    }
    let found: string | undefined;
    try {
      for (const guess of SPRAYED_PASSWORDS) {
        const login = await api.login(email, guess);
        run.say(`The attacker tries "${guess}": ${login.status} ${login.code}.`);
        if (login.status === 429)
          throw cannotRun(
            'the login is throttling this IP. Reset the counters (rate-limit lab) or move the lab clock.',
            { reason: 'throttled' },
          );
        if (login.status === 200) {
          found = guess;
          break;
        }
        // Given back guess by guess: a right password later forgets this address's count, not the account's or the IP's.
        await api.giveBackFailures([email]);
      }
    } finally {
      await api.giveBackFailures([email]);
    }
    return {
      succeeded: found !== undefined,
      summary: found
        ? `The account fell to the ${SPRAYED_PASSWORDS.indexOf(found as never) + 1}. most common password, "${found}".`
        : `None of the ${SPRAYED_PASSWORDS.length} most common passwords opened the account.`,
    };
  },
};
