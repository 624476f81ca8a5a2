import { weakPasswordHash } from '../../../crypto/weak-password-hash';
import { cannotRun, noteThrowaway, type ServerAttack } from '../../attack-kit';
import { appApi, tag, type AppApi } from './scene';

/** How many words of the list the run considers: the most common come first, and a run must stay quick. */
const WORDS_TRIED = 2000;

/** A word of the list the password policy lets through: the deny-list holds breached passwords, not every word. */
async function listedPasswordThePolicyAccepts(api: AppApi, words: readonly string[]): Promise<string> {
  for (const word of words.filter((w) => [...w].length >= 8).slice(0, 60)) {
    const verdict = await api.post('/api/lab/password/strength', { password: word });
    if (verdict.body.acceptable === true) return word;
  }
  throw cannotRun('no word of the list passes the password policy.');
}

/**
 * The offline attack on a leaked users table: a real account registers with
 * a listed word, the attacker reads the row and SHA-256es the word list
 * against it. Against a bcrypt string no word matches.
 */
export const offlineCrack: ServerAttack = {
  async run(run) {
    const api = appApi(run);
    const list = await api.get('/api/lab/jwt/wordlist');
    const words = (Array.isArray(list.body.words) ? (list.body.words as string[]) : []).slice(0, WORDS_TRIED);
    if (!words.length) throw cannotRun('could not load the word list.');
    const password = await listedPasswordThePolicyAccepts(api, words);
    const email = `crack-${tag()}@example.test`;
    noteThrowaway(run, email);
    const registered = await api.post('/api/auth/register', { email, password });
    if (registered.status !== 202)
      throw cannotRun(`could not register: ${registered.body.message ?? registered.status}`);
    run.say(`A new user, ${email}, registered with a word from a common list.`);
    const row = await api.get(`/api/lab/password/stored?email=${encodeURIComponent(email)}`);
    const stored = String(row.body.stored ?? '');
    if (!stored) throw cannotRun('the account was not stored.');
    run.say(`The attacker copies the users table from a leaked backup: the row holds ${stored.slice(0, 20)}…`);
    const started = performance.now();
    const found = words.find((word) => weakPasswordHash(word) === stored);
    run.say(`SHA-256 of up to ${words.length} listed words: ${Math.round(performance.now() - started)} ms.`);
    if (!found) {
      return { succeeded: false, summary: 'No word matches: the row is a salted, peppered bcrypt string.' };
    }
    const login = await api.login(email, found);
    run.say(`"${found}" matches. Signing in with it: ${login.status}.`);
    return {
      succeeded: login.status === 200,
      summary: `The row was an unsalted SHA-256: the word list gave back "${found}".`,
    };
  },
};
