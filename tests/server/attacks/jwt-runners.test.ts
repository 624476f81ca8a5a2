import { afterEach, describe, expect, it } from 'vitest';
import { JWT_LAB } from '../../../src/common/labs/jwt';
import { JWT_RUNNERS } from '../../../src/server/labs/jwt/attacks';
import { setToggles, turnEveryDefenceOn, useTestLab } from '../helpers';
import { runAttackAnswering, runContext } from './attack-run';

const accessAlgs = async (h: ReturnType<typeof useTestLab>) =>
  (
    (await h.call('GET', '/api/lab/jwt/keys')).body as Array<{
      purpose: string;
      alg: string;
      weak: boolean;
      retireAt: string | null;
    }>
  )
    .filter((k) => k.purpose === 'access' && !k.weak && k.retireAt === null)
    .map((k) => k.alg);

/** Every JWT attack the server runs: blocked with its defence on, exploited with it off, over real HTTP. */
describe('JWT lab server runners', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(() => turnEveryDefenceOn(h));

  const serverAttacks = JWT_LAB.attacks.filter((a) => !('runsIn' in a) || a.runsIn !== 'browser');

  it('has a runner for exactly the attacks that run on the server', () => {
    expect(Object.keys(JWT_RUNNERS).sort()).toEqual(serverAttacks.map((a) => a.id).sort());
  });

  it.each(serverAttacks.map((a) => [a.id, a.defeats] as const))(
    '%s: blocked with %j on, exploited with it off',
    async (id, defeats) => {
      const runner = JWT_RUNNERS[id as keyof typeof JWT_RUNNERS]!;
      const algsBefore = await accessAlgs(h);
      const on = runContext(h);
      expect((await runner.run(on)).succeeded, on.said.join('\n')).toBe(false);

      await setToggles(h, Object.fromEntries(defeats.map((t) => [t, false])));
      const off = runContext(h);
      expect((await runner.run(off)).succeeded, off.said.join('\n')).toBe(true);
      // The lab is left as found: the same signing algorithm, the clock where it was.
      expect(await accessAlgs(h)).toEqual(algsBefore);
      expect(h.lab.context.clock.offsetMs).toBe(0);
    },
  );

  it.each([
    ['keyConfusion', 'HS256', 'jwt.algorithmAllowList'],
    ['weakSecret', 'RS256', 'jwt.strongSecret'],
  ] as const)('%s borrows the key it needs when the lab signs with %s, and rotates back', async (id, alg, toggle) => {
    await h.call('POST', '/api/jwt/keys/rotate', { json: { alg } });
    await setToggles(h, { [toggle]: false });
    const run = runContext(h);
    expect((await JWT_RUNNERS[id]!.run(run)).succeeded, run.said.join('\n')).toBe(true);
    expect(await accessAlgs(h)).toEqual([alg]);
  });

  it.each([
    ['algNone', '/api/jwt/admin', 429, 'rate_limited'],
    ['algNone', '/api/jwt/admin', 403, 'forbidden'],
    ['longTtl', '/api/jwt/me', 429, 'rate_limited'],
  ] as const)(
    '%s facing an unrelated %s %s could not run: not a verdict of blocked',
    async (id, path, status, error) => {
      const run = runAttackAnswering(h, JWT_RUNNERS[id], { method: 'GET', path, status, body: { error } });
      await expect(run).rejects.toMatchObject({ statusCode: 409 });
      expect(h.lab.context.clock.offsetMs).toBe(0);
    },
  );

  it('refreshReuse facing an unrelated 429 on the replay could not run: not a verdict of blocked', async () => {
    const run = runAttackAnswering(h, JWT_RUNNERS.refreshReuse, {
      method: 'POST',
      path: '/api/jwt/refresh',
      status: 429,
      body: { error: 'rate_limited' },
      after: 1,
    });
    await expect(run).rejects.toMatchObject({ statusCode: 409 });
  });
});
