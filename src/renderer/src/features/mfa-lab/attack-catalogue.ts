import type { ToggleName } from '../../../../common/toggles';
import type { MfaAttackId } from './types';

export interface MfaAttackInfo {
  id: MfaAttackId;
  title: string;
  /** The canonical step name of `#/mfa-lab/<step>` that lands on this attack, if any. */
  step?: string;
  toggles: ToggleName[];
  plan: string[];
  note: string;
}

/** The four 2FA attacks of the MFA lab, each with the defence it tests. */
export const MFA_ATTACKS: MfaAttackInfo[] = [
  {
    id: 'replay',
    title: 'Replay a code',
    step: 'replay',
    toggles: ['mfa.replayProtection'],
    plan: [
      'The lab makes a victim account with MFA on (its password is the attacker\u2019s, from a breach).',
      'The victim logs in with a code from the authenticator.',
      'The attacker, who saw that code over the victim\u2019s shoulder, logs in with the password and types the same code.',
    ],
    note: 'A code stays inside the server\u2019s window for up to 90 s (the current step and one either side), so "it expires in 30 s" is not a defence by itself.',
  },
  {
    id: 'brute-force',
    title: 'Brute-force the 6-digit code',
    step: 'brute-force',
    toggles: ['mfa.attemptLimit'],
    plan: [
      'The attacker knows the victim\u2019s password, so the password step gives a pending MFA ticket.',
      'The page sends wrong guesses as fast as it can (about 80), counting attempts and measuring the rate.',
      'If the ticket is still alive after that, the page sends the right code once, to show the server would still accept it.',
    ],
    note: 'The lab skips the 3 codes that are right at the moment, so you see the limit at work rather than luck. A real attacker needs about 333,000 guesses on average (3 accepted codes out of 1,000,000).',
  },
  {
    id: 'bind-ticket',
    title: '2FA bypass: skip the code, or finish with another user\u2019s ticket',
    toggles: ['mfa.bindTicket'],
    plan: [
      'The attacker has the victim\u2019s password, not the victim\u2019s phone, and an account of their own with MFA.',
      'Skip: after the password step, does the server already treat the browser as signed in?',
      'Swap: finish the victim\u2019s pending ticket with the attacker\u2019s own code, naming the attacker\u2019s account in the request.',
    ],
    note: 'Both are real bugs from real sites: a session that counts as signed in before the second factor, and a second step that checks the code of whoever the request names.',
  },
  {
    id: 'step-up',
    title: 'Send money on an old login',
    step: 'step-up',
    toggles: ['mfa.stepUp'],
    plan: [
      'The attacker holds a valid access token of user@authlab.test (copied from a shared machine or a log).',
      'They call POST /api/bank/transfer with it, without knowing the password or a code.',
      'Then the victim shows the normal path: a step-up with the password, and the transfer goes through.',
    ],
    note: 'The token proves a login happened, not that it was recent or that the person is still there. Step-up asks for proof again, within 5 minutes of the lab clock.',
  },
];
