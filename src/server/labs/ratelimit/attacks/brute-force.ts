import type { ServerAttack } from '../../attack-kit';
import { runGuessAttack } from './guess-run';

/**
 * Brute force of one account with the shipped word list; the real password is
 * the 12th guess. One request at a time: the per-account limit is the lesson.
 */
export const bruteForce: ServerAttack = {
  async run(run) {
    const outcome = await runGuessAttack(run, {
      plan: { target: 'one', ip: 'real', source: 'wordlist' },
      count: 30,
      position: 12,
      parallel: 1,
    });
    if (outcome.found) run.say(`Guess 12 signed in as ${outcome.victim}: the account is taken over.`);
    else run.say('The real password (guess 12) was refused before the server even checked it.');
    return {
      succeeded: outcome.found !== null,
      summary: outcome.found
        ? 'The word list found the password: nothing limited the guesses.'
        : 'The account was throttled after 5 failures; the right password came too late.',
    };
  },
};
