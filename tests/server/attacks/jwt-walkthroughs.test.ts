import { afterEach, describe, expect, it } from 'vitest';
import {
  crackHs256Secret,
  forgeUnsigned,
  publicKeyPem,
  signHs256,
  signWithPublicKeyText,
} from '../../../src/common/jwt-inspect';
import { JWT_WALKTHROUGHS } from '../../../src/common/labs/jwt-walkthroughs';
import { setToggles, turnEveryDefenceOn, useTestLab } from '../helpers';
import { admin, login, me, refresh, tamper } from '../helpers/jwt';
import { attempt } from './attack-run';

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

/** The JWT walkthroughs done by hand over HTTP: each step and the goal turn from null to evidence. */
describe('JWT lab walkthroughs, checked live', () => {
  const h = useTestLab({ resetBeforeEach: true });
  const checks = () => h.lab.labs.jwt.attacks.walkthroughs;
  afterEach(async () => {
    h.lab.context.clock.reset();
    await turnEveryDefenceOn(h);
  });

  it('declares one check per step, for every attack', () => {
    for (const [id, walkthrough] of Object.entries(JWT_WALKTHROUGHS)) {
      const check = checks()[id as keyof ReturnType<typeof checks>];
      expect(Object.keys(check.steps).sort(), id).toEqual(walkthrough.steps.map((s) => s.id).sort());
    }
  });

  it.each([
    [false, 'succeeded'],
    [true, 'refused'],
  ] as const)('alg none with the defence on=%s: the goal is %s', async (on, goal) => {
    await setToggles(h, { 'jwt.algorithmAllowList': on });
    const a = attempt(h, checks().algNone, on);
    expect([a.step('token'), a.step('forge'), a.step('send'), a.goal()]).toEqual([null, null, null, null]);
    const { accessToken } = await login(h);
    expect(a.step('token')).toMatch(/issued a \w+ token with role "user"/);
    // A wrong paste: the real, signed token is no forgery.
    a.paste('forge', accessToken);
    expect(a.step('forge')).toBeNull();
    const forged = forgeUnsigned(headerOf(accessToken), { ...claimsOf(accessToken), role: 'admin' });
    a.paste('forge', forged);
    expect(a.step('forge')).toMatch(/alg "none"/);
    // Sending the real token is not sending the forgery.
    await admin(h, accessToken);
    expect(a.step('send')).toBeNull();
    await admin(h, forged);
    expect(a.step('send')).toMatch(/GET \/api\/jwt\/admin → (200|401)/);
    expect(a.goal()).toBe(goal);
  });

  it.each([
    [false, 'succeeded'],
    [true, 'refused'],
  ] as const)('refresh reuse with the defence on=%s: the goal is %s', async (on, goal) => {
    await setToggles(h, { 'jwt.refreshReuseDetection': on });
    const a = attempt(h, checks().refreshReuse, on);
    const { refreshCookie } = await login(h);
    expect(a.step('login')).toMatch(/set refresh cookie \[masked/);
    expect(a.step('rotate')).toBeNull();
    expect((await refresh(h, refreshCookie)).status).toBe(200);
    expect(a.step('rotate')).toMatch(/POST \/api\/jwt\/refresh → 200/);
    expect(a.step('replay')).toBeNull();
    await refresh(h, refreshCookie);
    expect(a.step('replay')).toMatch(/rotated-out refresh cookie/);
    expect(a.goal()).toBe(goal);
  });

  it.each([
    [false, 'succeeded'],
    [true, 'refused'],
  ] as const)('a day-old token with the defence on=%s: the goal is %s', async (on, goal) => {
    await setToggles(h, { 'jwt.shortAccessTtl': on });
    const a = attempt(h, checks().longTtl, on);
    const { accessToken } = await login(h);
    expect(a.step('token')).not.toBeNull();
    // Used at once: not the attack.
    await me(h, accessToken);
    expect(a.step('use')).toBeNull();
    expect(a.step('wait')).toBeNull();
    h.lab.context.clock.advance(24 * 3600_000);
    expect(a.step('wait')).toMatch(/24 hours/);
    await me(h, accessToken);
    expect(a.step('use')).toMatch(/GET \/api\/jwt\/me → (200|401)/);
    expect(a.goal()).toBe(goal);
  });

  it('weak secret: a wrong word leaves the crack open, the right one signs an admin token', async () => {
    await setToggles(h, { 'jwt.strongSecret': false });
    await h.call('POST', '/api/jwt/keys/rotate', { json: { alg: 'HS256' } });
    const a = attempt(h, checks().weakSecret, false);
    const { accessToken } = await login(h);
    expect(a.step('token')).toMatch(/HS256 token/);
    a.paste('crack', 'definitely-not-the-secret');
    expect(a.step('crack')).toBeNull();
    const { words } = (await h.call('GET', '/api/lab/jwt/wordlist')).body as { words: string[] };
    const secret = (await crackHs256Secret(accessToken, words))!;
    a.paste('crack', secret);
    // The evidence is stored in the lab's database: it says the secret was found, never what it is.
    expect(a.step('crack')).toMatch(/pasted secret verifies your token/);
    expect(a.step('crack')).not.toContain(secret);
    const forged = await signHs256(
      headerOf(accessToken),
      { ...claimsOf(accessToken), role: 'admin' },
      new TextEncoder().encode(secret),
    );
    expect((await admin(h, forged)).status).toBe(200);
    expect(a.step('send')).not.toBeNull();
    expect(a.goal()).toBe('succeeded');
  });

  it('weak secret with the defence on: cracking finds nothing, and the admin token signed with a guess is refused', async () => {
    await h.call('POST', '/api/jwt/keys/rotate', { json: { alg: 'HS256' } });
    const a = attempt(h, checks().weakSecret, true);
    const { accessToken } = await login(h);
    expect(a.goal()).toBeNull();
    a.paste('crack', 'none');
    expect(a.step('crack')).toBeNull();
    // A junk paste alone is no attempt: nothing was sent.
    expect(a.goal()).toBeNull();
    const guessed = await signHs256(
      headerOf(accessToken),
      { ...claimsOf(accessToken), role: 'admin' },
      new TextEncoder().encode('none'),
    );
    expect((await admin(h, guessed)).status).toBe(401);
    expect(a.goal()).toBe('refused');
  });

  it('signature not verified: only claims edited under the lab\u2019s own header count', async () => {
    await setToggles(h, { 'jwt.verifySignature': false });
    const a = attempt(h, checks().noVerify, false);
    const { accessToken } = await login(h);
    await admin(h, accessToken);
    expect(a.step('send')).toBeNull();
    expect(
      (
        await admin(
          h,
          tamper(accessToken, (c) => (c.role = 'admin')),
        )
      ).status,
    ).toBe(200);
    expect(a.step('send')).toMatch(/old signature/);
    expect(a.goal()).toBe('succeeded');
  });

  it('key confusion: the JWKS, a pasted HS256 token naming the RSA key, and the call', async () => {
    await setToggles(h, { 'jwt.algorithmAllowList': false });
    await h.call('POST', '/api/jwt/keys/rotate', { json: { alg: 'RS256' } });
    const a = attempt(h, checks().keyConfusion, false);
    const jwks = await h.call('GET', '/.well-known/jwks.json');
    expect(a.step('jwks')).toMatch(/jwks\.json → 200/);
    const { accessToken } = await login(h);
    const header = headerOf(accessToken);
    // A wrong attempt: an HS256 token that still says role "user" does not count.
    a.paste('forge', await signHs256(header, claimsOf(accessToken), new TextEncoder().encode('x')));
    expect(a.step('forge')).toBeNull();
    const pem = await publicKeyPem({ kind: 'jwks', json: jwks.text }, header.kid);
    const forged = await signWithPublicKeyText(header, { ...claimsOf(accessToken), role: 'admin' }, pem);
    a.paste('forge', forged);
    expect(a.step('forge')).toMatch(/RS256 key/);
    expect((await admin(h, forged)).status).toBe(200);
    expect(a.goal()).toBe('succeeded');
  });

  it.each([
    [false, 'succeeded'],
    [true, 'refused'],
  ] as const)('kid injection with the defence on=%s: the goal is %s', async (on, goal) => {
    await setToggles(h, { 'jwt.kidSanitizing': on });
    const a = attempt(h, checks().kidInjection, on);
    const { accessToken } = await login(h);
    const kid = "x' UNION SELECT 'attacker-secret' --";
    const forged = await signHs256(
      { ...headerOf(accessToken), kid },
      { ...claimsOf(accessToken), role: 'admin' },
      new TextEncoder().encode('attacker-secret'),
    );
    await admin(h, accessToken);
    expect(a.step('send')).toBeNull();
    await admin(h, forged);
    expect(a.step('send')).toContain(kid);
    expect(a.goal()).toBe(goal);
  });

  it('token theft from localStorage: a pasted token used from curl, or nothing there to steal', async () => {
    const a = attempt(h, checks().localStorage, false);
    const { accessToken } = await login(h);
    a.paste('steal', accessToken);
    expect(a.step('steal')).toMatch(/held an access token/);
    expect(a.step('use')).toBeNull();
    await me(h, accessToken);
    expect(a.step('use')).toMatch(/stolen token/);
    expect(a.goal()).toBe('succeeded');

    const empty = attempt(h, checks().localStorage, true);
    await login(h);
    empty.paste('steal', 'null');
    expect(empty.step('steal')).toMatch(/held no token/);
    expect(empty.goal()).toBe('refused');
  });
});
