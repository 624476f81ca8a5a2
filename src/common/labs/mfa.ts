import type { LabDeclaration } from '../lab-registry';
import {
  MFA_BIND_TICKET_WALKTHROUGH,
  MFA_BRUTE_FORCE_WALKTHROUGH,
  MFA_REPLAY_WALKTHROUGH,
  MFA_STEP_UP_WALKTHROUGH,
} from './mfa-walkthroughs';

/** The MFA lab: TOTP, recovery codes, step-up, and the attacks on a second factor. */
export const MFA_LAB = {
  id: 'mfa-lab',
  title: 'MFA lab',
  steps: ['enroll', 'drift', 'replay', 'brute-force', 'recovery-codes', 'step-up'],
  toggles: [
    {
      name: 'mfa.replayProtection',
      label: 'A TOTP code whose time step was already accepted is refused',
      whenOff:
        'A code seen over a shoulder, in a screenshot or in a log works again for as long as it is in the window.',
      source: 'RFC 6238 §5.2; OWASP ASVS 5.0 V6.5.1',
    },
    {
      name: 'mfa.attemptLimit',
      label: 'About 5 wrong codes end a pending MFA login, and wrong codes are counted per account',
      whenOff:
        'An attacker who knows the password can try all 10^6 codes; at a few hundred guesses a second that takes hours, not years.',
      source: 'RFC 6238 §5.2; RFC 4226 §7.3; OWASP ASVS 5.0 V6.3.1',
    },
    {
      name: 'mfa.bindTicket',
      label: 'A password-only half-login reaches nothing, and its MFA ticket finishes only its own user and login path',
      whenOff:
        "The password step already signs the session in (skip the code page), and a victim's ticket can be finished with the attacker's own code.",
      source: 'OWASP ASVS 5.0 V6.3.3; OWASP Multifactor Authentication Cheat Sheet',
    },
    {
      name: 'mfa.stepUp',
      label: 'A sensitive action needs an authentication within the last 5 minutes (step-up)',
      whenOff:
        'A session or token from an old login (a borrowed laptop, a stolen cookie) can send money, or add its own authenticator, without proving anything again.',
      source: 'OWASP ASVS 5.0 V7.5.3, V7.5.1 (before an MFA change); NIST SP 800-63B §7.2 (reauthentication)',
    },
  ],
  attacks: [
    {
      id: 'mfa-replay',
      title: 'Replay a code',
      defeats: ['mfa.replayProtection'],
      step: 'replay',
      difficulty: 'beginner',
      references: ['RFC 6238 §5.2', 'OWASP ASVS 5.0 V6.5.1'],
      how: [
        'The lab makes a victim account with MFA on (its password is the attacker\u2019s, from a breach).',
        'The victim logs in with a code from the authenticator.',
        'The attacker, who saw that code over the victim\u2019s shoulder, logs in with the password and types the same code.',
      ],
      defence:
        'The server keeps the last time step each account spent and accepts only later ones (RFC 6238 §5.2), so a code works once.',
      note: 'A code stays inside the server\u2019s window for up to 90 s (the current step and one either side), so "it expires in 30 s" is not a defence by itself.',
      walkthrough: MFA_REPLAY_WALKTHROUGH,
    },
    {
      id: 'mfa-brute-force',
      title: 'Brute-force the 6-digit code',
      defeats: ['mfa.attemptLimit'],
      step: 'brute-force',
      difficulty: 'practitioner',
      references: ['RFC 6238 §5.2', 'RFC 4226 §7.3', 'OWASP ASVS 5.0 V6.3.1'],
      how: [
        'The attacker knows the victim\u2019s password, so the password step gives a pending MFA ticket.',
        'The page sends wrong guesses as fast as it can (about 80), counting attempts and measuring the rate.',
        'If the ticket is still alive after that, the page sends the right code once, to show the server would still accept it.',
      ],
      defence:
        'About 5 wrong codes end the pending login, and an account takes at most 10 wrong codes per 15 minutes, so 10^6 codes are out of reach.',
      note: 'The lab skips the 3 codes that are right at the moment, so you see the limit at work rather than luck. A real attacker needs about 333,000 guesses on average (3 accepted codes out of 1,000,000).',
      walkthrough: MFA_BRUTE_FORCE_WALKTHROUGH,
    },
    {
      id: 'mfa-bind-ticket',
      title: '2FA bypass: skip the code, or finish with another user\u2019s ticket',
      defeats: ['mfa.bindTicket'],
      step: null,
      difficulty: 'expert',
      references: ['OWASP ASVS 5.0 V6.3.3', 'OWASP Multifactor Authentication Cheat Sheet'],
      how: [
        'The attacker has the victim\u2019s password, not the victim\u2019s phone, and an account of their own with MFA.',
        'Skip: after the password step, does the server already treat the browser as signed in?',
        'Swap: finish the victim\u2019s pending ticket with the attacker\u2019s own code, naming the attacker\u2019s account in the request.',
      ],
      defence:
        'The password alone reaches nothing, and the ticket is bound to the user who passed the password step and to its login path.',
      note: 'Both are real bugs from real sites: a session that counts as signed in before the second factor, and a second step that checks the code of whoever the request names.',
      walkthrough: MFA_BIND_TICKET_WALKTHROUGH,
    },
    {
      id: 'mfa-step-up',
      title: 'Send money on an old login',
      defeats: ['mfa.stepUp'],
      step: 'step-up',
      difficulty: 'practitioner',
      references: ['OWASP ASVS 5.0 V7.5.3', 'NIST SP 800-63B §7.2'],
      how: [
        'The attacker holds a valid access token of user@authlab.test (copied from a shared machine or a log).',
        'They call POST /api/bank/transfer with it, without knowing the password or a code.',
        'Then the victim shows the normal path: a step-up with the password, and the transfer goes through.',
      ],
      defence:
        'Moving money needs an authentication in the last 5 minutes: a password or a code again, on top of the login.',
      note: 'The token proves a login happened, not that it was recent or that the person is still there. Step-up asks for proof again, within 5 minutes of the lab clock.',
      walkthrough: MFA_STEP_UP_WALKTHROUGH,
    },
  ],
} as const satisfies LabDeclaration;
