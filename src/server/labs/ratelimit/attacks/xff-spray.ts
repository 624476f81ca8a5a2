import type { ServerAttack } from '../../attack-kit';
import { runGuessAttack } from './guess-run';

/**
 * Credential stuffing from one machine: 60 leaked pairs, a new fake
 * X-Forwarded-For on each request, the victim's real pair 55th (past the
 * per-IP limit of 50). Eight requests at a time, as stuffing tools send them (the server still counts each one before checking it).
 */
export const xffSpray: ServerAttack = {
  async run(run) {
    const outcome = await runGuessAttack(run, {
      plan: { target: 'many', ip: 'rotating', source: 'wordlist' },
      count: 60,
      position: 55,
      parallel: 8,
    });
    if (outcome.found) run.say(`Pair 55 signed in as ${outcome.victim}: every fake IP counted as a new client.`);
    else run.say('The victim’s pair (55th) was refused: all the requests counted against this one machine.');
    return {
      succeeded: outcome.found !== null,
      summary: outcome.found
        ? 'Every fake IP was a new client: the per-IP limit never fired.'
        : 'The per-IP limit saw one client and stopped it after 50 failures.',
    };
  },
};
