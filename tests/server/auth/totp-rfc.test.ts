import { describe, expect, it } from 'vitest';
import { hotpCode, newTotpSecret, totpCode, verifyTotp } from '../../../src/server/auth/totp';
import { base32ToBytes, explainHotp, explainTotp } from '../../../src/server/labs/mfa/explain';

// The RFC's seed for SHA-1: the ASCII bytes "12345678901234567890", base32 below.
const SEED = new TextEncoder().encode('12345678901234567890');
const SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

// RFC 6238 Appendix B (SHA-1 rows): 8-digit codes; the lab's 6-digit code is the last six.
const RFC6238: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

// RFC 4226 Appendix D: HOTP values for counters 0..9, with the truncated 31-bit values.
const RFC4226: Array<[number, string, number]> = [
  [0, '755224', 0x4c93cf18],
  [1, '287082', 0x41397eea],
  [2, '359152', 0x82fef30],
  [3, '969429', 0x66ef7655],
  [4, '338314', 0x61c5938a],
  [5, '254676', 0x33c083d4],
  [6, '287922', 0x7256c032],
  [7, '162583', 0x4e5b397],
  [8, '399871', 0x2823443f],
  [9, '520489', 0x2679dc69],
];

describe('RFC 6238 Appendix B through the lab TOTP configuration', () => {
  it.each(RFC6238)('T=%i gives %s (8 digits) and its last six (6 digits)', (t, code8) => {
    expect(totpCode(SEED, t, 8)).toBe(code8);
    expect(totpCode(SEED_BASE32, t)).toBe(code8.slice(2));
    expect(verifyTotp(SEED_BASE32, code8.slice(2), t, null)).toBe(Math.floor(t / 30));
  });
});

describe('RFC 4226 Appendix D', () => {
  it.each(RFC4226)('counter %i gives %s', (counter, code, truncated) => {
    expect(hotpCode(SEED, counter)).toBe(code);
    // The step-by-step explanation the lab page shows is the same algorithm.
    const explained = explainHotp(SEED, counter);
    expect(explained.truncated).toBe(truncated);
    expect(explained.code).toBe(code);
  });

  it('shows the RFC 4226 §5.4 worked example bytes for counter 0', () => {
    const e = explainHotp(SEED, 0);
    expect(e.counterHex).toBe('0000000000000000');
    expect(e.hmacHex).toBe('cc93cf18508d94934c64b65d8ba7667fb7cde4b0');
    expect(e.offset).toBe(0);
    expect(e.sliceHex).toBe('cc93cf18');
  });
});

describe('lab secrets', () => {
  it('are 160 random bits in base32, different every time', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32ToBytes(a)).toHaveLength(20);
    expect(newTotpSecret()).not.toBe(a);
  });

  it('explainTotp agrees with otplib on a random secret', () => {
    const secret = newTotpSecret();
    for (const t of [0, 59, 1_700_000_000, 2_000_000_000])
      expect(explainTotp(secret, t).code).toBe(totpCode(secret, t));
  });

  it('base32 decoding refuses a character outside the alphabet', () => {
    expect(() => base32ToBytes('ABC1')).toThrow(RangeError);
    expect([...base32ToBytes(SEED_BASE32)]).toEqual([...SEED]);
  });
});
