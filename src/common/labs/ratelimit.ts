import type { LabDeclaration } from '../lab-registry';

/** The rate-limit lab: the failed-login throttle and the general limit, and the attacks that walk past weak ones. */
export const RATELIMIT_LAB = {
  id: 'ratelimit-lab',
  title: 'Rate-limit lab',
  steps: ['per-ip', 'per-account', 'failures-only', 'shared-store', 'lockout', 'stuffing', 'xff'],
  toggles: [
    {
      name: 'ratelimit.login',
      label:
        'Failed logins are limited per account from one address (5 in 15 minutes) and per IP (50), and slowed past 20 per account from everywhere, on every login route; a success does not count',
      whenOff:
        'There is no failed-login limit at all: a brute force of one account tries its whole word list until it finds the password.',
      source: 'OWASP ASVS 5.0 V6.3.1; OWASP Authentication Cheat Sheet (protect against automated attacks)',
    },
    {
      name: 'ratelimit.ignoreForwardedFor',
      label: 'X-Forwarded-For is ignored unless a configured proxy (--trust-proxy) sent the request',
      whenOff:
        'The client IP is read from X-Forwarded-For, which the client writes itself: rotating fake IPs walks past the per-IP limit (password spraying from one machine).',
      source: 'OWASP ASVS 5.0 V4.1.3; OWASP Credential Stuffing Prevention Cheat Sheet',
    },
  ],
  attacks: [
    {
      id: 'ratelimit-brute-force',
      title: 'Brute-force one account with a word list',
      defeats: ['ratelimit.login'],
      step: 'per-account',
      difficulty: 'beginner',
      references: ['OWASP ASVS 5.0 V6.3.1', 'OWASP Authentication Cheat Sheet'],
      how: [
        'The lab registers a throwaway victim, so no demo account is locked.',
        'The page sends 30 guesses from the shipped word list to POST /api/session/login as fast as the server answers; the real password is the 12th.',
        'Each answer is recorded: 401 (checked, wrong), 429 (refused unchecked) or 200 (found).',
      ],
      defence:
        'After 5 failures in 15 minutes the account answers this address 429 with Retry-After, even to the right password, so a word list gets 5 guesses per window instead of thousands; the owner on another address still signs in.',
      note: 'Afterwards the lab gives back the counters this run used, so your own logins are not throttled.',
    },
    {
      id: 'ratelimit-xff-spray',
      title: 'Stuff a leaked list of pairs, a new X-Forwarded-For per request',
      defeats: ['ratelimit.ignoreForwardedFor'],
      step: 'xff',
      difficulty: 'practitioner',
      references: ['OWASP ASVS 5.0 V4.1.3', 'OWASP Credential Stuffing Prevention Cheat Sheet'],
      how: [
        'A leaked list of 60 accounts with one password each (credential stuffing): the per-account key sees one failure per account.',
        'Every request claims a new client IP in X-Forwarded-For (198.51.100.x, 203.0.113.x).',
        'The victim’s real pair is the 55th line, past the per-IP limit of 50.',
      ],
      defence:
        'The server ignores X-Forwarded-For unless a configured proxy sent it, so all 60 requests count against this one machine: the 51st is refused.',
      note: 'Needs ratelimit.login on: with no failed-login limit at all there is nothing to walk past.',
    },
  ],
} as const satisfies LabDeclaration;
