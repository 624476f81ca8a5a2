import { base64url } from 'jose';

/** A JWS split into its three base64url segments, each shown as written and as decoded. */
export interface DecodedToken {
  segments: { header: string; payload: string; signature: string };
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The decoded JSON exactly as the issuer wrote it (whitespace and key order kept). */
  headerText: string;
  payloadText: string;
  signatureBytes: number;
}

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; error: string };

const MAX_TOKEN_LENGTH = 64 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string, name: string): string {
  if (!BASE64URL.test(segment)) {
    throw new Error(`The ${name} is not base64url: it may only hold A–Z, a–z, 0–9, "-" and "_" (no "+", "/" or "=").`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(segment));
  } catch {
    throw new Error(`The ${name} does not decode to UTF-8 text.`);
  }
}

function parseObject(text: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`The ${name} is not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`The ${name} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Splits and decodes a compact JWS (RFC 7515 §7.1) without checking anything
 * else. Garbage gets a plain-words error, never an exception.
 */
export function decodeToken(input: string): DecodeResult {
  const raw = input.trim().replace(/^Bearer\s+/i, '');
  if (!raw) return { ok: false, error: 'Paste a token to inspect it.' };
  if (raw.length > MAX_TOKEN_LENGTH) return { ok: false, error: 'This is longer than any token should be (64 KB).' };
  const parts = raw.split('.');
  if (parts.length === 5) {
    return {
      ok: false,
      error: 'This has five parts: it is an encrypted JWE, whose payload cannot be read without the key.',
    };
  }
  if (parts.length !== 3) {
    return {
      ok: false,
      error: `A JWT has three parts separated by dots (header.payload.signature); this has ${parts.length}.`,
    };
  }
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const headerText = decodeSegment(header, 'header');
    const payloadText = decodeSegment(payload, 'payload');
    if (!BASE64URL.test(signature)) throw new Error('The signature is not base64url.');
    const headerJson = parseObject(headerText, 'header');
    const payloadJson = parseObject(payloadText, 'payload');
    const signatureBytes = signature ? base64url.decode(signature).length : 0;
    return {
      ok: true,
      token: {
        segments: { header, payload, signature },
        header: headerJson,
        payload: payloadJson,
        headerText,
        payloadText,
        signatureBytes,
      },
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
