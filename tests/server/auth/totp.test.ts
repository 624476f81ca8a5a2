import { describe, expect, it } from 'vitest';
import { verifyTotp } from '../../../src/server/auth/totp';

// RFC 6238 Appendix B, SHA-1 seed "12345678901234567890" (base32 below); the
// RFC lists 8-digit codes, and a 6-digit code is their last six digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
] as const;

describe('verifyTotp (RFC 6238)', () => {
  it.each(RFC_VECTORS)('accepts the RFC 6238 code at T=%i', (t, code8) => {
    expect(verifyTotp(RFC_SECRET, code8.slice(2), t, null)).toBe(Math.floor(t / 30));
  });

  it('allows one step of drift either way, and no more', () => {
    const code = '287082'; // step 1 (T=30..59)
    expect(verifyTotp(RFC_SECRET, code, 59 + 30, null)).toBe(1);
    expect(verifyTotp(RFC_SECRET, code, 30 - 30, null)).toBe(1);
    expect(verifyTotp(RFC_SECRET, code, 59 + 61, null)).toBeNull();
  });

  it('refuses a code whose step was already spent (replay)', () => {
    expect(verifyTotp(RFC_SECRET, '287082', 59, 1)).toBeNull();
    expect(verifyTotp(RFC_SECRET, '287082', 59, 0)).toBe(1);
  });

  it.each(['', '12345', '1234567', 'abcdef', '28708 ', '２８７０８２'])('refuses the malformed code %j', (code) => {
    expect(verifyTotp(RFC_SECRET, code, 59, null)).toBeNull();
  });
});

describe('verifyTotp after the clock moved back', () => {
  it('refuses every code when all reachable steps were spent, instead of throwing', () => {
    expect(verifyTotp(RFC_SECRET, '287082', 59, 10)).toBeNull();
  });
});
