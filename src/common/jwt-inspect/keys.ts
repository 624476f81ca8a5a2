import { base64url, exportSPKI, importJWK, importSPKI, importX509, type JWK } from 'jose';

/** Where the verifying key comes from. A secret's encoding is the classic mix-up: text vs base64. */
export type KeyInput =
  | { kind: 'secret'; secret: string; encoding: 'text' | 'base64' }
  | { kind: 'pem'; pem: string }
  | { kind: 'jwk'; json: string }
  | { kind: 'jwks'; json: string };

/** The key choices the inspector offers; a secret's encoding is part of the choice. */
export type KeyKind = 'secret-text' | 'secret-base64' | 'pem' | 'jwk' | 'jwks';

export function keyInputOf(kind: KeyKind, text: string): KeyInput {
  switch (kind) {
    case 'secret-text':
      return { kind: 'secret', secret: text, encoding: 'text' };
    case 'secret-base64':
      return { kind: 'secret', secret: text, encoding: 'base64' };
    case 'pem':
      return { kind: 'pem', pem: text };
    case 'jwk':
      return { kind: 'jwk', json: text };
    case 'jwks':
      return { kind: 'jwks', json: text };
  }
}

/**
 * The kind of key a token's alg needs: a shared secret for HS*, a public key
 * (JWKS by default) for RS/PS/ES/EdDSA. A choice that already fits is kept
 * (a JWK fits both: oct for HS*, RSA/EC/OKP otherwise).
 */
export function keyKindForAlg(alg: unknown, current: KeyKind): KeyKind {
  if (typeof alg !== 'string' || !/^(HS|RS|PS|ES)\d{3}$|^EdDSA$/.test(alg)) return current;
  if (alg.startsWith('HS')) return ['secret-text', 'secret-base64', 'jwk'].includes(current) ? current : 'secret-text';
  return ['pem', 'jwk', 'jwks'].includes(current) ? current : 'jwks';
}

/**
 * The HMAC key bytes a key choice holds, or null when it holds none (a public
 * key, or text that does not parse yet). Used to re-sign a token as it is edited.
 */
export function hmacKeyBytes(kind: KeyKind, text: string): Uint8Array | null {
  try {
    if (!text.trim()) return null;
    if (kind === 'secret-text' || kind === 'secret-base64')
      return secretBytes(text, kind === 'secret-text' ? 'text' : 'base64');
    if (kind === 'jwk') {
      const jwk = JSON.parse(text) as JWK;
      return jwk?.kty === 'oct' ? octJwkBytes(jwk) : null;
    }
  } catch {
    // not a usable secret (yet): nothing to sign with
  }
  return null;
}

export type VerifyKey = Awaited<ReturnType<typeof importSPKI>> | Uint8Array;

/** The HMAC key bytes: the UTF-8 bytes of the text, or the bytes the base64 spells. */
export function secretBytes(secret: string, encoding: 'text' | 'base64'): Uint8Array {
  if (encoding === 'text') return new TextEncoder().encode(secret);
  const normalized = secret.trim().replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  // A length of 4n+1 characters cannot be base64 at all; say so in our words, not the decoder's.
  if (!/^[A-Za-z0-9_-]*$/.test(normalized) || normalized.length % 4 === 1) throw new Error(BAD_BASE64);
  try {
    return base64url.decode(normalized);
  } catch {
    throw new Error(BAD_BASE64);
  }
}

const BAD_BASE64 =
  'The secret is not valid base64 or base64url: only A–Z, a–z, 0–9, "+" "/" (or "-" "_") and trailing "=", in groups of 4 characters. If the secret is plain text, choose “Secret as text”.';

/** A symmetric JWK (kty "oct", RFC 7518 §6.4): its "k" is the secret's bytes in base64url. */
function octJwkBytes(jwk: JWK): Uint8Array {
  if (typeof jwk.k !== 'string' || !jwk.k)
    throw new Error('This symmetric (oct) JWK has no "k": the secret is missing.');
  try {
    return secretBytes(jwk.k, 'base64');
  } catch {
    throw new Error('The "k" of this oct JWK is not base64url.');
  }
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The ${what} is not valid JSON.`);
  }
}

/** Picks the JWK from a JWKS by the token's kid (RFC 7517 §4.5), or the only key when there is no kid. */
export function pickFromJwks(jwksText: string, kid: unknown): { jwk: JWK; why: string } {
  const jwks = parseJson(jwksText, 'JWKS') as { keys?: unknown };
  if (!jwks || !Array.isArray(jwks.keys)) throw new Error('A JWKS is a JSON object with a "keys" array.');
  const keys = jwks.keys as JWK[];
  if (typeof kid === 'string') {
    const found = keys.find((k) => k.kid === kid);
    if (!found) throw new Error(`No key in this JWKS has kid "${kid.slice(0, 80)}" (it has ${keys.length} keys).`);
    return { jwk: found, why: `the key with kid "${kid}"` };
  }
  if (keys.length === 1) return { jwk: keys[0]!, why: 'the only key (the token has no kid)' };
  throw new Error(`The token has no kid and the JWKS has ${keys.length} keys: which one is ambiguous.`);
}

/** Reads the pasted key material before anything else, so a typo is reported as a typo. */
function readKeyMaterial(
  input: Exclude<KeyInput, { kind: 'secret' }>,
  kid: unknown,
): { jwk: JWK; why: string } | { pem: string } {
  if (input.kind === 'pem') {
    const pem = input.pem.trim();
    if (!pem) throw new Error('No key given: paste a PEM public key or certificate.');
    if (!/-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----/.test(pem))
      throw new Error(
        'This is not a PEM key: expected a "-----BEGIN PUBLIC KEY-----" … "-----END PUBLIC KEY-----" block.',
      );
    if (pem.includes('PRIVATE KEY')) throw new Error('This is a private key. Verify with the public key only.');
    return { pem };
  }
  const what = input.kind === 'jwk' ? 'JWK' : 'JWKS';
  if (!input.json.trim()) throw new Error(`No key given: paste a ${what}.`);
  if (input.kind === 'jwks') return pickFromJwks(input.json, kid);
  const jwk = parseJson(input.json, 'JWK') as JWK;
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new Error('A JWK is a JSON object.');
  return { jwk, why: 'the JWK you gave' };
}

/** Imports a public key for `alg`; refuses HMAC with public-key material (that is key confusion). */
export async function importVerifyKey(
  input: KeyInput,
  alg: string,
  kid: unknown,
): Promise<{ key: VerifyKey; why: string }> {
  const hmac = alg.startsWith('HS');
  if (input.kind === 'secret') {
    if (!input.secret.trim()) throw new Error('No key given: the secret is empty.');
    if (!hmac) throw new Error(`A shared secret only verifies HS256/384/512; this token says ${alg}.`);
    const bytes = secretBytes(input.secret, input.encoding);
    if (!bytes.length) throw new Error('The secret is empty.');
    return {
      key: bytes,
      why: `a ${bytes.length}-byte secret read as ${input.encoding === 'text' ? 'UTF-8 text' : 'base64'}`,
    };
  }
  const material = readKeyMaterial(input, kid);
  if ('jwk' in material && material.jwk && typeof material.jwk === 'object' && material.jwk.kty === 'oct') {
    // A symmetric JWK is an HMAC secret written as JSON, so it verifies HS* only (RFC 7518 §6.4).
    const { jwk, why } = material;
    if (!hmac) throw new Error(`This JWK is a symmetric (oct) key: it only verifies HS256/384/512, not ${alg}.`);
    if (jwk.alg && jwk.alg !== alg)
      throw new Error(`The key is for ${jwk.alg}, the token says ${alg}: one key, one algorithm.`);
    const bytes = octJwkBytes(jwk);
    return { key: bytes, why: `${why}: a ${bytes.length}-byte secret (oct key)` };
  }
  if (hmac) {
    throw new Error(
      `The token says ${alg} but you gave a public key. Verifying HMAC with public key text is exactly the key-confusion attack: refused.`,
    );
  }
  if ('pem' in material) {
    const { pem } = material;
    try {
      if (pem.includes('BEGIN CERTIFICATE'))
        return { key: await importX509(pem, alg), why: 'the certificate’s public key' };
      return { key: await importSPKI(pem, alg), why: 'the PEM public key' };
    } catch (error) {
      throw new Error(`The PEM could not be read as a ${alg} public key (${errorText(error)}).`);
    }
  }
  const { jwk, why } = material;
  if (!jwk || typeof jwk !== 'object') throw new Error('A JWK is a JSON object.');
  if (jwk.alg && jwk.alg !== alg)
    throw new Error(`The key is for ${jwk.alg}, the token says ${alg}: one key, one algorithm.`);
  const { d: _private, ...publicJwk } = jwk;
  try {
    return { key: (await importJWK(publicJwk, alg)) as VerifyKey, why };
  } catch (error) {
    throw new Error(`The JWK could not be read as a ${alg} public key (${errorText(error)}).`);
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Public-key text an attacker can HMAC with: the SPKI PEM of a JWK / JWKS entry, or the PEM as pasted. */
export async function publicKeyPem(input: KeyInput, kid: unknown): Promise<string> {
  if (input.kind === 'pem') return input.pem.trim();
  if (input.kind === 'secret') throw new Error('Give the server’s public key (PEM, JWK or JWKS), not a secret.');
  const jwk = input.kind === 'jwk' ? (parseJson(input.json, 'JWK') as JWK) : pickFromJwks(input.json, kid).jwk;
  if (jwk.kty === 'oct') throw new Error('That is a symmetric (oct) key, not a public key.');
  const { d: _private, ...publicJwk } = jwk;
  const alg = jwk.alg ?? (jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' ? 'ES256' : 'EdDSA');
  const key = await importJWK(publicJwk, alg, { extractable: true });
  if (key instanceof Uint8Array) throw new Error('That is a symmetric key, not a public key.');
  return exportSPKI(key);
}
