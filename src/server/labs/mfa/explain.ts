import { createHmac } from 'node:crypto';
import { TOTP_DIGITS, TOTP_PERIOD_S, totpStep } from '../../auth/totp';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A base32 TOTP secret as authenticator apps show it: letters A-Z and digits 2-7, optional padding and spaces. */
export const BASE32_SECRET = /^[A-Z2-7]{16,128}=*$/;

/** RFC 4648 base32 to bytes. Throws on a character outside the alphabet. */
export function base32ToBytes(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new RangeError('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * How one code is made, step by step, with the bytes of every step (RFC 4226
 * §5.3, the HOTP algorithm that RFC 6238 runs on the time counter):
 * HMAC-SHA-1(key, 8-byte big-endian counter), dynamic truncation at the offset
 * the last nibble names, the top bit cleared, modulo 10^digits.
 */
export function explainHotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS) {
  const counterBytes = Buffer.alloc(8);
  counterBytes.writeBigUInt64BE(BigInt(counter));
  const hmac = createHmac('sha1', key).update(counterBytes).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const slice = hmac.subarray(offset, offset + 4);
  const truncated = slice.readUInt32BE(0) & 0x7fffffff;
  const modulus = 10 ** digits;
  return {
    counter,
    counterHex: hex(counterBytes),
    keyHex: hex(key),
    hmacHex: hex(hmac),
    offset,
    sliceHex: hex(slice),
    truncated,
    modulus,
    code: String(truncated % modulus).padStart(digits, '0'),
  };
}

/** The same, for the time step of `epochSeconds`: what the built-in authenticator shows. */
export function explainTotp(secret: string, epochSeconds: number) {
  const step = totpStep(epochSeconds);
  return {
    epochSeconds,
    period: TOTP_PERIOD_S,
    ...explainHotp(base32ToBytes(secret), step),
  };
}
