import type { Vault } from '../../crypto/vault';
import type { LabDatabase } from '../../db/open';
import { sha256 } from './repositories';

/**
 * "Your App"'s server-side state: its sessions and its logins in progress.
 * A session holds Your App's tokens and a pending login its PKCE verifier:
 * both sealed by the vault, so a copy of the database lifts neither.
 */
export class RelyingPartyRepository {
  private readonly insertSession;
  private readonly sessionByHash;
  private readonly updateSession;
  private readonly deleteSession;
  private readonly insertPending;
  private readonly pendingByState;
  private readonly deletePending;

  constructor(
    db: LabDatabase,
    private readonly vault: Vault,
  ) {
    this.insertSession = db.prepare('INSERT INTO oauth_rp_sessions (sid_hash, data, expires_at) VALUES (?, ?, ?)');
    this.sessionByHash = db.prepare('SELECT data, expires_at FROM oauth_rp_sessions WHERE sid_hash = ?');
    this.updateSession = db.prepare('UPDATE oauth_rp_sessions SET data = ? WHERE sid_hash = ?');
    this.deleteSession = db.prepare('DELETE FROM oauth_rp_sessions WHERE sid_hash = ?');
    this.insertPending = db.prepare(
      'INSERT INTO oauth_rp_pending (state, browser, verifier, nonce, expires_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.pendingByState = db.prepare(
      'SELECT browser, verifier, nonce, expires_at FROM oauth_rp_pending WHERE state = ?',
    );
    this.deletePending = db.prepare('DELETE FROM oauth_rp_pending WHERE state = ?');
  }

  createSession(sid: string, data: unknown, expiresAt: number): void {
    this.insertSession.run(sha256(sid), this.vault.seal(JSON.stringify(data)), expiresAt);
  }

  session<T>(sid: string, nowMs: number): T | undefined {
    const row = this.sessionByHash.get(sha256(sid)) as { data: string; expires_at: number } | undefined;
    if (!row || row.expires_at <= nowMs) return undefined;
    return JSON.parse(this.vault.open(row.data)) as T;
  }

  saveSession(sid: string, data: unknown): void {
    this.updateSession.run(this.vault.seal(JSON.stringify(data)), sha256(sid));
  }

  endSession(sid: string): void {
    this.deleteSession.run(sha256(sid));
  }

  addPending(state: string, browserHash: string, verifier: string, nonce: string, expiresAt: number): void {
    this.insertPending.run(state, browserHash, this.vault.seal(verifier), nonce, expiresAt);
  }

  pending(state: string, nowMs: number): { browser: string; verifier: string; nonce: string } | undefined {
    const row = this.pendingByState.get(state) as
      { browser: string; verifier: string; nonce: string; expires_at: number } | undefined;
    if (!row || row.expires_at <= nowMs) return undefined;
    return { browser: row.browser, verifier: this.vault.open(row.verifier), nonce: row.nonce };
  }

  dropPending(state: string): void {
    this.deletePending.run(state);
  }
}

/** Deletes everything past its lifetime. Run on a timer, never per request. */
