import type { AttackContext, AttackResult } from '../../components/attack-catalogue';
import { crackSha256, humanDuration } from './offline-crack';
import { answerOf } from '../../api/client';
import { WITHOUT_SESSION } from './password-answers';

/** The size of a real breached-password list an attacker would run next. */
const BIG_LIST = 1e9;
const COST_CHART_MAX = 14;

const random = () => crypto.getRandomValues(new Uint32Array(2)).join('').slice(0, 10);

/**
 * A word of the shipped list that the password policy lets through: the
 * deny-list holds breached passwords, not every word an attacker will try.
 */
async function listedPasswordThePolicyAccepts(words: readonly string[]): Promise<string> {
  for (const word of words.filter((w) => [...w].length >= 8).slice(0, 60)) {
    const verdict = await answerOf('POST /api/lab/password/strength', { body: { password: word }, ...WITHOUT_SESSION });
    if (verdict.body.acceptable) return word;
  }
  throw new Error('No word of the list passes the password policy.');
}

/**
 * The offline cracking demo: a real account registers through the real route,
 * the attacker reads what the users table holds and runs the shipped word
 * list against it in this browser.
 */
export async function runOfflineCrack(ctx: AttackContext): Promise<AttackResult> {
  const steps: string[] = [];
  const words = (await answerOf('GET /api/lab/jwt/wordlist', WITHOUT_SESSION)).body.words ?? [];
  if (!words.length) throw new Error('Could not load the word list.');
  const password = await listedPasswordThePolicyAccepts(words);
  const email = `crack-${random()}@example.test`;
  const registered = await answerOf('POST /api/auth/register', { body: { email, password }, ...WITHOUT_SESSION });
  if (registered.status !== 202) throw new Error(`Could not register: ${registered.body.message ?? registered.status}`);
  steps.push(`A new user, ${email}, registered with a word from a common list (the deny-list did not have it).`);

  const stored = (await answerOf('GET /api/lab/password/stored', { query: { email }, ...WITHOUT_SESSION })).body;
  if (!stored.stored) throw new Error('The account was not stored.');
  steps.push(`The attacker copies the users table from a leaked backup. The row holds: ${stored.stored}`);

  const stolen = stored.scheme === 'sha256' ? stored.stored.slice('sha256$'.length) : stored.stored;
  const crack = await crackSha256(stolen, words, { onProgress: ctx.progress });
  // A rate from a handful of guesses is noise; it is shown once the sweep is long enough to mean something.
  const perSecond = Math.round((crack.tried / Math.max(crack.ms, 1)) * 1000);
  const rate = crack.tried >= 1000 ? ` (about ${perSecond.toLocaleString('en')} a second)` : '';
  steps.push(
    `SHA-256 of the words of the list (${words.length.toLocaleString('en')}, most common first), in this browser tab: ${crack.tried.toLocaleString('en')} tried in ${Math.round(crack.ms)} ms${rate}.`,
  );

  if (crack.word) {
    const login = await answerOf('POST /api/session/login', {
      body: { email, password: crack.word },
      ...WITHOUT_SESSION,
    });
    steps.push(`"${crack.word}" matches. Signing in with it: ${login.status}.`);
    return {
      succeeded: login.status === 200,
      summary: `The password is "${crack.word}", found after ${crack.tried} guesses.`,
      steps,
      verdict:
        'The row held an unsalted SHA-256: one fast hash per guess, and the same hash for everyone with that password. A GPU does billions a second, so every password on any list falls at once.',
    };
  }

  steps.push('No word matches: the row is a bcrypt string, not the SHA-256 of anything.');
  const cost = stored.cost ?? 12;
  const measured = await answerOf('POST /api/lab/password/cost', {
    body: { cost: Math.min(cost, COST_CHART_MAX) },
    ...WITHOUT_SESSION,
  });
  const msPerGuess = measured.body.ms ?? 0;
  steps.push(`One bcrypt guess at cost ${cost}, measured on this machine just now: ${msPerGuess} ms.`);
  return {
    succeeded: false,
    summary: 'The word list found nothing in a bcrypt hash.',
    steps,
    verdict: `Even an attacker who does bcrypt must pay ${msPerGuess} ms per guess here: ${humanDuration(words.length * msPerGuess)} for this small list, again for every account (each row has its own salt), and ${humanDuration(BIG_LIST * msPerGuess)} for a list of a billion breached passwords. And bcrypt was given HMAC-SHA-256(pepper, password): the pepper lives in pepper.key in the data dir, not in the database, so the copied table alone cannot test a single guess.`,
  };
}
