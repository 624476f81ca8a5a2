import { describe, expect, it, vi } from 'vitest';
import { userCodeLetters } from '../../../src/server/labs/oauth/device-authorization';
import { ScriptedBrowser, account, hiddenFields, postForm } from '../helpers/oauth';
import { useOAuthLab } from '../helpers/oauth-lab';

describe('Lab ID, the authorization server', () => {
  const { h } = useOAuthLab();

  describe('device flow (RFC 8628)', () => {
    it('polls with authorization_pending and slow_down, then gets tokens once the user approves', async () => {
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid lab.api' });
      expect(start.status).toBe(200);
      expect(start.body.user_code).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
      expect(start.body.interval).toBe(5);
      const poll = () =>
        postForm(h, '/token', {
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          device_code: start.body.device_code,
          client_id: 'lab-cli',
        });
      expect((await poll()).body.error).toBe('authorization_pending');
      const fast = await poll();
      expect(fast.body.error).toBe('slow_down');
      expect(fast.body.interval).toBe(10);

      const browser = new ScriptedBrowser(h.fetch);
      const who = await account(h);
      let page = await browser.request('GET', start.body.verification_uri_complete);
      expect(page.text).toContain('action="/login"');
      page = await browser.navigate(`${h.lab.origins.idp}/login`, () => false, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
      expect(page.text).toContain(start.body.user_code);
      const approved = await browser.request('POST', `${h.lab.origins.idp}/device`, {
        form: { ...hiddenFields(page.text), user_code: start.body.user_code.toLowerCase(), decision: 'allow' },
      });
      expect(approved.text).toContain('Device connected');
      // Nothing is left to enter once the device is connected: no empty code form under the message.
      expect(approved.text).not.toContain('name="user_code"');
      expect(approved.text).toContain('href="/device"');
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 11_000 } });
      const tokens = await poll();
      expect(tokens.status).toBe(200);
      expect(tokens.body.access_token).toBeTruthy();
      expect((await poll()).body.error).toBe('invalid_grant');
    });

    it('a poll whose signer fails leaves the approval for the next poll', async () => {
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      const browser = new ScriptedBrowser(h.fetch);
      const who = await account(h);
      let page = await browser.request('GET', start.body.verification_uri_complete);
      page = await browser.navigate(`${h.lab.origins.idp}/login`, () => false, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
      await browser.request('POST', `${h.lab.origins.idp}/device`, {
        form: { ...hiddenFields(page.text), user_code: start.body.user_code, decision: 'allow' },
      });
      const poll = () =>
        postForm(h, '/token', {
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          device_code: start.body.device_code,
          client_id: 'lab-cli',
        });
      const sign = vi.spyOn(h.lab.labs.oauth.services.keys, 'sign').mockRejectedValueOnce(new Error('simulated crash'));
      try {
        expect((await poll()).status).toBe(500);
      } finally {
        sign.mockRestore();
      }
      const tokens = await poll();
      expect(tokens.status).toBe(200);
      expect((await poll()).body.error).toBe('invalid_grant');
    });

    it('reports expired_token after 10 minutes and refuses clients without the grant', async () => {
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 11 * 60_000 } });
      const late = await postForm(h, '/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: start.body.device_code,
        client_id: 'lab-cli',
      });
      expect(late.body.error).toBe('expired_token');
      const spa = await postForm(h, '/device_authorization', { client_id: 'lab-spa' });
      expect(spa.body.error).toBe('unauthorized_client');
    });

    it('limits wrong user_code guesses per session on the lab clock (RFC 8628 §5.1)', async () => {
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      const browser = new ScriptedBrowser(h.fetch);
      const who = await account(h);
      let page = await browser.request('GET', `${h.lab.origins.idp}/device`);
      page = await browser.navigate(`${h.lab.origins.idp}/login`, () => false, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
      const submit = async (userCode: string) => {
        const answer = await browser.request('POST', `${h.lab.origins.idp}/device`, {
          form: { ...hiddenFields(page.text), user_code: userCode, decision: 'allow' },
        });
        page = answer;
        return answer;
      };
      for (let i = 0; i < 5; i++) expect((await submit('BBBB-BBBB')).status).toBe(400);
      // Over budget, even the right code waits: otherwise guessing would simply continue.
      const blocked = await submit(start.body.user_code);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Too many wrong codes');
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 9 * 60_000 } });
      const late = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      expect((await submit(late.body.user_code)).status).toBe(429);
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 6 * 60_000 } });
      const ok = await submit(late.body.user_code);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('Device connected');
    });

    it('counts GET /device?user_code= lookups against the same budget, and past it shows no client (RFC 8628 §5.1)', async () => {
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      const browser = new ScriptedBrowser(h.fetch);
      const who = await account(h);
      const signInPage = await browser.request('GET', `${h.lab.origins.idp}/device`);
      await browser.navigate(`${h.lab.origins.idp}/login`, () => false, {
        form: { ...hiddenFields(signInPage.text), email: who.email, password: who.password },
      });
      const lookUp = (userCode: string) =>
        browser.request('GET', `${h.lab.origins.idp}/device?user_code=${encodeURIComponent(userCode)}`);
      // Within the budget a right code names its client; a lookup of the right code costs nothing.
      expect((await lookUp(start.body.user_code)).text).toContain('Lab CLI');
      for (let i = 0; i < 5; i++) expect((await lookUp(`BBBB-BBB${'BCDFG'[i]}`)).text).not.toContain('Lab CLI');
      const blocked = await lookUp(start.body.user_code);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Too many wrong codes');
      expect(blocked.text).not.toContain('Lab CLI');
      // The form shares the budget the lookups spent.
      const posted = await browser.request('POST', `${h.lab.origins.idp}/device`, {
        form: { ...hiddenFields(blocked.text), user_code: start.body.user_code, decision: 'allow' },
      });
      expect(posted.status).toBe(429);
    });

    it('a guess window started while the lab clock was ahead is over once the clock is back', async () => {
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 24 * 60 * 60_000 } });
      const browser = new ScriptedBrowser(h.fetch);
      const who = await account(h);
      let page = await browser.request('GET', `${h.lab.origins.idp}/device`);
      page = await browser.navigate(`${h.lab.origins.idp}/login`, () => false, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
      const submit = async (userCode: string) => {
        page = await browser.request('POST', `${h.lab.origins.idp}/device`, {
          form: { ...hiddenFields(page.text), user_code: userCode, decision: 'allow' },
        });
        return page;
      };
      for (let i = 0; i < 5; i++) await submit('BBBB-BBBB');
      expect((await submit('BBBB-BBBB')).status).toBe(429);
      await h.call('POST', '/api/lab/clock', { json: { reset: true } });
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      const ok = await submit(start.body.user_code);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('Device connected');
    });

    it('draws user-code letters without modulo bias (rejection sampling)', () => {
      // 240..255 would map onto the first 16 letters a second time: they are drawn again.
      const draws = [Buffer.from([255, 240, 0, 19]), Buffer.from([20, 241, 39, 250])];
      const letters = userCodeLetters(4, () => draws.shift()!);
      expect(letters).toBe('BZBZ');
      const counts = new Map<string, number>();
      for (let i = 0; i < 500; i++) for (const c of userCodeLetters(8)) counts.set(c, (counts.get(c) ?? 0) + 1);
      expect(counts.size).toBe(20);
    });
  });
});
