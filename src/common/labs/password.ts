import type { LabDeclaration } from '../lab-registry';
import {
  ENUM_LOGIN_ANSWER_WALKTHROUGH,
  ENUM_LOGIN_TIMING_WALKTHROUGH,
  ENUM_REGISTER_ANSWER_WALKTHROUGH,
  OFFLINE_CRACK_WALKTHROUGH,
  PASSWORD_SPRAY_WALKTHROUGH,
  RESET_HOST_POISONING_WALKTHROUGH,
  RESET_LEAKED_TOKEN_WALKTHROUGH,
  RESET_REUSED_LINK_WALKTHROUGH,
} from './password-walkthroughs';

/** Pairs the login-timing attack measures: 5 failures on the victim, the most one account takes in a window. */
export const TIMING_PAIRS = 5;
/** How much slower the existing account's median must be for the timing attacker to call it. */
export const TELLING_RATIO = 3;

/**
 * Whether failed-login times give the account away. Either the existing
 * account's median is TELLING_RATIO times slower, or the two kinds of email
 * hardly overlap (at most 2 in 25 pairs the wrong way round) and the medians
 * are 1.5× apart: at a low bcrypt cost the gap is a millisecond, smaller than
 * the ratio rule sees but as consistent. With the dummy compare on, both
 * kinds pay one bcrypt, so neither rule fires short of a rare fluke.
 */
export function timesGiveAccountAway(known: readonly number[], unknown: readonly number[]): boolean {
  if (known.length === 0 || unknown.length === 0) return false;
  const middle = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const half = sorted.length >> 1;
    return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
  };
  const ratio = middle(known) / Math.max(middle(unknown), 0.01);
  if (ratio > TELLING_RATIO) return true;
  let slower = 0;
  for (const k of known) for (const u of unknown) if (k > u) slower++;
  return ratio >= 1.5 && slower / (known.length * unknown.length) >= 0.92;
}

/**
 * The password lab: storage, strength, reset links and account enumeration.
 * It teaches the shared account routes' defences too (`accounts.*`, `login.*`, `reset.*`).
 */
export const PASSWORD_LAB = {
  id: 'password-lab',
  title: 'Password lab',
  steps: ['hashing', 'cost', '72-bytes', 'pepper', 'strength', 'reset', 'enumeration'],
  toggles: [
    {
      name: 'password.hashing',
      label: 'Passwords are stored as salted, peppered bcrypt (slow on purpose)',
      whenOff:
        'Passwords set while it is off are stored as one fast, unsalted SHA-256: whoever copies the database tries a word list in milliseconds, and equal passwords have equal hashes.',
      source: 'OWASP Password Storage Cheat Sheet; OWASP ASVS 5.0 V6.2 and V11.4.2; NIST SP 800-63B §3.1.1.2',
    },
    {
      name: 'accounts.passwordDenyList',
      label: 'Passwords found in breach corpora are refused',
      whenOff: 'Common passwords such as "password1" are accepted, so credential stuffing and guessing succeed.',
      source: 'NIST SP 800-63B §3.1.1.2',
    },
    {
      name: 'reset.hashedToken',
      label: 'Reset tokens are stored only as a SHA-256 hash',
      whenOff:
        'Reset tokens sit in the database in clear: anyone who reads a backup or a leaked copy can reset any account with a pending link.',
      source: 'OWASP ASVS 5.0 V6.4.1; OWASP Forgot Password Cheat Sheet (store tokens securely)',
    },
    {
      name: 'reset.singleUse',
      label: 'A reset link works once, and a reset kills the user’s other links',
      whenOff:
        'A used reset link keeps working until it expires: whoever finds it later in history, logs or the mailbox sets the password again.',
      source: 'OWASP ASVS 5.0 V6.4.1; OWASP Forgot Password Cheat Sheet (single use)',
    },
    {
      name: 'reset.configuredLinkOrigin',
      renamedFrom: 'reset.trustHostHeader',
      label: 'The reset link’s origin comes from configuration, never from Host or X-Forwarded-Host',
      whenOff:
        'The link is built from the request’s X-Forwarded-Host or Host, so an attacker asks for a reset of your account and the mailed link points at their site, which captures the token (reset poisoning).',
      source: 'OWASP Forgot Password Cheat Sheet (URL tokens: do not rely on the Host header); OWASP ASVS 5.0 V6.4.3',
    },
    {
      name: 'login.uniformErrors',
      label: 'A failed login gets one answer, invalid_credentials, whether the email is unknown or the password wrong',
      whenOff:
        'An unknown email gets 401 unknown_user ("No account with this email") and a known one 401 wrong_password, so anyone can test which emails have accounts.',
      source: 'OWASP Authentication Cheat Sheet (authentication and error messages); OWASP ASVS 5.0 V6.3.8',
    },
    {
      name: 'login.constantTime',
      label: 'An unknown email is checked against a dummy bcrypt hash, so it answers as slowly as a known one',
      whenOff:
        'An unknown email is refused at once while a known one waits for bcrypt, so the response time tells which emails have accounts.',
      source: 'OWASP Authentication Cheat Sheet (authentication responses); OWASP ASVS 5.0 V6.3.8',
    },
    {
      name: 'accounts.uniformRegisterResponse',
      label: 'Registration answers the same way whether or not the email exists',
      whenOff: 'Registering a taken email returns 409 email_taken, so anyone can test which emails have accounts.',
      source: 'OWASP ASVS 5.0 V6.3.8; OWASP Authentication Cheat Sheet (user enumeration)',
    },
  ],
  attacks: [
    {
      id: 'offline-crack',
      title: 'Crack a leaked password hash with a word list',
      defeats: ['password.hashing'],
      step: 'hashing',
      difficulty: 'beginner',
      references: ['OWASP Password Storage Cheat Sheet', 'OWASP ASVS 5.0 V11.4.2', 'NIST SP 800-63B §3.1.1.2'],
      how: [
        'A new user registers with a password from a common word list, through the real register route.',
        'The attacker reads that user’s row of the users table from a leaked backup.',
        'In this browser tab, they SHA-256 every word of the shipped list and compare; a match is tried at sign-in.',
      ],
      defence:
        'The password is stored as bcrypt of HMAC-SHA-256(pepper, password): salted, so no hash is shared; slow, so each guess costs the attacker real time; peppered, so the database alone tests nothing.',
      note: 'Turning the defence off changes only passwords set from then on; older accounts keep their bcrypt hash.',
      walkthrough: OFFLINE_CRACK_WALKTHROUGH,
    },
    {
      id: 'password-spray',
      title: 'Password spray: try the most common passwords',
      defeats: ['accounts.passwordDenyList'],
      step: 'strength',
      difficulty: 'beginner',
      references: ['NIST SP 800-63B-4 §3.1.1.2', 'OWASP ASVS 5.0 V6.2.4', 'OWASP Authentication Cheat Sheet'],
      how: [
        'A new user registers with password1, a password every breach list holds.',
        'The attacker tries the four most common passwords against the account, under the limit of 5 failed logins.',
        'One of them opens the account.',
      ],
      defence:
        'Registration, reset and change refuse any password found in breach corpora, so no account holds one of the few passwords a spray tries.',
      note: 'A spray tries few passwords on many accounts, so the failed-login limit per account never trips: only refusing common passwords stops it.',
      walkthrough: PASSWORD_SPRAY_WALKTHROUGH,
    },
    {
      id: 'reset-leaked-token',
      title: 'Use a reset token from a leaked database',
      defeats: ['reset.hashedToken'],
      step: 'reset',
      difficulty: 'beginner',
      references: ['OWASP ASVS 5.0 V6.4.1', 'OWASP Forgot Password Cheat Sheet'],
      how: [
        'The lab makes a victim account, which asks for a reset link and has not used it yet.',
        'The attacker reads the password_resets table from a leaked backup.',
        'They send the stored value to POST /api/password/reset as the token, with a password of their choice.',
      ],
      defence:
        'Only the SHA-256 of the token is stored. The token is 256 random bits, so the hash cannot be turned back into it.',
      walkthrough: RESET_LEAKED_TOKEN_WALKTHROUGH,
    },
    {
      id: 'reset-reused-link',
      title: 'Use a reset link a second time',
      defeats: ['reset.singleUse'],
      step: 'reset',
      difficulty: 'beginner',
      references: ['OWASP ASVS 5.0 V6.4.1', 'OWASP Forgot Password Cheat Sheet'],
      how: [
        'The victim resets the password with the mailed link.',
        'Later the attacker finds the same link (browser history, a proxy log, a forwarded mail).',
        'They open it and set a password of their own.',
      ],
      defence:
        'The link is spent in the same step that changes the password, and a reset kills the user’s other links.',
      walkthrough: RESET_REUSED_LINK_WALKTHROUGH,
    },
    {
      id: 'reset-host-poisoning',
      title: 'Reset poisoning: make the mailed link point at the attacker',
      defeats: ['reset.configuredLinkOrigin'],
      step: 'reset',
      difficulty: 'practitioner',
      references: ['OWASP ASVS 5.0 V6.4.3', 'OWASP Forgot Password Cheat Sheet'],
      how: [
        'The attacker asks for a reset of the victim’s account, sending X-Forwarded-Host with their own site.',
        'The victim receives a real mail from the lab and clicks the link in it.',
        'If the link points at the attacker’s site, the token arrives there, and the attacker resets the password.',
      ],
      defence:
        'The link’s origin comes from the lab’s configuration. Host and X-Forwarded-Host are set by whoever sends the request.',
      note: 'Browsers refuse to forge Host, but X-Forwarded-Host is an ordinary header, and proxies often pass it on.',
      walkthrough: RESET_HOST_POISONING_WALKTHROUGH,
    },
    {
      id: 'enum-login-answer',
      title: 'Tell existing accounts from the login’s answer',
      defeats: ['login.uniformErrors'],
      step: 'enumeration',
      difficulty: 'beginner',
      references: ['OWASP ASVS 5.0 V6.3.8', 'OWASP Authentication Cheat Sheet'],
      how: [
        'The lab makes a victim account; the attacker holds a list with its email and one nobody registered.',
        'The attacker logs in to each with a wrong password and compares the two answers.',
        'Any difference (status, error code, message) marks the email that has an account.',
      ],
      defence:
        'The login gives one answer, invalid_credentials, whether the email is unknown or the password wrong. The message names neither.',
      walkthrough: ENUM_LOGIN_ANSWER_WALKTHROUGH,
    },
    {
      id: 'enum-login-timing',
      title: 'Tell existing accounts from the login’s response time',
      defeats: ['login.constantTime'],
      step: 'enumeration',
      difficulty: 'practitioner',
      references: ['OWASP ASVS 5.0 V6.3.8', 'OWASP Authentication Cheat Sheet'],
      how: [
        'The lab makes a victim account; the attacker holds it and five emails nobody registered.',
        `The attacker times failed logins, alternating between the account and the unknown emails (${TIMING_PAIRS} of each).`,
        `An email whose median is more than ${TELLING_RATIO}× slower is taken for an existing account.`,
      ],
      defence:
        'An unknown email is checked against a dummy bcrypt hash, so every failed login pays the same slow compare.',
      note: 'The failed logins this attack causes are given back afterwards (a lab helper), so it does not lock you out.',
      walkthrough: ENUM_LOGIN_TIMING_WALKTHROUGH,
    },
    {
      id: 'enum-register-answer',
      title: 'Tell existing accounts from the registration’s answer',
      defeats: ['accounts.uniformRegisterResponse'],
      step: 'enumeration',
      difficulty: 'beginner',
      references: ['OWASP ASVS 5.0 V6.3.8', 'OWASP Authentication Cheat Sheet'],
      how: [
        'The lab makes a victim account; the attacker holds its email and one nobody registered.',
        'The attacker registers each email with the same password and compares the two answers.',
        'A 409 email_taken for one and a 202 for the other marks the email that has an account.',
      ],
      defence:
        'Registration answers 202 with the same body either way; the owner of a taken email gets a mail saying someone tried.',
      walkthrough: ENUM_REGISTER_ANSWER_WALKTHROUGH,
    },
  ],
} as const satisfies LabDeclaration;
