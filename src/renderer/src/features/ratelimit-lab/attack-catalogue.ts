import type { AttackEntry } from '../../components/attack-catalogue';
import { bruteForceOneAccount, sprayWithRotatingIps } from './ratelimit-attacks';

/** The rate-limit lab's attacks, one per toggle; each runs real logins from this page against a throwaway victim. */
export const RATELIMIT_ATTACKS: AttackEntry[] = [
  {
    id: 'ratelimit-brute-force',
    title: 'Brute-force one account with a word list',
    step: 'per-account',
    toggles: ['ratelimit.login'],
    how: [
      'The lab registers a throwaway victim, so no demo account is locked.',
      'The page sends 30 guesses from the shipped word list to POST /api/session/login as fast as the server answers; the real password is the 12th.',
      'Each answer is recorded: 401 (checked, wrong), 429 (refused unchecked) or 200 (found).',
    ],
    defence:
      'After 5 failures in 15 minutes the account answers 429 with Retry-After, even to the right password, so a word list gets 5 guesses per window instead of thousands.',
    note: 'Afterwards the lab gives back the counters this run used, so your own logins are not throttled.',
    run: ({ progress }) => bruteForceOneAccount((tried, total) => progress({ tried, total })),
  },
  {
    id: 'ratelimit-xff-spray',
    title: 'Spray a leaked list, a new X-Forwarded-For per request',
    step: 'xff',
    toggles: ['ratelimit.ignoreForwardedFor'],
    how: [
      'A leaked list of 60 accounts with one password each (credential stuffing): the per-account key sees one failure per account.',
      'Every request claims a new client IP in X-Forwarded-For (198.51.100.x, 203.0.113.x).',
      'The victim’s real pair is the 55th line, past the per-IP limit of 50.',
    ],
    defence:
      'The server ignores X-Forwarded-For unless a configured proxy sent it, so all 60 requests count against this one machine: the 51st is refused.',
    note: 'Needs ratelimit.login on: with no failed-login limit at all there is nothing to walk past.',
    precondition: (get) =>
      get().meta?.toggles['ratelimit.login'] === false
        ? 'Turn ratelimit.login back on first: with no failed-login limit, this attack shows nothing about X-Forwarded-For.'
        : null,
    run: ({ progress }) => sprayWithRotatingIps((tried, total) => progress({ tried, total })),
  },
];
