import { createHash } from 'node:crypto';
import { Signer, type UnsignResult } from '@fastify/cookie';
import type { LabContext } from '../core/context';
import { randomToken } from '../crypto/random';

/** The session cookie's name. Ports do not separate cookies, so it is unique to the app origin's session lab. */
export const SESSION_COOKIE = 'authlab_sid';

/** How many signed values each direction remembers. */
const MAX_REMEMBERED = 1000;

/**
 * The session cookie's HMAC signer (@fastify/cookie's Signer, keyed by the
 * per-lab secret in the settings table), remembering what it worked out
 * lately. A signed-in browser sends the same cookie on every request, and
 * @fastify/session checks it and signs the id again each time: two HMACs
 * whose answers cannot change. Only cookies whose signature verified are
 * remembered, so a forged or edited cookie is always checked in full (and
 * in constant time, by the Signer).
 */
export class SessionCookieSigner {
  private readonly signer: Signer;
  private readonly signed = new Map<string, string>();
  private readonly verified = new Map<string, string>();

  constructor(ctx: Pick<LabContext, 'settings'>) {
    // The cookie's HMAC key: random per lab, kept in the settings table, never in the code.
    this.signer = new Signer(ctx.settings.getOrCreateSecret('session.secret', () => randomToken(32)));
  }

  sign = (value: string): string => {
    let signed = this.signed.get(value);
    if (signed === undefined) {
      signed = this.signer.sign(value);
      remember(this.signed, value, signed);
    }
    return signed;
  };

  unsign = (input: string): UnsignResult => {
    const value = this.verified.get(input);
    if (value !== undefined) return { valid: true, renew: false, value };
    const result = this.signer.unsign(input);
    if (result.valid && !result.renew) remember(this.verified, input, result.value);
    return result;
  };
}

function remember(map: Map<string, string>, key: string, value: string): void {
  if (map.size >= MAX_REMEMBERED) map.clear();
  map.set(key, value);
}

/** Hashes computed lately, by id: every signed-in request hashes its id once or twice. */
const recentHashes = new Map<string, string>();
const MAX_RECENT_HASHES = 1000;

/** Only the hash of an id is stored; a leaked database holds no usable session ids. */
export function hashSessionId(id: string): string {
  let idHash = recentHashes.get(id);
  if (idHash === undefined) {
    idHash = createHash('sha256').update(id).digest('base64url');
    // Kept in this process's memory only, like the ids in the requests themselves.
    if (recentHashes.size >= MAX_RECENT_HASHES) recentHashes.clear();
    recentHashes.set(id, idHash);
  }
  return idHash;
}
