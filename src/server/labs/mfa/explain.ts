import { createHmac } from 'node:crypto';
import { TOTP_DIGITS, TOTP_PERIOD_S, totpStep } from '../../auth/totp';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A base32 TOTP secret as authenticator apps show it: letters A-Z and digits 2-7, optional padding. */
const BASE32_SECRET = /^([A-Z2-7]*)(=*)$/;
/** Padding each length of the last 8-character group needs (RFC 4648 §6); lengths not listed cannot end a base32 text. */
const PADDING_FOR_TAIL: Record<number, number> = { 0: 0, 2: 6, 4: 4, 5: 3, 7: 1 };
/** RFC 4226 §4 R6: a shared secret of at least 128 bits; the HMAC key is at most one SHA-1 block (64 bytes). */
export const SECRET_BYTES = { min: 16, max: 64 } as const;

/**
 * Why this text is not a usable TOTP secret, or null when it is: base32
 * characters only, a length that base32 can end on, padding that fits it,
 * and 128 to 512 bits of key (RFC 4648 §6; RFC 4226 §4 R6).
 */
export function base32SecretProblem(secret: string): string | null {
  const match = BASE32_SECRET.exec(secret);
  if (!match) return 'The secret must be base32: letters A-Z and digits 2-7 (and = padding at the end only).';
  const [, data = '', padding = ''] = match;
  const needed = PADDING_FOR_TAIL[data.length % 8];
  if (needed === undefined) {
    return `A base32 text cannot be ${data.length} characters long: a character is missing or one too many.`;
  }
  if (padding.length > 0 && padding.length !== needed) {
    return `The padding does not fit: ${data.length} characters take ${needed} "=" signs, not ${padding.length}.`;
  }
  const bytes = Math.floor((data.length * 5) / 8);
  if (bytes < SECRET_BYTES.min) {
    return `The secret is ${bytes * 8} bits; a TOTP secret needs at least ${SECRET_BYTES.min * 8} (26 base32 characters).`;
  }
  if (bytes > SECRET_BYTES.max) return `The secret is ${bytes * 8} bits; at most ${SECRET_BYTES.max * 8} are accepted.`;
  return null;
}

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
