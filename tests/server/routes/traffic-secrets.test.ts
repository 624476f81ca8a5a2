import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../src/common/api';
import { useTestLab, type LabHarness } from '../lab-harness';
import { demoAccount, login, me, totpNow } from '../session-helpers';

const h = useTestLab({ resetBeforeEach: true });

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
