import { describe, expect, it } from 'vitest';
import { setToggles, useTestLab } from '../helpers';
import { cookieHeaderFrom, sessionSetCookie } from '../helpers/session';
import { codeAt, enroll, freshUser, nextStep, passwordStep } from '../helpers/mfa';

const h = useTestLab();

/** Runs an attack with its defence on, then off, and puts the defence back. */
async function bothWays(toggle: string, attack: () => Promise<boolean>): Promise<{ on: boolean; off: boolean }> {
  await setToggles(h, { [toggle]: true });
  const on = await attack();
  await setToggles(h, { [toggle]: false });
  try {
    return { on, off: await attack() };
  } finally {
    await setToggles(h, { [toggle]: true });
  }
}

const finish = (mfaTicket: string, code: string, extra: Record<string, string> = {}, path = 'session') =>
  h.call('POST', `/api/${path}/login/mfa`, { json: { mfaTicket, code, ...extra } });

describe('mfa.replayProtection', () => {
  it('a code seen once (over a shoulder, in a log) works again only with the defence off', async () => {
    const result = await bothWays('mfa.replayProtection', async () => {
      const victim = await enroll(h, await freshUser(h));
      const seen = codeAt(h, victim.secret!);
      expect((await finish(await passwordStep(h, victim), seen)).status).toBe(200);
      // The attacker knows the password too, and replays the code inside its window.
      return (await finish(await passwordStep(h, victim), seen)).status === 200;
    });
    expect(result).toEqual({ on: false, off: true });
  });
});

describe('mfa.attemptLimit', () => {
  it('guessing past 5 wrong codes reaches the right one only with the defence off', async () => {
    const result = await bothWays('mfa.attemptLimit', async () => {
      const victim = await enroll(h, await freshUser(h));
      const ticket = await passwordStep(h, victim);
      const right = codeAt(h, victim.secret!);
      // 20 wrong guesses, then the one that matches (a brute force, shortened).
      let n = 0;
      for (let guess = 0; n < 20; guess++) {
        const code = String(guess).padStart(6, '0');
        if ([-1, 0, 1].some((s) => codeAt(h, victim.secret!, s) === code)) continue;
        await finish(ticket, code);
        n++;
      }
      return (await finish(ticket, right)).status === 200;
    });
    expect(result).toEqual({ on: false, off: true });
  });
});

describe('mfa.bindTicket', () => {
  it('skipping the code page: the password step signs the session in only with the defence off', async () => {
    const result = await bothWays('mfa.bindTicket', async () => {
      const victim = await enroll(h, await freshUser(h));
      const res = await h.call('POST', '/api/session/login', {
        json: { email: victim.email, password: victim.password },
      });
      expect(res.body.requiresMfa).toBe(true);
      const setCookie = sessionSetCookie(res.headers);
      if (!setCookie) return false;
      const me = await h.call('GET', '/api/session/me', { headers: { cookie: cookieHeaderFrom(setCookie) } });
      return me.status === 200 && me.body.user.email === victim.email;
    });
    expect(result).toEqual({ on: false, off: true });
  });

  it("finishing the victim's ticket with the attacker's own code works only with the defence off", async () => {
    const result = await bothWays('mfa.bindTicket', async () => {
      const victim = await enroll(h, await freshUser(h));
      const attacker = await enroll(h, await freshUser(h));
      // The attacker has the victim's password (a breach), not the victim's phone.
      const victimTicket = await passwordStep(h, victim);
      const res = await finish(victimTicket, codeAt(h, attacker.secret!), { email: attacker.email });
      await nextStep(h);
      return res.status === 200 && res.body.user.email === victim.email;
    });
    expect(result).toEqual({ on: false, off: true });
  });

  it('a session-login ticket finishes a JWT login only with the defence off', async () => {
    const result = await bothWays('mfa.bindTicket', async () => {
      const victim = await enroll(h, await freshUser(h));
      const ticket = await passwordStep(h, victim, 'session');
      const res = await finish(ticket, codeAt(h, victim.secret!), {}, 'jwt');
      await nextStep(h);
      return res.status === 200;
    });
    expect(result).toEqual({ on: false, off: true });
  });
});

describe('mfa.stepUp', () => {
  it('an old login sends money only with the defence off', async () => {
    const result = await bothWays('mfa.stepUp', async () => {
      const victim = await freshUser(h);
      // An hour later: the session is still live (the lab keeps it active), the login is old.
      for (let i = 0; i < 6; i++) {
        await h.call('POST', '/api/lab/clock', { json: { advanceMs: 10 * 60_000 } });
        await h.call('GET', '/api/mfa/status', { headers: victim.headers });
      }
      const res = await h.call('POST', '/api/bank/transfer', {
        json: { to: 'attacker', amount: 9999 },
        headers: victim.headers,
      });
      return res.status === 200;
    });
    expect(result).toEqual({ on: false, off: true });
  });
});

describe('the attack runs’ throwaway accounts', () => {
  it('come with MFA on and send no welcome mail, so the lab inbox stays the learner’s', async () => {
    const res = await h.call('POST', '/api/lab/mfa/attack-account', { json: { kind: 'victim' } });
    expect(res.status).toBe(200);
    const account = res.body as { email: string; password: string; secret: string };
    expect(account.email).toMatch(/^victim-[0-9a-f]+@mfa-lab\.test$/);
    const ticket = await passwordStep(h, account);
    expect((await finish(ticket, codeAt(h, account.secret))).status).toBe(200);
    const inbox = (await h.call('GET', '/api/lab/inbox')).body as Array<{ to: string }>;
    expect(inbox.filter((mail) => mail.to === account.email)).toEqual([]);
    const bad = await h.call('POST', '/api/lab/mfa/attack-account', { json: { kind: 'admin' } });
    expect(bad.status).toBe(400);
  });
});
