import { randomBytes } from 'node:crypto';
import type { LabContext } from '../core/context';
import type { LabDatabase } from '../db/open';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 (no i, l, o, u): 10 characters = 50 random bits, read aloud without mix-ups. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_PATTERN = /^[0-9a-hjkmnp-tv-z]{10}$/;

/** Lower case, no dashes or spaces: what the learner types and what was hashed. */
export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
export const looksLikeRecoveryCode = (code: string) => CODE_PATTERN.test(normalizeRecoveryCode(code));

function newRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((b) => ALPHABET[b & 31]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/**
 * Recovery codes: shown once, stored only as salted bcrypt hashes (through
 * the password worker pool, with the lab's pepper), each good for one use,
 * and a new set voids the old one (OWASP ASVS 5.0 V6.5.1, V6.5.2).
 */
export class RecoveryCodes {
  private readonly statements;

  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock' | 'hasher'>) {
    const db: LabDatabase = ctx.db;
    this.statements = {
      deleteFor: db.prepare('DELETE FROM mfa_recovery_codes WHERE user_id = ?'),
      insert: db.prepare('INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)'),
      unused: db.prepare('SELECT id, code_hash FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL'),
      spend: db.prepare('UPDATE mfa_recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL'),
      remaining: db.prepare('SELECT COUNT(*) AS n FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL'),
    };
  }

  /** Makes a new set, replacing the old one, and returns the codes in clear this one time. */
  async replace(userId: number): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const hashes = await Promise.all(codes.map((code) => this.ctx.hasher.hash(normalizeRecoveryCode(code))));
    const now = this.ctx.clock.nowMs();
    this.ctx.db.transaction(() => {
      this.statements.deleteFor.run(userId);
      for (const hash of hashes) this.statements.insert.run(userId, hash, now);
    })();
    return codes;
  }

  /**
   * Spends the matching unused code. The bcrypt comparisons run in the worker
   * pool; the spend is a conditional UPDATE, so two parallel uses of one code
   * cannot both win.
   */
  async consume(userId: number, code: string): Promise<boolean> {
    if (!looksLikeRecoveryCode(code)) return false;
    const typed = normalizeRecoveryCode(code);
    const rows = this.statements.unused.all(userId) as Array<{ id: number; code_hash: string }>;
    const matches = await Promise.all(rows.map((row) => this.ctx.hasher.verify(typed, row.code_hash)));
    const row = rows.find((_, i) => matches[i]);
    return row !== undefined && this.statements.spend.run(this.ctx.clock.nowMs(), row.id).changes === 1;
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
