import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../src/common/api';
import { jwtLab, mfaLab } from '../helpers';
import { ScriptedBrowser, account, demoClients, hiddenFields } from '../helpers/oauth';
import { useTestLab, type LabHarness } from '../helpers';
import { demoAccount, login, me, totpNow } from '../helpers/session';

const h = useTestLab({ listen: true, resetBeforeEach: true });

/** The stored rows, as a copy of the database would show them (recording happens after the answer). */
async function storedExchange(harness: LabHarness, match: (e: TrafficEntry) => boolean): Promise<TrafficEntry> {
  for (let i = 0; i < 100; i++) {
    const res = await harness.call('GET', '/api/lab/traffic?limit=200');
    const found = (res.body as TrafficEntry[]).find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the exchange was not recorded');
}

const rawRows = (harness: LabHarness) => JSON.stringify(harness.lab.context.db.prepare('SELECT * FROM traffic').all());

describe('traffic at rest holds no live secrets', () => {
  it('a session cookie copied out of traffic.request_headers opens no session', async () => {
    const session = await login(h);
    expect((await me(h, session.cookie)).status).toBe(200);
    const stored = await storedExchange(h, (e) => e.url === '/api/session/me' && !!e.requestHeaders.cookie);
    const copied = stored.requestHeaders.cookie!;
    // The name stays (the lesson shows that the browser sent the cookie); the value is a fingerprint.
    expect(copied).toMatch(/^authlab_sid=\[masked:[0-9a-f]{8}\]$/);
    expect((await me(h, copied)).status).toBe(401);
    const sidValue = session.cookie.split('=')[1]!;
    expect(rawRows(h)).not.toContain(sidValue);
    expect(rawRows(h)).not.toContain(decodeURIComponent(sidValue).split('.')[0]!.slice(2));
  });

  it('the set-cookie and later cookie headers show the same fingerprint, so a learner can follow one cookie', async () => {
    const session = await login(h);
    await me(h, session.cookie);
    const issued = await storedExchange(h, (e) => e.url === '/api/session/login' && !!e.responseHeaders['set-cookie']);
    const sent = await storedExchange(h, (e) => e.url === '/api/session/me' && !!e.requestHeaders.cookie);
    const mark = /authlab_sid=(\[masked:[0-9a-f]{8}\])/;
    expect(issued.responseHeaders['set-cookie']).toMatch(mark);
    expect(issued.responseHeaders['set-cookie']).toMatch(/HttpOnly/);
    expect(issued.responseHeaders['set-cookie']!.match(mark)?.[1]).toBe(sent.requestHeaders.cookie!.match(mark)?.[1]);
  });

  it('MFA tickets are fingerprinted in stored bodies', async () => {
    const account = demoAccount(h, 'mfa@authlab.test');
    const first = await h.call('POST', '/api/session/login', {
      json: { email: account.email, password: account.password },
    });
    const ticket = first.body.mfaTicket as string;
    await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: ticket, code: totpNow(h, account.totpSecret!) },
    });
    await storedExchange(h, (e) => e.url === '/api/session/login/mfa');
    expect(rawRows(h)).not.toContain(ticket);
    expect(rawRows(h)).toContain('"mfaTicket\\":\\"[masked:');
  });
});

describe('masking covers every usual password name, query strings and hostile nesting', () => {
  it.each(['passwd', 'new_password', 'pass', 'pwd', 'confirm-password', 'passphrase'])(
    'masks a body field named %s',
    async (key) => {
      await h.call('POST', '/api/auth/register', { json: { email: 'k@example.com', [key]: 'hunter2hunter2' } });
      await storedExchange(h, (e) => e.url === '/api/auth/register');
      expect(rawRows(h)).not.toContain('hunter2hunter2');
    },
  );

  it('masks passwords and session ids in a query string', async () => {
    await h.call('GET', '/api/session/me?password=hunter2hunter2&passwd=swordfish9&sid=abcdefabcdef&keep=visible');
    const stored = await storedExchange(h, (e) => e.url.startsWith('/api/session/me?'));
    expect(stored.url).toContain('keep=visible');
    expect(rawRows(h)).not.toMatch(/hunter2hunter2|swordfish9|abcdefabcdef/);
  });

  it('a body nested 10,000 levels deep gets a 4xx and its exchange is still recorded', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const res = await h.call('POST', '/api/drills/progress?deep=1', {
      body: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toEqual({ error: expect.any(String), message: expect.any(String) });
    const stored = await storedExchange(h, (e) => e.url === '/api/drills/progress?deep=1');
    expect(stored.requestBody).toContain('nested too deep');
  });
});

/** The signature segment of a JWT: with it the token is usable, without it no server accepts it. */
const signatureOf = (jwt: string) => jwt.split('.')[2]!;

describe('no token, code or cookie of the other labs can be lifted from traffic', () => {
  it('the JWT lab refresh cookie copied from traffic is refused by /api/jwt/refresh', async () => {
    const session = await jwtLab.login(h);
    const issued = await storedExchange(h, (e) => e.url === '/api/jwt/login' && !!e.responseHeaders['set-cookie']);
    const copied = /authlab_rt=([^;]*)/.exec(issued.responseHeaders['set-cookie']!)![1]!;
    expect(copied).toMatch(/^\[masked:[0-9a-f]{8}\]$/);
    expect(rawRows(h)).not.toContain(session.refreshCookie);
    expect((await jwtLab.refresh(h, copied)).status).toBe(401);
    // The real cookie still works: presenting the copy did not count as reuse of a spent token.
    expect((await jwtLab.refresh(h, session.refreshCookie)).status).toBe(200);
  });

  it('a Bearer access token copied from traffic has no signature and is refused', async () => {
    const session = await jwtLab.login(h);
    expect((await jwtLab.me(h, session.accessToken)).status).toBe(200);
    const sent = await storedExchange(h, (e) => e.url === '/api/jwt/me' && !!e.requestHeaders.authorization);
    const [header, payload] = session.accessToken.split('.');
    // Header and payload stay readable for the inspector lesson; the signature is a fingerprint.
    expect(sent.requestHeaders.authorization).toMatch(
      new RegExp(`^Bearer ${header}\\.${payload}\\.\\[masked:[0-9a-f]{8}\\]$`),
    );
    const issued = await storedExchange(h, (e) => e.url === '/api/jwt/login' && e.status === 200);
    expect(JSON.parse(issued.responseBody!).accessToken).toBe(
      sent.requestHeaders.authorization!.slice('Bearer '.length),
    );
    expect(rawRows(h)).not.toContain(signatureOf(session.accessToken));
    const replay = await h.call('GET', '/api/jwt/me', {
      headers: { authorization: sent.requestHeaders.authorization! },
    });
    expect(replay.status).toBe(401);
  });

  it('the session lab CSRF token, TOTP seed and recovery codes are not stored', async () => {
    const user = await mfaLab.enroll(h, await mfaLab.freshUser(h));
    await storedExchange(h, (e) => e.url === '/api/mfa/verify');
    const rows = rawRows(h);
    expect(rows).not.toContain(user.headers['x-csrf-token']!);
    expect(rows).toContain('"x-csrf-token\\":\\"[masked:');
    expect(rows).not.toContain(user.secret!);
    for (const code of user.recoveryCodes!) expect(rows).not.toContain(code);
  });

  it("Lab ID's hidden interaction, csrf and MFA ticket, and its cookies, are not stored", async () => {
    const idp = h.lab.origins.idp;
    const browser = new ScriptedBrowser(h.fetch);
    const start = await browser.request('GET', `${h.lab.origins.client}/login`);
    const leaves = (u: string) => !u.startsWith(`${idp}/`);
    const signInPage = await browser.navigate(start.location!, leaves);
    const signInFields = hiddenFields(signInPage.text);
    const who = await account(h, 'mfa@authlab.test');
    const mfaPage = await browser.navigate(`${idp}/login`, leaves, {
      form: { ...signInFields, email: who.email, password: who.password },
    });
    const mfaFields = hiddenFields(mfaPage.text);
    expect(mfaFields.ticket).toBeTruthy();
    const stored = await storedExchange(h, (e) => e.origin === 'idp' && e.method === 'POST' && e.url === '/login');
    expect(stored.responseBody).toMatch(/name="ticket" value="\[masked:[0-9a-f]{8}\]"/);
    const rows = rawRows(h);
    for (const value of [signInFields.interaction, signInFields.csrf, mfaFields.ticket, mfaFields.csrf])
      expect(rows).not.toContain(value!);
    const host = new URL(idp).hostname;
    for (const cookie of ['labid_browser', 'labid_session', 'yourapp_login']) {
      const value = browser.cookie(host, cookie);
      if (value) expect(rows).not.toContain(value);
    }
  });

  it("Your App's session cookie, authorization code, client secret and the tokens on its page are not stored", async () => {
    const browser = new ScriptedBrowser(h.fetch);
    const client = h.lab.origins.client;
    const idp = h.lab.origins.idp;
    const leaves = (u: string) => !u.startsWith(`${idp}/`);
    const start = await browser.request('GET', `${client}/login`);
    let page = await browser.navigate(start.location!, leaves);
    const who = await account(h);
    page = await browser.navigate(`${idp}/login`, leaves, {
      form: { ...hiddenFields(page.text), email: who.email, password: who.password },
    });
    if (page.status === 200 && page.text.includes('action="/consent"'))
      page = await browser.request('POST', `${idp}/consent`, {
        form: { ...hiddenFields(page.text), decision: 'allow' },
      });
    const code = new URL(page.location!).searchParams.get('code')!;
    expect(code).toBeTruthy();
    const home = await browser.navigate(page.location!);
    expect(home.text).toContain('Logged in as');
    const tokens = [...home.text.matchAll(/<textarea readonly aria-label="([^"]+)">([^<]+)<\/textarea>/g)].map(
      (m) => m[2]!,
    );
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const sessionCookie = browser.cookie(new URL(client).hostname, 'yourapp_session')!;
    expect(sessionCookie).toBeTruthy();

    const stored = await storedExchange(
      h,
      (e) => e.origin === 'client' && e.url === '/' && e.status === 200 && !!e.requestHeaders.cookie,
    );
    const rows = rawRows(h);
    expect(rows).not.toContain(code);
    expect(rows).not.toContain(sessionCookie);
    const yourApp = (await demoClients(h))['your-app']!;
    if (yourApp.clientSecret) expect(rows).not.toContain(yourApp.clientSecret);
    for (const token of tokens) {
      expect(rows).not.toContain(token);
      if (token.split('.').length === 3) expect(rows).not.toContain(signatureOf(token));
    }
    // The page as stored still shows which tokens were issued, and the copied cookie opens nothing.
    expect(stored.responseBody).toContain('aria-label="Refresh token">[masked:');
    const copied = /yourapp_session=[^;]*/.exec(stored.requestHeaders.cookie!)![0];
    const replay = await h.fetch(`${client}/`, { headers: { cookie: copied } });
    expect(await replay.text()).toContain('Log in with Lab ID');
  });

  it('the live stream shows each exchange exactly as it is stored', async () => {
    const live: TrafficEntry[] = [];
    const unsubscribe = h.lab.context.recorder.subscribe((entry) => live.push(entry));
    try {
      const session = await jwtLab.login(h);
      await jwtLab.me(h, session.accessToken);
      await storedExchange(h, (e) => e.url === '/api/jwt/me');
    } finally {
      unsubscribe();
    }
    const stored = (await h.call('GET', '/api/lab/traffic?limit=200')).body as TrafficEntry[];
    const watched = live.filter((e) => e.url.startsWith('/api/jwt/'));
    expect(watched.length).toBeGreaterThanOrEqual(2);
    for (const entry of watched) expect(stored.find((e) => e.id === entry.id)).toEqual(entry);
    expect(JSON.stringify(watched)).toContain('[masked:');
  });
});
