import { randomBytes } from 'node:crypto';
import type { LabContext } from '../core/context';
import type { LabDatabase } from '../db/open';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 (no i, l, o, u): read aloud without mix-ups. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** The lookup id: 4 characters (20 bits), unique within one set, stored in clear. It names the row, it proves nothing. */
export const LOOKUP_ID_LENGTH = 4;
/** The secret part: 10 characters = 50 random bits, the part only bcrypt can check. */
const SECRET_LENGTH = 10;
/** `iiii-sssss-sssss` (lookup id, then the secret), or a set made before lookup ids: `sssss-sssss`. */
const CODE_PATTERN = /^[0-9a-hjkmnp-tv-z]{14}$/;
const LEGACY_CODE_PATTERN = /^[0-9a-hjkmnp-tv-z]{10}$/;

/** Lower case, no dashes or spaces: what the learner types and what was hashed. */
export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
export const looksLikeRecoveryCode = (code: string) => {
  const typed = normalizeRecoveryCode(code);
  return CODE_PATTERN.test(typed) || LEGACY_CODE_PATTERN.test(typed);
};

const randomChars = (n: number) => [...randomBytes(n)].map((b) => ALPHABET[b & 31]).join('');

/** A set of codes whose lookup ids differ, so each id names exactly one row of the set. */
function newRecoveryCodes(): string[] {
  const ids = new Set<string>();
  while (ids.size < RECOVERY_CODE_COUNT) ids.add(randomChars(LOOKUP_ID_LENGTH));
  return [...ids].map((id) => {
    const secret = randomChars(SECRET_LENGTH);
    return `${id}-${secret.slice(0, 5)}-${secret.slice(5)}`;
  });
}

interface CodeRow {
  id: number;
  code_hash: string;
}

/**
 * Recovery codes: shown once, stored only as salted bcrypt hashes (through
 * the password worker pool, with the lab's pepper), each good for one use,
 * and a new set voids the old one (OWASP ASVS 5.0 V6.5.1, V6.5.2).
 *
 * Each code starts with a lookup id that names its row, so checking a code
 * costs one bcrypt compare, not one per unused code: ten compares per guess
 * let a few parallel guesses stall every login (ASVS 5.0 V6.3.1 covers the
 * guessing, this the cost of each guess). Sets made before lookup ids keep
 * working, compared the old way, until the user makes a new set.
 */
export class RecoveryCodes {
  private readonly statements;

  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock' | 'hasher'>) {
    const db: LabDatabase = ctx.db;
    this.statements = {
      deleteFor: db.prepare('DELETE FROM mfa_recovery_codes WHERE user_id = ?'),
      insert: db.prepare(
        'INSERT INTO mfa_recovery_codes (user_id, lookup_id, code_hash, created_at) VALUES (?, ?, ?, ?)',
      ),
      byLookupId: db.prepare(
        'SELECT id, code_hash FROM mfa_recovery_codes WHERE user_id = ? AND lookup_id = ? AND used_at IS NULL',
      ),
      legacy: db.prepare(
        'SELECT id, code_hash FROM mfa_recovery_codes WHERE user_id = ? AND lookup_id IS NULL AND used_at IS NULL',
      ),
      spend: db.prepare('UPDATE mfa_recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL'),
      remaining: db.prepare('SELECT COUNT(*) AS n FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL'),
    };
  }

  /** Makes a new set, replacing the old one, and returns the codes in clear this one time. */
  async replace(userId: number): Promise<string[]> {
    const codes = newRecoveryCodes();
    const typed = codes.map(normalizeRecoveryCode);
    const hashes = await Promise.all(typed.map((code) => this.ctx.hasher.hash(code)));
    const now = this.ctx.clock.nowMs();
    this.ctx.db.transaction(() => {
      this.statements.deleteFor.run(userId);
      for (const [i, hash] of hashes.entries()) {
        this.statements.insert.run(userId, typed[i]!.slice(0, LOOKUP_ID_LENGTH), hash, now);
      }
    })();
    return codes;
  }

  /**
   * Spends the matching unused code. The bcrypt comparison runs in the worker
   * pool; the spend is a conditional UPDATE, so two parallel uses of one code
   * cannot both win.
   */
  async consume(userId: number, code: string): Promise<boolean> {
    if (!looksLikeRecoveryCode(code)) return false;
    const typed = normalizeRecoveryCode(code);
    const row = LEGACY_CODE_PATTERN.test(typed)
      ? await this.matchLegacy(userId, typed)
      : await this.matchById(userId, typed);
    return row !== undefined && this.statements.spend.run(this.ctx.clock.nowMs(), row.id).changes === 1;
  }

  /** One compare: against the row the id names, or a dummy hash when none does, so a wrong id takes as long. */
  private async matchById(userId: number, typed: string): Promise<CodeRow | undefined> {
    const row = this.statements.byLookupId.get(userId, typed.slice(0, LOOKUP_ID_LENGTH)) as CodeRow | undefined;
    return (await this.ctx.hasher.verify(typed, row?.code_hash)) ? row : undefined;
  }

  /** A code from a set made before lookup ids: compared with each unused code of that set. */
  private async matchLegacy(userId: number, typed: string): Promise<CodeRow | undefined> {
    const rows = this.statements.legacy.all(userId) as CodeRow[];
    const matches = await Promise.all(rows.map((row) => this.ctx.hasher.verify(typed, row.code_hash)));
    return rows.find((_, i) => matches[i]);
  }

  remaining(userId: number): number {
    return (this.statements.remaining.get(userId) as { n: number }).n;
  }

  deleteFor(userId: number): void {
    this.statements.deleteFor.run(userId);
  }
}

const perContext = new WeakMap<object, RecoveryCodes>();

/** One RecoveryCodes (statements prepared once) per lab context, shared by the login core and the MFA lab. */
export function recoveryCodesOf(ctx: Pick<LabContext, 'db' | 'clock' | 'hasher'>): RecoveryCodes {
  let codes = perContext.get(ctx.db);
  if (!codes) {
    codes = new RecoveryCodes(ctx);
    perContext.set(ctx.db, codes);
  }
  return codes;
}
