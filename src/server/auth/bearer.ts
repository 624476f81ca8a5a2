/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when
 * the header is absent or not that form. The scheme name is case-insensitive
 * (RFC 9110 §11.1) and the token is a b64token: letters, digits and
 * `-._~+/`, then optional `=` padding (RFC 6750 §2.1).
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization ? BEARER_CREDENTIALS.exec(authorization)?.[1] : undefined;
}

const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
