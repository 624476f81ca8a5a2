import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../../crypto/random';

/** RFC 7636 §4.1: 43–128 characters from the unreserved set. */
export const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;
/** An S256 challenge is base64url(SHA-256(...)) without padding: exactly 43 characters. */
export const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  return VERIFIER_PATTERN.test(verifier) && constantTimeEqual(s256(verifier), challenge);
}
