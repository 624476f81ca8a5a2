import { afterEach, describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { ScriptedBrowser, account, authorizeUrl, postForm, signIn } from '../helpers/oauth';
import { VERIFIER, CHALLENGE } from '../helpers/oauth-lab';
import { doneSteps, setToggles, startAttempt } from './ratelimit-oauth-kit';

/** The OAuth walkthroughs done by hand over HTTP, as a learner would, checked by the lab's live checks. */
describe('OAuth walkthroughs, by hand', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(() =>
    setToggles(h, { 'oauth.singleUseCode': true, 'oauth.checkState': true, 'oauth.exactRedirectUri': true }),
  );
  const checks = (id: string) => h.lab.labs.oauth.attacks.walkthroughs[id as 'code-replay'];

  /** The learner's own browser gets a code for Lab Notes and redeems it `times` times. */
  async function codeReplayByHand(times: number, codes = 1) {
    const redemptions = [];
    for (let c = 0; c < codes; c++) {
      const back = await signIn(
        h,
        new ScriptedBrowser(h.fetch),
        authorizeUrl(h, {
          response_type: 'code',
          client_id: 'lab-spa',
          redirect_uri: `${h.lab.origins.client}/spa/callback`,
          scope: 'openid lab.api',
          state: 'r1',
          code_challenge: CHALLENGE,
          code_challenge_method: 'S256',
        }),
        await account(h),
      );
      const code = new URL(back.location!).searchParams.get('code')!;
      for (let i = 0; i < times; i++)
        redemptions.push(
          await postForm(h, '/token', {
            grant_type: 'authorization_code',
            client_id: 'lab-spa',
            redirect_uri: `${h.lab.origins.client}/spa/callback`,
            code_verifier: VERIFIER,
            code,
          }),
        );
    }
    return redemptions.map((r) => r.status);
  }

  it('code replay: every step turns green, exploited with the defence off and refused with it on', async () => {
    await setToggles(h, { 'oauth.singleUseCode': false });
    const off = startAttempt(h, checks('code-replay'), false);
    expect(await codeReplayByHand(2)).toEqual([200, 200]);
    expect(doneSteps(off.state())).toEqual(['code', 'redeem', 'replay']);
    expect(off.state().goal).toBe('succeeded');

    await setToggles(h, { 'oauth.singleUseCode': true });
    const on = startAttempt(h, checks('code-replay'), true);
    expect(await codeReplayByHand(2)).toEqual([200, 400]);
    expect(doneSteps(on.state())).toEqual(['code', 'redeem', 'replay']);
    expect(on.state().goal).toBe('refused');
  });

  it('code replay: two different codes are no replay, so that step stays open', async () => {
    const attempt = startAttempt(h, checks('code-replay'), true);
    expect(await codeReplayByHand(1, 2)).toEqual([200, 200]);
    const state = attempt.state();
    expect(state.steps.replay).toBeNull();
    expect(state.goal).toBeNull();
  });

  /** The learner fetches an attacker page with curl and sends the victim a link from it. */
  async function attackerPage(path: string) {
    return (await (await h.fetch(`${h.lab.origins.attacker}${path}`)).text()).replace(/&amp;/g, '&');
  }
  const deliver = (url: string) => h.call('POST', '/api/lab/oauth/victim/open', { json: { url } });

  it('login CSRF: the scripted victim ends up logged in as the attacker only with the defence off', async () => {
    await setToggles(h, { 'oauth.checkState': false });
    const off = startAttempt(h, checks('login-csrf'), false);
    const callback = /id="callback">([^<]+)</.exec(await attackerPage('/oauth/login-csrf'))![1]!;
    const visit = await deliver(callback);
    expect(visit.status).toBe(200);
    expect(visit.body.yourAppSignedInAs).toBe('admin@authlab.test');
    expect(doneSteps(off.state())).toEqual(['prepare', 'deliver']);
    expect(off.state().goal).toBe('succeeded');

    await setToggles(h, { 'oauth.checkState': true });
    const on = startAttempt(h, checks('login-csrf'), true);
    // The attacker page itself: the victim's browser follows its refresh to the callback.
    expect((await deliver(`${h.lab.origins.attacker}/oauth/login-csrf`)).body.yourAppSignedInAs).toBeNull();
    expect(doneSteps(on.state())).toEqual(['prepare', 'deliver']);
    expect(on.state().goal).toBe('refused');
  });

  it('login CSRF: a link that never reaches the callback leaves the delivery open', async () => {
    const attempt = startAttempt(h, checks('login-csrf'), true);
    expect((await deliver(`${h.lab.origins.client}/`)).status).toBe(200);
    expect(attempt.state().steps.deliver).toBeNull();
    expect(attempt.state().goal).toBeNull();
  });

  it('loose redirect_uri: the victim’s code reaches the attacker’s page only with the defence off', async () => {
    await setToggles(h, { 'oauth.exactRedirectUri': false });
    const off = startAttempt(h, checks('redirect-uri'), false);
    const link = /id="lab-id-link" href="([^"]+)"/.exec(await attackerPage('/oauth/redirect-uri'))![1]!;
    expect((await deliver(link)).status).toBe(200);
    expect(doneSteps(off.state())).toEqual(['lure', 'deliver']);
    expect(off.state().goal).toBe('succeeded');

    await setToggles(h, { 'oauth.exactRedirectUri': true });
    const on = startAttempt(h, checks('redirect-uri'), true);
    const again = /id="lab-id-link" href="([^"]+)"/.exec(await attackerPage('/oauth/redirect-uri'))![1]!;
    expect((await deliver(again)).status).toBe(200);
    expect(doneSteps(on.state())).toEqual(['lure', 'deliver']);
    expect(on.state().goal).toBe('refused');
  });
});
