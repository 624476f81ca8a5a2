import { readFileSync } from 'node:fs';

/** Why a password was refused. `code` is stable; `message` is for people. */
export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'common_password' | 'contains_email' | 'repetitive';
  message: string;
}

// NIST SP 800-63B Rev. 4 §3.1.1.2: at least 15 characters for a password used
// alone, 8 when it is only ever part of multi-factor login; allow at least 64;
// no composition rules; any Unicode; refuse known-breached values. This lab
// asks for 8 (its own choice, to keep demo passwords short: MFA is optional
// here, so a real service with this policy would need 15) and caps at 256 (its
// own cap). Length is counted in code points after NFKC normalisation.
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Loads the shipped deny-list (one password a line, `#` comments). */
export function loadDenyList(file: string): ReadonlySet<string> {
  const words = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return new Set(words.map((w) => w.toLowerCase()));
}

export interface PolicyOptions {
  denyList: ReadonlySet<string>;
  /** The `accounts.passwordDenyList` toggle. */
  useDenyList: boolean;
  email?: string;
}

const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};

/**
 * The word a cracker's mangling rules start from: symbols at either end dropped
 * and look-alike characters read as letters ("P@ssw0rd!" is "password").
 */
function unmangled(lower: string): string {
  const trimmed = lower.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return [...trimmed].map((char) => LOOK_ALIKES[char] ?? char).join('');
}

/** Returns every problem with a candidate password; an empty list means it is acceptable. */
export function checkPassword(password: string, options: PolicyOptions): PasswordProblem[] {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  const problems: PasswordProblem[] = [];
  if (length < MIN_PASSWORD_LENGTH) {
    problems.push({
      code: 'too_short',
      message: `Use at least ${MIN_PASSWORD_LENGTH} characters (you have ${length}).`,
    });
  }
  if (length > MAX_PASSWORD_LENGTH) {
    problems.push({ code: 'too_long', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` });
  }
  const lower = normalized.toLowerCase();
  if (options.useDenyList && options.denyList.has(lower)) {
    problems.push({ code: 'common_password', message: 'This password appears in lists of breached passwords.' });
  } else if (options.useDenyList && options.denyList.has(unmangled(lower))) {
    // Swapping letters for symbols is the first rule a cracker applies to a word list, so the
    // variant is as common as the word (NIST SP 800-63B Rev. 4 §3.1.1.2: commonly used values).
    problems.push({
      code: 'common_password',
      message:
        'This is a breached password with look-alike symbols swapped in or added at the ends: crackers try those first.',
    });
  }
  const localPart = options.email?.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 4 && lower.includes(localPart)) {
    problems.push({ code: 'contains_email', message: 'Do not build the password from your email address.' });
  }
  // The whole password is one or two characters over and over ("aaaaaaaa", "abababab"), NIST's
  // "repetitive characters". A long password that merely contains a run still counts on its length.
  if (length >= MIN_PASSWORD_LENGTH && /^(.{1,2})\1+$/su.test(normalized)) {
    problems.push({ code: 'repetitive', message: 'Repeating one or two characters is guessed first.' });
  }
  return problems;
}

/** bcrypt reads at most this many bytes of its input and silently ignores the rest. */
export const BCRYPT_MAX_BYTES = 72;

export interface BcryptLimitView {
  /** UTF-8 bytes of the normalised password. */
  byteLength: number;
  /** How many characters bcrypt alone would read in full (the rest, and a character the cut splits, it never sees). */
  keptCharacters: number;
  /** The 72-byte cut falls inside a multi-byte character. */
  cutSplitsCharacter: boolean;
}

/** What bcrypt on its own would make of this password's bytes (the pre-hash makes all of them count). */
export function bcryptLimitView(password: string): BcryptLimitView {
  const normalized = normalizePassword(password);
  let bytes = 0;
  let keptCharacters = 0;
  for (const char of normalized) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > BCRYPT_MAX_BYTES) break;
    bytes += size;
    keptCharacters += 1;
  }
  const byteLength = Buffer.byteLength(normalized, 'utf8');
  // Counts, not the characters themselves: the answer never echoes any part of a password.
  return {
    byteLength,
    keptCharacters,
    cutSplitsCharacter: byteLength > BCRYPT_MAX_BYTES && bytes < BCRYPT_MAX_BYTES,
  };
}
