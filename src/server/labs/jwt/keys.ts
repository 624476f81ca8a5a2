import { randomBytes, randomInt, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, importPKCS8, importSPKI, type CryptoKey, type JWK } from 'jose';
import { ACCESS_ALGORITHMS } from '../../../common/schemas/jwt';
import type { LabContext } from '../../core/context';
import { Vault } from '../../crypto/vault';

export { ACCESS_ALGORITHMS };
export type AccessAlgorithm = (typeof ACCESS_ALGORITHMS)[number];
export type KeyPurpose = 'access' | 'refresh';

export interface SigningKey {
  kid: string;
  purpose: KeyPurpose;
  alg: AccessAlgorithm;
  weak: boolean;
  signingMaterial: string;
  verifyMaterial: string;
  createdAt: number;
  retireAt: number | null;
}

interface RawKey {
  kid: string;
  purpose: KeyPurpose;
  alg: AccessAlgorithm;
  weak: number;
  signing_material: string;
  verify_material: string;
  created_at: number;
  retire_at: number | null;
}

// Private keys and HMAC secrets are sealed at rest (docs/SECURITY.md "Secrets at rest"); a public PEM is not secret.
const fromRow = (r: RawKey, vault: Vault): SigningKey => ({
  kid: r.kid,
  purpose: r.purpose,
  alg: r.alg,
  weak: r.weak === 1,
  signingMaterial: vault.open(r.signing_material),
  verifyMaterial: r.alg === 'HS256' ? vault.open(r.verify_material) : r.verify_material,
  createdAt: r.created_at,
  retireAt: r.retire_at,
});

/** kids this lab issues: 22 base64url characters. Anything else is refused before any lookup (RFC 8725 §3.10). */
export const KID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const newKid = () => randomBytes(16).toString('base64url');

/** What jose signs or verifies with: an imported key (HMAC secrets included). */
export type JoseKey = CryptoKey | Uint8Array;

/** A public JWK as the JWKS lists it. */
type PublicJwk = JWK & { kty: string; kid: string; alg: string; use: string };

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * An HMAC secret as a WebCrypto key. Handing jose the raw bytes makes it run
 * importKey on every sign and verify; the imported key is kept instead.
 */
const importHmac = (secret: string): Promise<JoseKey> =>
  webcrypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]) as Promise<JoseKey>;

/** The dictionary the weak-secret mode picks from, and the cracker tries. */
export function loadSecretWords(resourcesDir: string): string[] {
  return readFileSync(join(resourcesDir, 'jwt', 'secret-words.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/**
 * The JWT lab's signing keys, kept in SQLite and generated per lab. Access
 * and refresh tokens never share a key, and every key is bound to exactly one
 * algorithm (RFC 8725 §3.1). HMAC secrets are 256 random bits (RFC 7518 §3.2),
 * stored as base64url text whose UTF-8 bytes are the HMAC key.
 */
export class JwtKeyStore {
  private creating: Promise<void> | undefined;
  private readonly statements;
  /**
   * Imported keys by kid and use. Importing a PEM (createPublicKey) costs more
   * than the signature check itself; a verifier that does it per request is
   * the mistake hand-written stacks make. A kid's material never changes, so
   * each key is imported once and dropped when its row goes.
   */
  private readonly imported = new Map<string, Promise<JoseKey>>();
  /**
   * Rows found by kid, so a verify does not query SQLite. Only hits are kept
   * (an unknown kid always asks the table); any change to the ring clears it.
   */
  private readonly found = new Map<string, SigningKey>();

  constructor(
    private readonly ctx: LabContext,
    private readonly secretWords: readonly string[],
  ) {
    const db = ctx.db;
    this.statements = {
      // Retired keys stop verifying at retire_at even before the sweep deletes their row.
      live: db.prepare('SELECT * FROM jwt_keys WHERE retire_at IS NULL OR retire_at > ? ORDER BY created_at, rowid'),
      current: db.prepare(
        'SELECT * FROM jwt_keys WHERE purpose = ? AND weak = ? AND retire_at IS NULL ORDER BY created_at DESC LIMIT 1',
      ),
      byKid: db.prepare(
        'SELECT * FROM jwt_keys WHERE kid = ? AND purpose = ? AND (retire_at IS NULL OR retire_at > ?)',
      ),
      dropCurrentAccess: db.prepare("DELETE FROM jwt_keys WHERE purpose = 'access' AND retire_at IS NULL"),
      retireCurrentAccess: db.prepare(
        "UPDATE jwt_keys SET retire_at = ? WHERE purpose = 'access' AND retire_at IS NULL",
      ),
      pruneRetired: db.prepare('DELETE FROM jwt_keys WHERE retire_at IS NOT NULL AND retire_at <= ?'),
      wipe: db.prepare('DELETE FROM jwt_keys'),
      insert: db.prepare(
        `INSERT INTO jwt_keys (kid, purpose, alg, weak, signing_material, verify_material, created_at, retire_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  private get now(): number {
    return this.ctx.clock.nowMs();
  }

  /** Every key still allowed to verify (not past its retirement). */
  list(): SigningKey[] {
    return (this.statements.live.all(this.now) as RawKey[]).map((r) => fromRow(r, this.ctx.vault));
  }

  /** The key jose signs with, imported once per kid. */
  signingKey(key: SigningKey): Promise<JoseKey> {
    return this.importOnce(`${key.kid}:sign`, () =>
      key.alg === 'HS256' ? importHmac(key.signingMaterial) : importPKCS8(key.signingMaterial, key.alg),
    );
  }

  /** The key jose verifies with for a stored key and its own algorithm, imported once per kid. */
  verifyKey(key: SigningKey): Promise<JoseKey> {
    return this.importOnce(`${key.kid}:verify`, () =>
      key.alg === 'HS256'
        ? importHmac(key.verifyMaterial)
        : // Extractable so the JWKS can export it; a public key holds nothing secret.
          importSPKI(key.verifyMaterial, key.alg, { extractable: true }),
    );
  }

  private importOnce(id: string, load: () => Promise<JoseKey>): Promise<JoseKey> {
    let key = this.imported.get(id);
    if (!key) {
      key = load();
      // A failed import is not kept: the next request tries again and gets the same clear error.
      key.catch(() => this.imported.delete(id));
      this.imported.set(id, key);
    }
    return key;
  }

  /** Deletes keys past their retirement: a sweep, never a step of a request. */
  pruneRetired(): number {
    const removed = this.statements.pruneRetired.run(this.now).changes;
    if (removed > 0) this.forget();
    return removed;
  }

  /** The key that signs new tokens of this purpose (strength decided by `jwt.strongSecret`). */
  async current(purpose: KeyPurpose): Promise<SigningKey> {
    await this.ensureKeys();
    const strong = this.currentRow(purpose, false)!;
    if (purpose === 'refresh' || strong.alg !== 'HS256' || this.ctx.toggles.isOn('jwt.strongSecret')) return strong;
    return this.currentRow(purpose, true) ?? this.insert(purpose, 'HS256', true);
  }

  private currentRow(purpose: KeyPurpose, weak: boolean): SigningKey | undefined {
    const row = this.statements.current.get(purpose, weak ? 1 : 0) as RawKey | undefined;
    return row && fromRow(row, this.ctx.vault);
  }

  /** Parameterized lookup of a verifying key by kid (RFC 8725 §3.10: kid is attacker input). */
  findByKid(kid: string, purpose: KeyPurpose): SigningKey | undefined {
    if (!KID_PATTERN.test(kid)) return undefined;
    const now = this.now;
    const cached = this.found.get(`${purpose}:${kid}`);
    // The same retirement rule as the byKid query, on the lab clock.
    if (cached) return cached.retireAt === null || cached.retireAt > now ? cached : undefined;
    const row = this.statements.byKid.get(kid, purpose, now) as RawKey | undefined;
    if (!row) return undefined;
    const key = fromRow(row, this.ctx.vault);
    this.found.set(`${purpose}:${kid}`, key);
    return key;
  }

  /** Drops every imported key and cached row: the ring changed. */
  private forget(): void {
    this.imported.clear();
    this.found.clear();
  }

  /**
   * THE VULNERABLE LOOKUP (jwt.kidSanitizing off): the kid is pasted into the
   * SQL text. `x' UNION SELECT 'attacker-secret' --` returns a "key" the
   * attacker chose. Only SELECT is possible (one statement per prepare), so the
   * lab database itself stays safe; a syntax error simply finds no key.
   */
  findByKidUnsafely(kid: string): string | undefined {
    try {
      const row = this.ctx.db.prepare(`SELECT verify_material FROM jwt_keys WHERE kid = '${kid}'`).get() as
        Record<string, unknown> | undefined;
      const material = row && Object.values(row)[0];
      if (material === undefined || material === null) return undefined;
      const text = String(material);
      return Vault.isSealed(text) ? this.ctx.vault.open(text) : text;
    } catch {
      return undefined;
    }
  }

  /**
   * Makes a new current access key. The old one keeps verifying until the
   * tokens it signed have expired; a compromised one is dropped at once
   * (RFC 7517 §5: kid lets verifiers pick the right key during rollover).
   */
  async rotate(options: { compromised: boolean; alg?: AccessAlgorithm; retireAfterMs: number }): Promise<SigningKey> {
    await this.ensureKeys();
    const alg = options.alg ?? this.currentRow('access', false)!.alg;
    const fresh = await this.generate('access', alg, false);
    this.ctx.db.transaction(() => {
      if (options.compromised) {
        this.statements.dropCurrentAccess.run();
        this.imported.clear();
      } else {
        this.statements.retireCurrentAccess.run(this.now + options.retireAfterMs);
      }
      this.save(fresh);
    })();
    // The old key's row changed (retire_at set, or gone): look it up afresh.
    this.found.clear();
    return fresh;
  }

  /** The public half of every asymmetric access key, for /.well-known/jwks.json (RFC 7517). */
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    const keys: PublicJwk[] = [];
    for (const key of this.list()) {
      if (key.purpose !== 'access' || key.alg === 'HS256') continue;
      // exportJWK of a *public* key has only public members (n, e / crv, x, y): never d, p, q.
      const jwk = await exportJWK(await this.verifyKey(key));
      keys.push({ ...jwk, kty: String(jwk.kty), kid: key.kid, alg: key.alg, use: 'sig' });
    }
    return { keys };
  }

  /**
   * Notes the whole key ring as it is and returns how to put it back (the
   * attack catalogue's self-check: a run that rotates a key leaves no trace).
   */
  snapshot(): () => void {
    const rows = this.ctx.db.prepare('SELECT * FROM jwt_keys').all() as RawKey[];
    return () => {
      this.ctx.db.transaction(() => {
        this.statements.wipe.run();
        for (const r of rows) {
          this.statements.insert.run(
            r.kid,
            r.purpose,
            r.alg,
            r.weak,
            r.signing_material,
            r.verify_material,
            r.created_at,
            r.retire_at,
          );
        }
      })();
      this.forget();
    };
  }

  /** Lab reset: drop every key; fresh ones are made on next use. */
  wipe(): void {
    this.statements.wipe.run();
    this.forget();
  }

  async ensureKeys(): Promise<void> {
    if (this.currentRow('access', false) && this.currentRow('refresh', false)) return;
    this.creating ??= (async () => {
      try {
        if (!this.currentRow('access', false)) this.save(await this.generate('access', 'RS256', false));
        if (!this.currentRow('refresh', false)) this.save(await this.generate('refresh', 'HS256', false));
      } finally {
        this.creating = undefined;
      }
    })();
    await this.creating;
  }

  private insert(purpose: KeyPurpose, alg: 'HS256', weak: true): SigningKey {
    const word = this.secretWords[randomInt(this.secretWords.length)]!;
    const key: SigningKey = {
      kid: newKid(),
      purpose,
      alg,
      weak,
      signingMaterial: word,
      verifyMaterial: word,
      createdAt: this.now,
      retireAt: null,
    };
    this.save(key);
    return key;
  }

  private async generate(purpose: KeyPurpose, alg: AccessAlgorithm, weak: boolean): Promise<SigningKey> {
    const base = { kid: newKid(), purpose, alg, weak, createdAt: this.now, retireAt: null };
    if (alg === 'HS256') {
      const secret = randomBytes(32).toString('base64url');
      return { ...base, signingMaterial: secret, verifyMaterial: secret };
    }
    const pair = await this.ctx.dependencies.generateKeyPair(alg);
    return { ...base, signingMaterial: pair.privatePem, verifyMaterial: pair.publicPem };
  }

  private save(key: SigningKey): void {
    this.statements.insert.run(
      key.kid,
      key.purpose,
      key.alg,
      key.weak ? 1 : 0,
      this.ctx.vault.seal(key.signingMaterial),
      key.alg === 'HS256' ? this.ctx.vault.seal(key.verifyMaterial) : key.verifyMaterial,
      key.createdAt,
      key.retireAt,
    );
  }
}
