import type { DecodedToken } from './decode';
import type { TokenKind } from './token-kind';

export interface ClaimExplanation {
  name: string;
  value: unknown;
  meaning: string;
  /** For time claims: when, relative to the lab clock ("in 14 min", "3 h ago"). */
  when?: string;
}

const MEANINGS: Record<string, string> = {
  iss: 'Issuer: who made and signed this token. A verifier must know and expect this value.',
  sub: 'Subject: who the token is about, usually a user id that never changes.',
  aud: 'Audience: which API the token is for. An API must refuse tokens meant for another.',
  exp: 'Expires: after this moment the token must be refused.',
  nbf: 'Not before: the token must be refused until this moment.',
  iat: 'Issued at: when the token was made.',
  jti: 'Token id: unique per token, so one token can be revoked or replay-checked.',
  client_id: 'The application the token was issued to (RFC 9068).',
  scope: 'What the token allows, as space-separated scopes.',
  role: "The user's role as the issuer saw it. Whoever trusts this claim trusts the signature.",
  ver: "This lab's token version: logout-all bumps the user's version and every older token fails.",
  fam: "This lab's refresh family id: every rotation of one login shares it.",
  nonce: 'OpenID Connect: ties an ID token to the login request that asked for it.',
  auth_time: 'OpenID Connect: when the user last actually authenticated.',
  email: "The user's email address (personal data: anyone holding the token can read it).",
  azp: 'OpenID Connect: the authorized party, the client the ID token was issued to (when aud names more than one).',
  email_verified: 'OpenID Connect: whether the issuer checked that the user controls this email.',
  name: "OpenID Connect: the user's full name, for display (personal data).",
  at_hash:
    'OpenID Connect: half of the hash of the access token issued with this ID token, so the client can check they belong together.',
};

/** An ID token's audience is a client, not an API (OpenID Connect Core 1.0 §2). */
const ID_TOKEN_AUD =
  'Audience: the client this ID token is for (its client_id). Only that client may accept it as a login; an API must never take it as an access token.';

/**
 * A duration the way the app header shows it: "5731 d 18 h", "2 h 5 min",
 * "42 s" (seconds only under a minute). Used wherever a time span is shown.
 */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts = [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`].filter(Boolean);
  return parts.length ? parts.join(' ') : `${Math.floor(Math.abs(ms) / 1000)} s`;
}

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

/** "in 14 min 3 s" / "2 d 3 h ago", relative to `nowMs`. */
export function relativeTime(epochSeconds: number, nowMs: number): string {
  const delta = epochSeconds * 1000 - nowMs;
  const abs = Math.abs(delta);
  const s = Math.floor(abs / 1000);
  const parts: string[] = [];
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes && !days) parts.push(`${minutes} min`);
  if (!days && !hours) parts.push(`${seconds} s`);
  const text = parts.join(' ');
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

/**
 * Every claim of the payload in plain words, with times relative to the lab
 * clock. For an ID token (`kind`, from recogniseToken) `aud` names a client.
 */
export function explainClaims(token: DecodedToken, nowMs: number, kind?: TokenKind['kind']): ClaimExplanation[] {
  return Object.entries(token.payload).map(([name, value]) => {
    const meaning = name === 'aud' && kind === 'id-token' ? ID_TOKEN_AUD : MEANINGS[name];
    const explanation: ClaimExplanation = {
      name,
      value,
      meaning: meaning ?? 'A claim this lab does not know: it means whatever issuer and API agreed on.',
    };
    if (TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
      explanation.when = `${new Date(value * 1000).toISOString()} (${relativeTime(value, nowMs)})`;
    }
    return explanation;
  });
}

/** Milliseconds until `exp` on the lab clock (negative once expired), or null without a numeric exp. */
export function msUntilExpiry(token: DecodedToken, nowMs: number): number | null {
  const exp = token.payload.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 - nowMs : null;
}
