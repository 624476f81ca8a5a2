import type { DecodedToken } from './decode';

/** Which of the lab's issuers made a token, from its `iss`. */
export type TokenIssuer = 'lab-id' | 'jwt-lab' | 'other';

export interface TokenKind {
  /** An OpenID Connect ID token, an OAuth access token, or neither that the inspector can tell. */
  kind: 'id-token' | 'access-token' | 'unknown';
  issuer: TokenIssuer;
  /** The evidence, in words: which header or claim told. */
  because: string;
}

/** The lab's two issuers: Lab ID (the OAuth lab's authorization server) and the JWT lab (the app origin). */
export interface LabIssuers {
  labId: string;
  jwtLab: string;
}

/**
 * Tells an ID token from an access token the way a careful verifier does. An
 * access token in the JWT profile says `typ: at+jwt` (RFC 9068 §2.1) so it can
 * never pass as an ID token; an ID token carries `nonce` or `at_hash` (OpenID
 * Connect Core 1.0 §2 and §3.1.3.6), which an access token has no use for.
 */
export function recogniseToken(token: DecodedToken, issuers: LabIssuers): TokenKind {
  const { header, payload } = token;
  const iss = payload.iss;
  const issuer: TokenIssuer = iss === issuers.labId ? 'lab-id' : iss === issuers.jwtLab ? 'jwt-lab' : 'other';
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
  if (typ === 'at+jwt' || typ === 'application/at+jwt')
    return { kind: 'access-token', issuer, because: `its header says typ: ${String(header.typ)} (RFC 9068 §2.1)` };
  const oidc = ['nonce', 'at_hash'].filter((claim) => claim in payload);
  if (oidc.length > 0)
    return {
      kind: 'id-token',
      issuer,
      because: `it carries ${oidc.join(' and ')}, which only an ID token has (OpenID Connect Core 1.0 §2)`,
    };
  return { kind: 'unknown', issuer, because: 'neither typ: at+jwt nor nonce or at_hash tells' };
}
