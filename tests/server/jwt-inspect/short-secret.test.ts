import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { shortSecretWarning, verifyWithTrace } from '../../../src/common/jwt-inspect';

// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
const MIN_BYTES = { HS256: 32, HS384: 48, HS512: 64 } as const;

describe('shortSecretWarning follows RFC 7518 §3.2 for each HMAC algorithm', () => {
  for (const [alg, min] of Object.entries(MIN_BYTES)) {
    it(`${alg} needs ${min} bytes`, () => {
      expect(shortSecretWarning(alg, min - 1)).toMatchObject({
        code: 'short_secret',
        level: 'danger',
        message: expect.stringContaining(`${alg} needs at least ${min} random bytes`),
      });
      expect(shortSecretWarning(alg, min)).toBeNull();
      expect(shortSecretWarning(alg, min + 1)).toBeNull();
    });
  }

  it('says nothing about asymmetric algorithms', () => {
    expect(shortSecretWarning('RS256', 1)).toBeNull();
    expect(shortSecretWarning('ES256', 1)).toBeNull();
  });

  it('warns in a verification trace when an HS512 token is signed with a 32-byte secret', async () => {
    const trace = async (secret: string) => {
      const token = await new SignJWT({ aud: 'a' })
        .setProtectedHeader({ alg: 'HS512' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
      const result = await verifyWithTrace(
        token,
        { kind: 'secret', secret, encoding: 'text' },
        { nowMs: Date.now(), algorithms: ['HS512'] },
      );
      expect(result.accepted).toBe(true);
      return result.warnings.map((w) => w.code);
    };
    expect(await trace('x'.repeat(32))).toContain('short_secret');
    expect(await trace('x'.repeat(64))).not.toContain('short_secret');
  });
});
