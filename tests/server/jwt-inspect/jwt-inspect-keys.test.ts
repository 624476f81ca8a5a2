import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  crackHs256Secret,
  formatDuration,
  hmacKeyBytes,
  keyKindForAlg,
  reencodeToken,
  SAMPLE_TOKEN,
  SAMPLE_TOKEN_SECRET,
  verifyWithTrace,
} from '../../../src/common/jwt-inspect';
import { RFC_HS256, RFC_HS256_KEY, RFC_NOW, RFC_RS256, RFC_RSA_JWK, decoded } from './rfc-examples';

describe('symmetric JWKs and key messages', () => {
  // RFC 7515 A.1 publishes its HMAC key as exactly this oct JWK.
  const RFC_OCT_JWK = { kty: 'oct', k: RFC_HS256_KEY };

  it('accepts the RFC 7515 A.1 key as an oct JWK, alone and inside a JWKS', async () => {
    const alone = await verifyWithTrace(
      RFC_HS256,
      { kind: 'jwk', json: JSON.stringify(RFC_OCT_JWK) },
      { nowMs: RFC_NOW },
    );
    expect(alone.accepted).toBe(true);
    expect(alone.steps.find((s) => s.check === 'Key')!.detail).toMatch(/64-byte secret/);
    const inSet = await verifyWithTrace(
      RFC_HS256,
      { kind: 'jwks', json: JSON.stringify({ keys: [RFC_OCT_JWK] }) },
      { nowMs: RFC_NOW },
    );
    expect(inSet.accepted).toBe(true);
  });

  it('refuses an oct JWK for RS256 and an oct JWK with no k, in plain words', async () => {
    const rs = await verifyWithTrace(RFC_RS256, { kind: 'jwk', json: JSON.stringify(RFC_OCT_JWK) }, { nowMs: RFC_NOW });
    expect(rs.steps.at(-1)).toMatchObject({
      check: 'Key',
      ok: false,
      detail: expect.stringMatching(/symmetric \(oct\)/),
    });
    const noK = await verifyWithTrace(RFC_HS256, { kind: 'jwk', json: '{"kty":"oct"}' }, { nowMs: RFC_NOW });
    expect(noK.steps.at(-1)!.detail).toMatch(/no "k"/);
  });

  it.each(['abcde', 'a', 'ab!c'])('says in its own words that %j is not base64', async (secret) => {
    const trace = await verifyWithTrace(RFC_HS256, { kind: 'secret', secret, encoding: 'base64' }, { nowMs: RFC_NOW });
    const key = trace.steps.find((s) => s.check === 'Key')!;
    expect(key.ok).toBe(false);
    expect(key.detail).toMatch(/^The secret is not valid base64/);
    expect(key.detail).not.toMatch(/input to be decoded/);
  });

  it('formats a long-expired exp like the header does, in days and hours', async () => {
    const nowMs = (1300819380 + 5731 * 86400 + 18 * 3600 + 30) * 1000;
    const trace = await verifyWithTrace(
      RFC_HS256,
      { kind: 'secret', secret: RFC_HS256_KEY, encoding: 'base64' },
      { nowMs },
    );
    expect(trace.steps.find((s) => s.check === 'exp')!.detail).toBe('Expired 5731 d 18 h ago (leeway 60 s).');
    expect(formatDuration(4_000)).toBe('4 s');
    expect(formatDuration(-(2 * 3600 + 5 * 60) * 1000)).toBe('2 h 5 min');
  });
});

describe('crackHs256Secret', () => {
  it('finds a dictionary secret and reports progress', async () => {
    const token = await new SignJWT({ sub: '1' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('sunshine'));
    const words = [...Array.from({ length: 250 }, (_, i) => `word${i}`), 'sunshine', 'after'];
    const progress: number[] = [];
    expect(await crackHs256Secret(token, words, { onProgress: (p) => progress.push(p.tried) })).toBe('sunshine');
    expect(progress).toEqual([100, 200, 251]);
  });

  it('gives up on a random 256-bit secret', async () => {
    const token = await new SignJWT({ sub: '1' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(crypto.getRandomValues(new Uint8Array(32)));
    expect(await crackHs256Secret(token, ['secret', 'password', 'sunshine'])).toBeNull();
  });
});

describe('the inspector’s sample token and live editing', () => {
  it('ships a sample that verifies with its stated secret, which the dictionary holds', async () => {
    const trace = await verifyWithTrace(
      SAMPLE_TOKEN,
      { kind: 'secret', secret: SAMPLE_TOKEN_SECRET, encoding: 'text' },
      { nowMs: Date.now(), issuer: 'https://issuer.example', audience: 'sample-api' },
    );
    expect(trace.accepted).toBe(true);
    const words = readFileSync(join(import.meta.dirname, '../../../resources/jwt/secret-words.txt'), 'utf8');
    expect(await crackHs256Secret(SAMPLE_TOKEN, words.split('\n'))).toBe(SAMPLE_TOKEN_SECRET);
  });

  it.each([
    ['HS256', 'jwks', 'secret-text'],
    ['HS512', 'secret-base64', 'secret-base64'],
    ['HS256', 'jwk', 'jwk'],
    ['RS256', 'secret-text', 'jwks'],
    ['ES256', 'pem', 'pem'],
    ['EdDSA', 'secret-base64', 'jwks'],
    ['none', 'secret-text', 'secret-text'],
    [undefined, 'jwks', 'jwks'],
  ] as const)('a %s token turns a %s key choice into %s', (alg, current, expected) => {
    expect(keyKindForAlg(alg, current)).toBe(expected);
  });

  it('finds HMAC key bytes in a secret or an oct JWK, and none in a public key', () => {
    expect(hmacKeyBytes('secret-text', 'abc')).toEqual(new TextEncoder().encode('abc'));
    expect(hmacKeyBytes('jwk', JSON.stringify({ kty: 'oct', k: 'YWJj' }))).toEqual(new TextEncoder().encode('abc'));
    expect(hmacKeyBytes('jwk', JSON.stringify(RFC_RSA_JWK))).toBeNull();
    expect(hmacKeyBytes('jwks', '{"keys":[]}')).toBeNull();
    expect(hmacKeyBytes('secret-base64', 'a')).toBeNull();
    expect(hmacKeyBytes('secret-text', '')).toBeNull();
  });

  it('re-signs an edited HS256 token with the key, and keeps the stale signature without one', async () => {
    const key = new TextEncoder().encode(SAMPLE_TOKEN_SECRET);
    const { header, payload, segments } = decoded(SAMPLE_TOKEN);
    const edited = { ...payload, role: 'admin' };
    const signed = await reencodeToken(header, edited, segments.signature, key);
    expect(signed.resigned).toBe(true);
    const good = await verifyWithTrace(
      signed.token,
      { kind: 'secret', secret: SAMPLE_TOKEN_SECRET, encoding: 'text' },
      { nowMs: Date.now() },
    );
    expect(good.accepted).toBe(true);
    expect(decoded(signed.token).payload.role).toBe('admin');

    const unsigned = await reencodeToken(header, edited, segments.signature, null);
    expect(unsigned.resigned).toBe(false);
    expect(unsigned.token.split('.')[2]).toBe(segments.signature);
    const bad = await verifyWithTrace(
      unsigned.token,
      { kind: 'secret', secret: SAMPLE_TOKEN_SECRET, encoding: 'text' },
      { nowMs: Date.now() },
    );
    expect(bad.steps.find((s) => s.check === 'Signature')!.ok).toBe(false);
  });
});
