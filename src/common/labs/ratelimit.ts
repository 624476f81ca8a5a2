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
        'Failed logins are limited per account (5 in 15 minutes) and per IP (50), on every login route; a success does not count',
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
        'After 5 failures in 15 minutes the account answers 429 with Retry-After, even to the right password, so a word list gets 5 guesses per window instead of thousands.',
      note: 'Afterwards the lab gives back the counters this run used, so your own logins are not throttled.',
      walkthrough: {
        goal: 'Guess your way into an account by sending wrong passwords until the right one, and see whether the server lets you keep going.',
        steps: [
          {
            id: 'register',
            task: 'Register a throwaway account to attack, with a password you choose, so no demo account gets throttled.',
            hint: 'POST /api/auth/register takes {"email", "password"} as JSON and answers 202 whatever happens.',
            answer:
              'curl -s http://127.0.0.1:4010/api/auth/register -H \'content-type: application/json\' -d \'{"email": "target@ratelimit-lab.test", "password": "plum-orbit-canvas-42"}\'',
          },
          {
            id: 'guess',
            task: 'Send at least five wrong passwords for that account to POST /api/session/login, then the right one, and watch the status codes.',
            hint: 'A loop over a few words from the word list (GET /api/lab/jwt/wordlist) does it; print only the status with -w.',
            answer:
              'for pw in 123456 password qwerty letmein dragon plum-orbit-canvas-42; do curl -s -o /dev/null -w \'%{http_code}\\n\' http://127.0.0.1:4010/api/session/login -H \'content-type: application/json\' -d "{\\"email\\": \\"target@ratelimit-lab.test\\", \\"password\\": \\"$pw\\"}"; done',
          },
          {
            id: 'clean-up',
            task: 'Give the failed-login counters back, so your own address is not left throttled.',
            hint: 'The lab’s reset helper clears the failed-login counters: POST /api/lab/ratelimit/reset with {"scope": "login"}.',
            answer:
              'curl -s http://127.0.0.1:4010/api/lab/ratelimit/reset -H \'content-type: application/json\' -d \'{"scope": "login"}\'',
          },
        ],
      },
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
      walkthrough: {
        goal: 'Send more than 50 failed logins from this one machine, each claiming a new client IP in X-Forwarded-For, and see whether the per-IP limit notices.',
        steps: [
          {
            id: 'whoami',
            task: 'Ask the server who it thinks you are while claiming another address in X-Forwarded-For.',
            hint: 'GET /api/lab/ratelimit/client answers with the address every limit keys on.',
            answer: "curl -s http://127.0.0.1:4010/api/lab/ratelimit/client -H 'X-Forwarded-For: 203.0.113.7'",
          },
          {
            id: 'spray',
            task: 'Stuff 55 leaked pairs into POST /api/session/login, a different account and a new X-Forwarded-For on every request, and watch for the 51st answer.',
            hint: 'Use addresses from the documentation ranges (203.0.113.x, 198.51.100.x) and made-up accounts, so only the per-IP limit can stop you.',
            answer:
              'for i in $(seq 1 55); do curl -s -o /dev/null -w \'%{http_code} \' http://127.0.0.1:4010/api/session/login -H \'content-type: application/json\' -H "X-Forwarded-For: 203.0.113.$i" -d "{\\"email\\": \\"leaked-$i@breach.example\\", \\"password\\": \\"Winter2024!\\"}"; done',
          },
          {
            id: 'clean-up',
            task: 'Give the failed-login counters back, so your own address is not left throttled for 15 minutes.',
            hint: 'POST /api/lab/ratelimit/reset with {"scope": "login"}.',
            answer:
              'curl -s http://127.0.0.1:4010/api/lab/ratelimit/reset -H \'content-type: application/json\' -d \'{"scope": "login"}\'',
          },
        ],
      },
    },
  ],
} as const satisfies LabDeclaration;
