import type { DecodedToken } from './decode';

export interface TokenWarning {
  code:
    | 'alg_none'
    | 'long_lifetime'
    | 'missing_exp'
    | 'missing_aud'
    | 'expired'
    | 'sensitive_claim'
    | 'key_in_header'
    | 'suspicious_kid'
    | 'short_secret';
  level: 'danger' | 'warning';
  message: string;
}

const DAY_S = 24 * 3600;
const SENSITIVE = /pass(word)?|pwd|secret|ssn|social.?security|credit.?card|card.?number|cvv|private|api.?key/i;

/** What a reviewer should notice about a token before trusting it (RFC 8725 §3, OWASP JWT Cheat Sheet). */
export function tokenWarnings(token: DecodedToken, nowMs: number): TokenWarning[] {
  const warnings: TokenWarning[] = [];
  const { header, payload } = token;
  const alg = typeof header.alg === 'string' ? header.alg : '';
  if (alg.toLowerCase() === 'none' || !token.segments.signature) {
    warnings.push({
      code: 'alg_none',
      level: 'danger',
      message: 'This token is not signed (alg "none" or no signature): anyone could have written it. Never accept it.',
    });
  }
  for (const name of ['jku', 'jwk', 'x5u', 'x5c'] as const) {
    if (name in header) {
      warnings.push({
        code: 'key_in_header',
        level: 'danger',
        message: `The header carries "${name}": the token suggests its own key. A verifier must ignore it and use keys it already trusts.`,
      });
    }
  }
  if (typeof header.kid === 'string' && !/^[A-Za-z0-9._:-]{1,128}$/.test(header.kid)) {
    warnings.push({
      code: 'suspicious_kid',
      level: 'danger',
      message:
        'The kid holds quotes, slashes, spaces or is very long: a sign of SQL or path injection through the kid.',
    });
  }
  if (typeof payload.exp !== 'number') {
    warnings.push({ code: 'missing_exp', level: 'danger', message: 'No exp: this token never expires.' });
  } else if (payload.exp * 1000 <= nowMs) {
    warnings.push({ code: 'expired', level: 'warning', message: 'This token has expired on the lab clock.' });
  }
  if (typeof payload.exp === 'number') {
    const start = typeof payload.iat === 'number' ? payload.iat : nowMs / 1000;
    const lifetime = payload.exp - start;
    if (lifetime > DAY_S) {
      warnings.push({
        code: 'long_lifetime',
        level: 'warning',
        message: `It lives ${Math.round(lifetime / 3600)} hours: a stolen copy stays useful that long. Access tokens should live minutes.`,
      });
    }
  }
  if (payload.aud === undefined) {
    warnings.push({
      code: 'missing_aud',
      level: 'warning',
      message: 'No aud: any API that trusts this issuer would accept it, not just the one it was meant for.',
    });
  }
  for (const name of Object.keys(payload)) {
    if (SENSITIVE.test(name)) {
      warnings.push({
        code: 'sensitive_claim',
        level: 'danger',
        message: `The claim "${name}" looks sensitive. A JWS is only base64url: everyone who sees the token can read it.`,
      });
    }
  }
  return warnings;
}

/** The smallest HMAC key per algorithm, in bytes: as long as the hash output (RFC 7518 §3.2). */
const HMAC_MIN_KEY_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** An HMAC key shorter than the hash output is weaker than the algorithm promises, and RFC 7518 §3.2 forbids it. */
export function shortSecretWarning(alg: string, secretBytes: number): TokenWarning | null {
  const minBytes = HMAC_MIN_KEY_BYTES[alg];
  if (minBytes === undefined || secretBytes >= minBytes) return null;
  return {
    code: 'short_secret',
    level: 'danger',
    message: `The HMAC secret is only ${secretBytes} bytes; ${alg} needs at least ${minBytes} random bytes (RFC 7518 §3.2), or a guessable one can be cracked offline from one token.`,
  };
}
