import type { AttackEntry } from '../../components/attack-catalogue';
import { runOfflineCrack } from './hashing-attack';
import { runPasswordAttack, type PasswordAttackId } from './password-attacks';

const runner =
  (id: PasswordAttackId): AttackEntry['run'] =>
  async ({ get }) => {
    const origins = get().meta?.origins;
    if (!origins) throw new Error('The lab is still loading.');
    return runPasswordAttack(id, origins);
  };

/** The password lab's attacks, each with the defence it tests and the step it belongs to. */
export const PASSWORD_ATTACKS: AttackEntry[] = [
  {
    id: 'offline-crack',
    run: runOfflineCrack,
    title: 'Crack a leaked password hash with a word list',
    step: 'hashing',
    toggles: ['password.hashing'],
    how: [
      'A new user registers with a password from a common word list, through the real register route.',
      'The attacker reads that user’s row of the users table from a leaked backup.',
      'In this browser tab, they SHA-256 every word of the shipped list and compare; a match is tried at sign-in.',
    ],
    defence:
      'The password is stored as bcrypt of HMAC-SHA-256(pepper, password): salted, so no hash is shared; slow, so each guess costs the attacker real time; peppered, so the database alone tests nothing.',
    note: 'Turning the defence off changes only passwords set from then on; older accounts keep their bcrypt hash.',
  },
  {
    id: 'reset-leaked-token',
    run: runner('leaked-token'),
    title: 'Use a reset token from a leaked database',
    step: 'reset',
    toggles: ['reset.hashedToken'],
    how: [
      'The lab makes a victim account, which asks for a reset link and has not used it yet.',
      'The attacker reads the password_resets table from a leaked backup.',
      'They send the stored value to POST /api/password/reset as the token, with a password of their choice.',
    ],
    defence:
      'Only the SHA-256 of the token is stored. The token is 256 random bits, so the hash cannot be turned back into it.',
  },
  {
    id: 'reset-reused-link',
    run: runner('reused-link'),
    title: 'Use a reset link a second time',
    step: 'reset',
    toggles: ['reset.singleUse'],
    how: [
      'The victim resets the password with the mailed link.',
      'Later the attacker finds the same link (browser history, a proxy log, a forwarded mail).',
      'They open it and set a password of their own.',
    ],
    defence: 'The link is spent in the same step that changes the password, and a reset kills the user’s other links.',
  },
  {
    id: 'reset-host-poisoning',
    run: runner('host-poisoning'),
    title: 'Reset poisoning: make the mailed link point at the attacker',
    step: 'reset',
    toggles: ['reset.trustHostHeader'],
    how: [
      'The attacker asks for a reset of the victim’s account, sending X-Forwarded-Host with their own site.',
      'The victim receives a real mail from the lab and clicks the link in it.',
      'If the link points at the attacker’s site, the token arrives there, and the attacker resets the password.',
    ],
    defence:
      'The link’s origin comes from the lab’s configuration. Host and X-Forwarded-Host are set by whoever sends the request.',
    note: 'Browsers refuse to forge Host, but X-Forwarded-Host is an ordinary header, and proxies often pass it on.',
  },
];
