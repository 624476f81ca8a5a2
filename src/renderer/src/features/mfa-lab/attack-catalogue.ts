import type { AttackEntry } from '../../components/attack-catalogue';
import { MAX_BRUTE_FORCE_GUESSES, runMfaAttack } from './mfa-attacks';
import type { MfaAttackId } from './types';

/** Runs one MFA attack with the lab's demo accounts, reporting the brute force's live counter to the MFA slice. */
const runner =
  (id: MfaAttackId): AttackEntry['run'] =>
  ({ get, set, progress }) =>
    runMfaAttack(id, {
      accounts: get().accounts,
      toggles: { ...get().meta?.toggles },
      onProgress: (p) => {
        set({ bruteProgress: p });
        progress({ tried: p.attempts, total: MAX_BRUTE_FORCE_GUESSES });
      },
    });

/** The four 2FA attacks of the MFA lab, each with the defence it tests. */
export const MFA_ATTACKS: AttackEntry[] = [
  {
    id: 'mfa-replay',
    run: runner('replay'),
    defence:
      'The server keeps the last time step each account spent and accepts only later ones (RFC 6238 §5.2), so a code works once.',
    title: 'Replay a code',
    step: 'replay',
    toggles: ['mfa.replayProtection'],
    how: [
      'The lab makes a victim account with MFA on (its password is the attacker\u2019s, from a breach).',
      'The victim logs in with a code from the authenticator.',
      'The attacker, who saw that code over the victim\u2019s shoulder, logs in with the password and types the same code.',
    ],
    note: 'A code stays inside the server\u2019s window for up to 90 s (the current step and one either side), so "it expires in 30 s" is not a defence by itself.',
  },
  {
    id: 'mfa-brute-force',
    run: runner('brute-force'),
    defence:
      'About 5 wrong codes end the pending login, and an account takes at most 10 wrong codes per 15 minutes, so 10^6 codes are out of reach.',
    title: 'Brute-force the 6-digit code',
    step: 'brute-force',
    toggles: ['mfa.attemptLimit'],
    how: [
      'The attacker knows the victim\u2019s password, so the password step gives a pending MFA ticket.',
      'The page sends wrong guesses as fast as it can (about 80), counting attempts and measuring the rate.',
      'If the ticket is still alive after that, the page sends the right code once, to show the server would still accept it.',
    ],
    note: 'The lab skips the 3 codes that are right at the moment, so you see the limit at work rather than luck. A real attacker needs about 333,000 guesses on average (3 accepted codes out of 1,000,000).',
  },
  {
    id: 'mfa-bind-ticket',
    run: runner('bind-ticket'),
    defence:
      'The password alone reaches nothing, and the ticket is bound to the user who passed the password step and to its login path.',
    title: '2FA bypass: skip the code, or finish with another user\u2019s ticket',
    step: null,
    toggles: ['mfa.bindTicket'],
    how: [
      'The attacker has the victim\u2019s password, not the victim\u2019s phone, and an account of their own with MFA.',
      'Skip: after the password step, does the server already treat the browser as signed in?',
      'Swap: finish the victim\u2019s pending ticket with the attacker\u2019s own code, naming the attacker\u2019s account in the request.',
    ],
    note: 'Both are real bugs from real sites: a session that counts as signed in before the second factor, and a second step that checks the code of whoever the request names.',
  },
  {
    id: 'mfa-step-up',
    run: runner('step-up'),
    defence:
      'Moving money needs an authentication in the last 5 minutes: a password or a code again, on top of the login.',
    title: 'Send money on an old login',
    step: 'step-up',
    toggles: ['mfa.stepUp'],
    how: [
      'The attacker holds a valid access token of user@authlab.test (copied from a shared machine or a log).',
      'They call POST /api/bank/transfer with it, without knowing the password or a code.',
      'Then the victim shows the normal path: a step-up with the password, and the transfer goes through.',
    ],
    note: 'The token proves a login happened, not that it was recent or that the person is still there. Step-up asks for proof again, within 5 minutes of the lab clock.',
  },
];
