import { afterEach, describe, expect, it } from 'vitest';
import { OAUTH_LAB } from '../../../src/common/labs/oauth';
import { useTestLab } from '../helpers';
import { runServerAttack, setToggles } from './ratelimit-oauth-kit';

const ALL_ON = Object.fromEntries(OAUTH_LAB.toggles.map((t) => [t.name, true]));

/** Every OAuth attack through the catalogue's interface: the same runner as the lab's route, both ways. */
describe('OAuth catalogue runners, both ways', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(() => setToggles(h, ALL_ON));
  const runnerOf = (id: string) => h.lab.labs.oauth.attacks.runners[id as 'code-replay'];

  it('has a server runner for every declared attack, and nothing else', () => {
    expect(Object.keys(h.lab.labs.oauth.attacks.runners).sort()).toEqual(OAUTH_LAB.attacks.map((a) => a.id).sort());
  });

  it.each(OAUTH_LAB.attacks.map((a) => [a.id, a.defeats[0]] as const))(
    '%s: refused with %s on, succeeds with it off',
    async (id, toggle) => {
      const on = await runServerAttack(h, runnerOf(id));
      expect(on.succeeded, on.steps.join('\n')).toBe(false);
      expect(on.steps.length).toBeGreaterThan(0);

      await setToggles(h, { [toggle]: false });
      const off = await runServerAttack(h, runnerOf(id));
      expect(off.succeeded, off.steps.join('\n')).toBe(true);
    },
  );
});

/** The scripted victim of the walkthroughs: lab links only, a 4xx for anything else. */
describe('POST /api/lab/oauth/victim/open', () => {
  const h = useTestLab({ resetBeforeEach: true });
  const open = (json: unknown) => h.call('POST', '/api/lab/oauth/victim/open', { json });

  it.each([
    ['a host outside the lab', { url: 'http://example.com/' }],
    ['another port on loopback', { url: 'http://127.0.0.1:9/' }],
    ['not a URL', { url: 'not a url' }],
    ['no url', {}],
    ['an extra field', { url: 'http://127.0.0.1:3/', more: 1 }],
  ])('refuses %s with 400', async (_what, body) => {
    const answer = await open(body);
    expect(answer.status).toBe(400);
    expect(typeof answer.body.error).toBe('string');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const answer = await h.call('POST', '/api/lab/oauth/victim/open', {
      body: 'url=http://127.0.0.1:3/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
  });

  it('opens a page of Your App as the demo user’s browser and says who Your App sees', async () => {
    const answer = await open({ url: `${h.lab.origins.client}/` });
    expect(answer.status).toBe(200);
    expect(answer.body.finalStatus).toBe(200);
    expect(answer.body.yourAppSignedInAs).toBeNull();
    expect(answer.body.hops[0]).toBe(`GET ${h.lab.origins.client}/ → 200`);
  });

  it('signs in to Lab ID as the demo user when a login asks, and shows no query string', async () => {
    const login = await open({ url: `${h.lab.origins.client}/login` });
    expect(login.status).toBe(200);
    expect(login.body.yourAppSignedInAs).toBe('user@authlab.test');
    expect(JSON.stringify(login.body.hops)).not.toMatch(/[?#]/);
  });

  it('stops where a redirect leaves the lab (a native app’s loopback port)', async () => {
    const url = new URL(`${h.lab.origins.idp}/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'lab-cli',
      redirect_uri: 'http://127.0.0.1:53682/callback',
      scope: 'openid',
      state: 'x',
    }).toString();
    const visit = await open({ url: url.toString() });
    expect(visit.status).toBe(200);
    expect(visit.body.hops.some((hop: string) => hop.includes(':53682'))).toBe(false);
  });
});

describe('OAuth runs tag their traffic', () => {
  const h = useTestLab({ resetBeforeEach: true });

  it.each(OAUTH_LAB.attacks.map((a) => a.id))(
    '%s: every request the run makes carries the run tag, so no attempt takes it for the learner',
    async (id) => {
      const before = h.lab.context.recorder.list({ limit: 1 }).at(-1)?.id ?? 0;
      await runServerAttack(h, h.lab.labs.oauth.attacks.runners[id as 'code-replay']);
      const made = h.lab.context.recorder.list({ afterId: before, limit: 2000 });
      expect(made.length).toBeGreaterThan(0);
      expect(made.filter((e) => e.requestHeaders['x-authlab-run'] !== '1').map((e) => `${e.method} ${e.url}`)).toEqual(
        [],
      );
    },
  );
});
