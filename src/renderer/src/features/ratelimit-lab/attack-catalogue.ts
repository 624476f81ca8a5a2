import { RATELIMIT_LAB } from '../../../../common/labs';
import { withRunners, type AttackRunners } from '../../components/attack-catalogue';
import { bruteForceOneAccount, sprayWithRotatingIps } from './ratelimit-attacks';

/** How each attack runs: real logins from this page against a throwaway victim (declared in common/labs/ratelimit.ts). */
const RUNNERS: AttackRunners<typeof RATELIMIT_LAB> = {
  'ratelimit-brute-force': {
    run: ({ progress }) => bruteForceOneAccount((tried, total) => progress({ tried, total })),
  },
  'ratelimit-xff-spray': {
    precondition: (get) =>
      get().meta?.toggles['ratelimit.login'] === false
        ? 'Turn ratelimit.login back on first: with no failed-login limit, this attack shows nothing about X-Forwarded-For.'
        : null,
    run: ({ progress }) => sprayWithRotatingIps((tried, total) => progress({ tried, total })),
  },
};

/** The rate-limit lab's attacks, one per toggle. */
export const RATELIMIT_ATTACKS = withRunners(RATELIMIT_LAB, RUNNERS);
