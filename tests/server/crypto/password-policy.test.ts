import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPassword, loadDenyList } from '../../../src/server/crypto/password-policy';

const denyList = loadDenyList(join(import.meta.dirname, '../../../resources/passwords/deny-list.txt'));
const codes = (password: string, options: Partial<Parameters<typeof checkPassword>[1]> = {}) =>
  checkPassword(password, { denyList, useDenyList: true, ...options }).map((p) => p.code);

describe('password policy (NIST SP 800-63B)', () => {
  it('ships a real deny-list', () => {
    expect(denyList.size).toBeGreaterThan(10_000);
    for (const common of ['password1', 'iloveyou', '12345678', 'qwertyuiop']) expect(denyList.has(common)).toBe(true);
  });

  it.each([
    ['short', 'abc1234', ['too_short']],
    ['eight characters, no composition rules', 'lowercase only', []],
    ['common password', 'password1', ['common_password']],
    ['common password, any case', 'PassWord1', ['common_password']],
    ['repetitive', 'aaaaaaaaaa', ['repetitive']],
    ['two characters over and over', 'abababababab', ['repetitive']],
    ['a long run and a different tail (the 72-byte test case)', `${'a'.repeat(72)}X`, []],
    ['64 characters', 'x'.repeat(32) + 'y'.repeat(31) + 'z', []],
    ['too long', 'correct horse '.repeat(20), ['too_long']],
  ])('%s', (_name, password, expected) => {
    expect(codes(password)).toEqual(expected);
  });

  it('counts Unicode characters, not bytes, and accepts any of them', () => {
    expect(codes('😀😀😀😀😀😀😀')).toEqual(['too_short']); // 7 emoji = 28 bytes
    expect(codes('пароль-для-лаборатории')).toEqual([]);
    expect(codes('🔐 ключ 鍵 clé')).toEqual([]);
  });

  it('refuses a password built from the email', () => {
    expect(codes('maria-2024-secret', { email: 'maria@example.com' })).toEqual(['contains_email']);
  });

  it('lets breached passwords through only when the deny-list toggle is off', () => {
    expect(codes('password1', { useDenyList: false })).toEqual([]);
  });
});
