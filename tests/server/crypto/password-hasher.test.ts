import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../../src/server/crypto/password-hasher';
import { weakPasswordHash } from '../../../src/server/crypto/weak-password-hash';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(4, 'test-pepper-not-a-secret', 2);
  afterAll(() => hasher.close());

  it('produces bcrypt hashes at the configured cost that verify only the right password', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$2[aby]\$04\$.{53}$/);
    expect(await hasher.verify('correct horse battery staple', hash)).toBe(true);
    expect(await hasher.verify('correct horse battery stapler', hash)).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    "runs its workers below the event loop's priority (nice 10), not the process",
    async () => {
      await hasher.hash('wake every worker');
      await Promise.all([hasher.hash('one'), hasher.hash('two')]);
      const niceOf = (task: string) => {
        const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      };
      const nice = readdirSync('/proc/self/task').map(niceOf);
      expect(niceOf(String(process.pid))).toBe(0);
      expect(nice.filter((n) => n === 10).length).toBeGreaterThanOrEqual(2);
    },
  );

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(a).not.toBe(b);
  });

  it('counts every byte of a password longer than bcrypt\u2019s 72-byte limit', async () => {
    const prefix = 'a'.repeat(72);
    const hash = await hasher.hash(prefix + 'first ending');
    expect(Buffer.byteLength(prefix + 'first ending')).toBeGreaterThan(72);
    expect(await hasher.verify(prefix + 'second ending', hash)).toBe(false);
    expect(await hasher.verify(prefix + 'first ending', hash)).toBe(true);
  });

  it('treats the NFC and NFD spellings of a password as the same password', async () => {
    const hash = await hasher.hash('caf\u00e9 au lait');
    expect(await hasher.verify('cafe\u0301 au lait', hash)).toBe(true);
  });

  it('says no for an unknown user, after doing a real comparison', async () => {
    expect(await hasher.verify('anything', null)).toBe(false);
    expect(await hasher.getDummyHash()).toMatch(/^\$2[aby]\$04\$/);
  });

  it('is useless without the pepper: another lab\u2019s hasher cannot verify this hash', async () => {
    const other = new PasswordHasher(4, 'another-pepper', 1);
    const hash = await hasher.hash('correct horse battery staple');
    expect(await other.verify('correct horse battery staple', hash)).toBe(false);
    await other.close();
  });

  it('hashes off the event loop: timers keep firing while a slow hash runs', async () => {
    const slow = new PasswordHasher(12, 'pepper', 1);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await slow.hash('a password that takes a while');
    clearInterval(timer);
    await slow.close();
    expect(ticks).toBeGreaterThan(3);
  });

  it('verifies the weak sha256$ form of password.hashing=off too, so accounts survive a flip', async () => {
    const weak = weakPasswordHash('keyboardcat');
    expect(weak).toBe(`sha256$${createHash('sha256').update('keyboardcat').digest('hex')}`);
    expect(await hasher.verify('keyboardcat', weak)).toBe(true);
    expect(await hasher.verify('keyboardcat!', weak)).toBe(false);
  });

  it('measures one hash at a given cost in the pool, and refuses a cost out of range', async () => {
    expect(await hasher.measureCost(4)).toBeGreaterThan(0);
    await expect(hasher.measureCost(3)).rejects.toThrow(RangeError);
    await expect(hasher.measureCost(16)).rejects.toThrow(RangeError);
  });

  it.each([3, 16, 10.5, Number.NaN])('refuses cost %s', (cost) => {
    expect(() => new PasswordHasher(cost, 'p', 1)).toThrow(RangeError);
  });
});
