import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  decodeToken,
  explainClaims,
  forgeUnsigned,
  signWithPublicKeyText,
  tokenWarnings,
  verifyWithTrace,
} from '../../../src/common/jwt-inspect';
import { RFC_HS256, RFC_HS256_KEY, RFC_NOW, RFC_RS256, RFC_RSA_JWK, RFC_UNSECURED, decoded } from './rfc-examples';

describe('decodeToken', () => {
  it('decodes the RFC 7519 example, keeping the issuer’s exact JSON text', () => {
    const token = decoded(RFC_HS256);
    expect(token.header).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(token.payload).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
    expect(token.headerText).toBe('{"typ":"JWT",\r\n "alg":"HS256"}');
    expect(token.segments.signature).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(token.signatureBytes).toBe(32);
  });

  it.each([
    ['empty', '', /Paste a token/],
    ['one part', 'abc', /three parts/],
    ['four parts', 'a.b.c.d', /three parts/],
    ['a JWE', 'a.b.c.d.e', /encrypted JWE/],
    ['standard base64', 'eyJhbGciOiJIUzI1NiJ9+/.e30.', /not base64url/],
    ['header not JSON', 'bm90IGpzb24.e30.', /header is not JSON/],
    ['payload an array', 'eyJhbGciOiJub25lIn0.WzFd.', /payload must be a JSON object/],
    ['invalid UTF-8', '_w.e30.', /UTF-8/],
    ['huge', 'a'.repeat(70_000), /longer than any token/],
  ])('gives a clear error for %s, never an exception', (_name, input, message) => {
    const result = decodeToken(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('accepts a pasted "Bearer …" header value', () => {
    expect(decodeToken(`Bearer ${RFC_HS256}`).ok).toBe(true);
  });
});

describe('explainClaims and tokenWarnings', () => {
  it('explains each claim, with times relative to the given clock', () => {
    const claims = explainClaims(decoded(RFC_HS256), RFC_NOW);
    expect(claims.map((c) => c.name)).toEqual(['iss', 'exp', 'http://example.com/is_root']);
    expect(claims[1]!.when).toBe('2011-03-22T18:43:00.000Z (in 6 min 20 s)');
    expect(claims[2]!.meaning).toMatch(/does not know/);
  });

  it('warns about alg none, missing aud and expiry on the unsecured RFC example', () => {
    const codes = tokenWarnings(decoded(RFC_UNSECURED), Date.UTC(2026, 0, 1)).map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['alg_none', 'expired', 'missing_aud']));
  });

  it('warns about long lifetimes, missing exp, sensitive claims and key headers', () => {
    const long = forgeUnsigned(
      { jku: 'https://evil.example/keys', kid: "x' OR 1=1 --" },
      { iat: 0, exp: 90 * 86400, aud: 'a', password: 'hunter2' },
    );
    const codes = tokenWarnings(decoded(long), 0).map((w) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining(['long_lifetime', 'sensitive_claim', 'key_in_header', 'suspicious_kid']),
    );
    expect(tokenWarnings(decoded(forgeUnsigned({}, { aud: 'a' })), 0).map((w) => w.code)).toContain('missing_exp');
  });
});

describe('verifyWithTrace', () => {
  it('accepts RFC 7515 A.1 with its published key given as base64', async () => {
    const trace = await verifyWithTrace(
      RFC_HS256,
      { kind: 'secret', secret: RFC_HS256_KEY, encoding: 'base64' },
      { nowMs: RFC_NOW },
    );
    expect(trace.steps.map((s) => [s.check, s.ok])).toEqual([
      ['Structure', true],
      ['Algorithm', true],
      ['Key', true],
      ['Signature', true],
      ['exp', true],
    ]);
    expect(trace.accepted).toBe(true);
  });

  it('rejects the same key read as text: the classic encoding mix-up', async () => {
    const trace = await verifyWithTrace(
      RFC_HS256,
      { kind: 'secret', secret: RFC_HS256_KEY, encoding: 'text' },
      { nowMs: RFC_NOW },
    );
    expect(trace.accepted).toBe(false);
    expect(trace.steps.find((s) => s.check === 'Signature')!.ok).toBe(false);
  });

  it('accepts RFC 7515 A.2 (RS256) with its public JWK, and from a JWKS without kid', async () => {
    const jwk = await verifyWithTrace(
      RFC_RS256,
      { kind: 'jwk', json: JSON.stringify(RFC_RSA_JWK) },
      { nowMs: RFC_NOW },
    );
    expect(jwk.accepted).toBe(true);
    const jwks = await verifyWithTrace(
      RFC_RS256,
      { kind: 'jwks', json: JSON.stringify({ keys: [RFC_RSA_JWK] }) },
      { nowMs: RFC_NOW },
    );
    expect(jwks.accepted).toBe(true);
    expect(jwks.steps.find((s) => s.check === 'Key')!.detail).toMatch(/only key/);
  });

  it('reports an expired RFC token at today’s clock', async () => {
    const trace = await verifyWithTrace(
      RFC_HS256,
      { kind: 'secret', secret: RFC_HS256_KEY, encoding: 'base64' },
      { nowMs: Date.UTC(2026, 0, 1) },
    );
    expect(trace.accepted).toBe(false);
    expect(trace.steps.find((s) => s.check === 'exp')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/Expired/),
    });
  });

  it('refuses alg none, and HS256 with public key material (key confusion)', async () => {
    const none = await verifyWithTrace(
      RFC_UNSECURED,
      { kind: 'secret', secret: 'x', encoding: 'text' },
      { nowMs: RFC_NOW },
    );
    expect(none.steps.at(-1)).toMatchObject({ check: 'Algorithm', ok: false });
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const confused = await signWithPublicKeyText({ typ: 'JWT' }, { sub: '1', exp: 2e9 }, pem);
    const trace = await verifyWithTrace(confused, { kind: 'pem', pem }, { nowMs: RFC_NOW });
    expect(trace.steps.at(-1)).toMatchObject({
      check: 'Key',
      ok: false,
      detail: expect.stringMatching(/key-confusion/),
    });
  });

  it('picks the key by kid from a JWKS, and says so when the kid is unknown', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const token = await new SignJWT({ iss: 'me', aud: 'api' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setExpirationTime('10m')
      .sign(privateKey);
    const ok = await verifyWithTrace(
      token,
      { kind: 'jwks', json: JSON.stringify({ keys: [jwk] }) },
      { nowMs: Date.now(), issuer: 'me', audience: 'api' },
    );
    expect(ok.accepted).toBe(true);
    const wrongAud = await verifyWithTrace(
      token,
      { kind: 'jwks', json: JSON.stringify({ keys: [jwk] }) },
      { nowMs: Date.now(), audience: 'other' },
    );
    expect(wrongAud.steps.find((s) => s.check === 'aud')!.ok).toBe(false);
    const unknown = await verifyWithTrace(
      token,
      { kind: 'jwks', json: JSON.stringify({ keys: [{ ...jwk, kid: 'k2' }] }) },
      { nowMs: Date.now() },
    );
    expect(unknown.steps.at(-1)).toMatchObject({ check: 'Key', ok: false, detail: expect.stringMatching(/kid "k1"/) });
  });

  it.each([
    ['garbage token', 'not a token', { kind: 'secret', secret: 'x', encoding: 'text' }],
    ['bad JWKS JSON', RFC_RS256, { kind: 'jwks', json: '{nope' }],
    ['JWKS without keys', RFC_RS256, { kind: 'jwks', json: '{}' }],
    ['bad PEM', RFC_RS256, { kind: 'pem', pem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }],
    ['bad base64 secret', RFC_HS256, { kind: 'secret', secret: '***', encoding: 'base64' }],
  ] as const)('never throws on %s', async (_name, token, key) => {
    const trace = await verifyWithTrace(token, key, { nowMs: RFC_NOW });
    expect(trace.accepted).toBe(false);
    expect(trace.steps.at(-1)!.ok).toBe(false);
  });

  it.each([
    ['invalid JWKS JSON', RFC_HS256, { kind: 'jwks', json: '{not json' }, /^The JWKS is not valid JSON/],
    ['empty JWKS', RFC_HS256, { kind: 'jwks', json: '  ' }, /^No key given/],
    ['empty JWK', RFC_RS256, { kind: 'jwk', json: '' }, /^No key given/],
    ['invalid JWK JSON', RFC_HS256, { kind: 'jwk', json: '{"kty":' }, /^The JWK is not valid JSON/],
    ['empty PEM', RFC_HS256, { kind: 'pem', pem: '' }, /^No key given/],
    ['text that is not PEM', RFC_HS256, { kind: 'pem', pem: 'hello' }, /^This is not a PEM key/],
    [
      'unreadable PEM',
      RFC_RS256,
      { kind: 'pem', pem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' },
      /^The PEM could not be read/,
    ],
    ['empty secret', RFC_HS256, { kind: 'secret', secret: '', encoding: 'text' }, /^No key given: the secret is empty/],
    ['empty secret for RS256', RFC_RS256, { kind: 'secret', secret: ' ', encoding: 'base64' }, /^No key given/],
  ] as const)('says what is wrong with the key: %s (not key confusion)', async (_name, token, key, message) => {
    const trace = await verifyWithTrace(token, key, { nowMs: RFC_NOW });
    const last = trace.steps.at(-1)!;
    expect(last).toMatchObject({ check: 'Key', ok: false });
    expect(last.detail).toMatch(message);
    expect(last.detail).not.toMatch(/key-confusion/);
  });

  it('names the missing kid of an HS256 token in a JWKS before any key-confusion talk', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'hs-1' })
      .sign(new TextEncoder().encode('a-secret-that-is-long-enough-0123456789'));
    const trace = await verifyWithTrace(
      token,
      { kind: 'jwks', json: JSON.stringify({ keys: [{ ...RFC_RSA_JWK, kid: 'rsa-1' }] }) },
      { nowMs: Date.now() },
    );
    expect(trace.steps.at(-1)!.detail).toMatch(/^No key in this JWKS has kid "hs-1"/);
    // A JWKS that does hold the kid is public key material: that is the key-confusion refusal.
    const confused = await verifyWithTrace(
      token,
      { kind: 'jwks', json: JSON.stringify({ keys: [{ ...RFC_RSA_JWK, kid: 'hs-1' }] }) },
      { nowMs: Date.now() },
    );
    expect(confused.steps.at(-1)!.detail).toMatch(/key-confusion/);
  });

  it('warns about a short HS256 secret', async () => {
    const token = await new SignJWT({ aud: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('secret'));
    const trace = await verifyWithTrace(
      token,
      { kind: 'secret', secret: 'secret', encoding: 'text' },
      { nowMs: Date.now() },
    );
    expect(trace.accepted).toBe(true);
    expect(trace.warnings.map((w) => w.code)).toContain('short_secret');
  });
});
