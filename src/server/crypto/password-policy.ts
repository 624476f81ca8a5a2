import { readFileSync } from 'node:fs';

/** Why a password was refused. `code` is stable; `message` is for people. */
export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'common_password' | 'contains_email' | 'repetitive';
  message: string;
}

// NIST SP 800-63B §3.1.1.2: at least 8 characters, allow at least 64, no
// composition rules, any Unicode, refuse known-breached values. Length is
// counted in code points after NFKC normalisation.
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
  }
  const localPart = options.email?.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 4 && lower.includes(localPart)) {
    problems.push({ code: 'contains_email', message: 'Do not build the password from your email address.' });
  }
  if (length >= MIN_PASSWORD_LENGTH && new Set(normalized).size <= 2) {
    problems.push({ code: 'repetitive', message: 'Repeating one or two characters is guessed first.' });
  }
  return problems;
}
