import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrafficEntry } from '../../../src/common/api';
import { LabClock } from '../../../src/server/core/clock';
import { LabMailer } from '../../../src/server/core/mailer';
import {
  describeExchange,
  fingerprint,
  maskBody,
  maskHeaders,
  maskUrl,
  TrafficRecorder,
} from '../../../src/server/core/recorder';
import { Vault } from '../../../src/server/crypto/vault';
import { openDatabase } from '../../../src/server/db/open';
import { growthOf } from '../helpers/timing';

/** A real-shaped JWT: `{"alg":"HS256","typ":"JWT"}.{"sub":"1"}.signature`. */
const JWT_SIGNING_INPUT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.';
const JWT = `${JWT_SIGNING_INPUT}c2lnbmF0dXJlLW9mLXRoZS10b2tlbg`;

describe('maskBody', () => {
  it('masks passwords and one-time codes at any depth of a JSON body, and strips token signatures', () => {
    const body = JSON.stringify({
      email: 'a@b.co',
      password: 'hunter22',
      nested: { code: '123456', newPassword: 'x' },
      accessToken: JWT,
    });
    const masked = JSON.parse(maskBody(body, 'application/json')!);
    expect(masked).toEqual({
      email: 'a@b.co',
      password: '••••••',
      nested: { code: '••••••', newPassword: '••••••' },
      accessToken: `${JWT_SIGNING_INPUT}${fingerprint(JWT)}`,
    });
  });

  it('masks before it clips: a password in a large body is still masked', () => {
    const body = JSON.stringify({ filler: 'x'.repeat(20_000), password: 'hunter2hunter2' });
    expect(maskBody(body, 'application/json')).not.toContain('hunter2hunter2');
  });

  it('masks a parsed body object whatever its content type (form posts arrive parsed)', () => {
    const masked = maskBody({ username: 'ada', password: 'hunter2hunter2' }, 'application/x-www-form-urlencoded');
    expect(masked).not.toContain('hunter2hunter2');
    expect(masked).toContain('ada');
  });

  it('masks secret-looking fields in text that is not JSON', () => {
    expect(maskBody('{"password": "hunter2hunter2", broken', 'application/json')).not.toContain('hunter2hunter2');
    expect(maskBody('user=ada&password=hunter2hunter2', 'text/plain')).not.toContain('hunter2hunter2');
  });

  it('masks passwords under any usual name, and fingerprints session ids and MFA tickets', () => {
    const [ticket, sid] = ['t'.repeat(32), 's'.repeat(32)];
    const masked = maskBody({ passwd: 'a1', new_password: 'a2', pass: 'a3', mfaTicket: ticket, sid, keep: 'k' });
    expect(JSON.parse(masked!)).toEqual({
      passwd: '••••••',
      new_password: '••••••',
      pass: '••••••',
      mfaTicket: fingerprint(ticket),
      sid: fingerprint(sid),
      keep: 'k',
    });
    expect(fingerprint(ticket)).toMatch(/^\[masked:[0-9a-f]{8}\]$/);
    // A short value would be found again by hashing every candidate: it is masked, not fingerprinted.
    expect(JSON.parse(maskBody({ sid: 'a5' })!)).toEqual({ sid: '••••••' });
  });

  it('cuts JSON nested deeper than it needs instead of overflowing the stack', () => {
    let deep: unknown = { password: 'hunter2hunter2' };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const masked = maskBody(deep)!;
    expect(masked).toContain('nested too deep');
    expect(masked).not.toContain('hunter2hunter2');
  });

  it('masks query strings and every cookie, keeping names and attributes', () => {
    const sid = 'abcdefabcdefabcdef';
    expect(maskUrl(`/x?password=p%40ss&sid=${sid}&q=1`)).toBe(
      `/x?password=${encodeURIComponent('••••••')}&sid=${encodeURIComponent(fingerprint(sid))}&q=1`,
    );
    const cookie = 's%3Asecretsecret.signature';
    const headers = maskHeaders({
      cookie: `theme=dark; authlab_sid=${cookie}; yourapp_session=${sid}`,
      'set-cookie': `authlab_sid=${cookie}; Path=/; HttpOnly\nauthlab_probe=present; Path=/`,
      authorization: 'Basic YWRhOmh1bnRlcjI=',
    });
    expect(headers.cookie).toBe(
      `theme=••••••; authlab_sid=${fingerprint(cookie)}; yourapp_session=${fingerprint(sid)}`,
    );
    expect(headers['set-cookie']).toBe(
      `authlab_sid=${fingerprint(cookie)}; Path=/; HttpOnly\nauthlab_probe=present; Path=/`,
    );
    expect(headers.authorization).toBe('Basic ••••••');
    expect(maskHeaders({ 'set-cookie': 'authlab_sid=; Max-Age=0' })['set-cookie']).toBe('authlab_sid=; Max-Age=0');
  });

  it('masks secret query parameters of URLs inside an HTML body', () => {
    const html = '<a href="http://127.0.0.1:4010/api/session/legacy/enter?sid=abcdef123456&x=1">go</a>';
    const masked = maskBody(html, 'text/html; charset=utf-8')!;
    expect(masked).not.toContain('abcdef123456');
    expect(masked).toContain('&x=1');
  });

  it('masks a large hostile text body in linear time (no regex backtracking)', async () => {
    // 625 then 10,000 repeats (up to 40 kB): sixteen times the input takes about sixteen times as
    // long when the work is linear (a few times more once the garbage collector works harder), and
    // 256 times when a regex backtracks quadratically. The bound is half of that.
    const bodies = (scale: number) => ['x', 'a-', '"a" ', '?a', 'a: ', '&a='].map((unit) => unit.repeat(625 * scale));
    const growth = await growthOf(bodies, (all) => all.forEach((body) => maskBody(body, 'text/plain')), 16);
    expect(growth).toBeLessThan(128);
  });

  it('masks TOTP seeds: the secret, the otpauth URL and the QR code that carries it', () => {
    const body = {
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUrl: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP',
      qrDataUrl: 'data:x',
    };
    expect(maskBody(JSON.stringify(body), 'application/json')).not.toMatch(/JBSWY3DPEHPK3PXP|data:x/);
  });

  it('masks form bodies', () => {
    expect(maskBody('email=a%40b.co&password=hunter22', 'application/x-www-form-urlencoded')).not.toContain('hunter22');
  });

  it('leaves non-JSON text alone and truncates huge bodies', () => {
    expect(maskBody('not json', 'text/plain')).toBe('not json');
    expect(maskBody('x'.repeat(100_000), 'text/plain')!.length).toBeLessThan(17_000);
    expect(maskBody(null)).toBeNull();
  });
});

describe('credentials in traffic', () => {
  const opaque = 'r'.repeat(43);
  const code = 'c0de'.repeat(8);

  it('conceals every kind of token and code in JSON bodies', () => {
    const body = {
      access_token: JWT,
      id_token: JWT,
      refresh_token: opaque,
      refreshToken: opaque,
      csrfToken: opaque,
      client_secret: 'your-app-secret',
      device_code: code,
      code,
      code_verifier: opaque + 'v',
      ticket: opaque + 't',
      recoveryCodes: ['aaaa-bbbb', 'cccc-dddd'],
      token_type: 'Bearer',
      note: `a token in prose: ${JWT} ends here`,
    };
    const masked = JSON.parse(maskBody(JSON.stringify(body), 'application/json')!);
    expect(masked).toEqual({
      access_token: JWT_SIGNING_INPUT + fingerprint(JWT),
      id_token: JWT_SIGNING_INPUT + fingerprint(JWT),
      refresh_token: fingerprint(opaque),
      refreshToken: fingerprint(opaque),
      csrfToken: fingerprint(opaque),
      client_secret: '••••••',
      device_code: fingerprint(code),
      code: fingerprint(code),
      code_verifier: fingerprint(opaque + 'v'),
      ticket: fingerprint(opaque + 't'),
      recoveryCodes: '••••••',
      token_type: 'Bearer',
      note: `a token in prose: ${JWT_SIGNING_INPUT}${fingerprint(JWT)} ends here`,
    });
  });

  it('conceals codes and tokens in form bodies, query strings and redirect fragments', () => {
    const form = `grant_type=authorization_code&code=${code}&code_verifier=${opaque}&refresh_token=${opaque}`;
    const maskedForm = maskBody(form, 'application/x-www-form-urlencoded')!;
    expect(maskedForm).toContain('grant_type=authorization_code');
    expect(maskedForm).not.toMatch(new RegExp(`${code}|${opaque}`));
    expect(maskedForm).toContain(`code=${encodeURIComponent(fingerprint(code))}`);
    const redirect = maskUrl(`http://127.0.0.1:4030/cb?code=${code}&state=xyz#access_token=${JWT}&id_token=${JWT}`);
    expect(redirect).toContain('state=xyz');
    expect(redirect).not.toContain(code);
    expect(redirect).not.toContain(JWT);
    expect(redirect).toContain(encodeURIComponent(JWT_SIGNING_INPUT + fingerprint(JWT)));
  });

  it('conceals Bearer tokens, token headers and redirect locations', () => {
    const headers = maskHeaders({
      authorization: `Bearer ${JWT}`,
      'x-csrf-token': opaque,
      location: `http://127.0.0.1:4030/callback?code=${code}&state=s`,
      accept: 'application/json',
    });
    expect(headers.authorization).toBe(`Bearer ${JWT_SIGNING_INPUT}${fingerprint(JWT)}`);
    expect(maskHeaders({ authorization: `Bearer ${opaque}` }).authorization).toBe(`Bearer ${fingerprint(opaque)}`);
    expect(headers['x-csrf-token']).toBe(fingerprint(opaque));
    expect(headers.location).toBe(
      `http://127.0.0.1:4030/callback?code=${encodeURIComponent(fingerprint(code))}&state=s`,
    );
    expect(headers.accept).toBe('application/json');
  });

  it('conceals hidden inputs, tokens in text areas and any JWT in an HTML page', () => {
    const html = `<form><input type="hidden" name="interaction" value="${opaque}"><input type="hidden" name="ticket" value="${opaque}t">
<input id="email" name="email" type="email" value="ada@example.com"></form>
<textarea readonly aria-label="ID token">${JWT}</textarea><textarea readonly aria-label="Refresh token">${opaque}</textarea>
<textarea>a learner's own words, kept as written</textarea><p>${JWT}</p>`;
    const masked = maskBody(html, 'text/html; charset=utf-8')!;
    expect(masked).not.toMatch(new RegExp(`${opaque}|c2lnbmF0dXJl`));
    expect(masked).toContain(`name="interaction" value="${fingerprint(opaque)}"`);
    expect(masked).toContain(`name="ticket" value="${fingerprint(opaque + 't')}"`);
    expect(masked).toContain('value="ada@example.com"');
    expect(masked).toContain(`aria-label="Refresh token">${fingerprint(opaque)}</textarea>`);
    expect(masked).toContain(`aria-label="ID token">${JWT_SIGNING_INPUT}${fingerprint(JWT)}</textarea>`);
    expect(masked).toContain("a learner's own words, kept as written");
    expect(masked).toContain(`<p>${JWT_SIGNING_INPUT}${fingerprint(JWT)}</p>`);
  });

  it('finds JWTs, hidden inputs and text areas in linear time (no regex backtracking)', async () => {
    // 625 then 10,000 repeats (up to 190 kB): linear work grows about sixteenfold (a few times more
    // under garbage collection), quadratic backtracking 256-fold. The bound is half of that.
    const units = ['eyJ', 'eyJa.', '.eyJ', 'eyJa.eyJ', '<input ', '<input type=hidden ', '<textarea>'];
    const bodies = (scale: number) => units.map((unit) => unit.repeat(625 * scale));
    const growth = await growthOf(bodies, (all) => all.forEach((body) => maskBody(body, 'text/html')), 16);
    expect(growth).toBeLessThan(128);
  });

  it('leaves an unsigned token (alg none) and dotted names alone: there is no signature to hide', () => {
    const unsigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.';
    expect(maskBody(`see ${unsigned} and jquery.min.js`, 'text/plain')).toBe(`see ${unsigned} and jquery.min.js`);
  });
});

describe('describeExchange', () => {
  const exchange = (status: number, responseHeaders: Record<string, string> = {}, responseBody: string | null = null) =>
    describeExchange({ status, responseHeaders, responseBody });

  it.each([
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [429, 'rate_limited'],
    [400, 'client_error'],
    [500, 'server_error'],
  ] as const)('says what a %i means', (status, meaning) => {
    expect(exchange(status)).toContain(meaning);
  });

  it('notices cookies set and cleared, and tokens issued', () => {
    expect(exchange(200, { 'set-cookie': 'sid=abc; Path=/; HttpOnly' })).toContain('cookie_set');
    expect(exchange(200, { 'set-cookie': 'sid=; Max-Age=0' })).toContain('cookie_cleared');
    expect(exchange(200, {}, '{"accessToken":"eyJ"}')).toContain('token_issued');
  });
});

describe('TrafficRecorder', () => {
  const entry = (url: string): Omit<TrafficEntry, 'id' | 'at' | 'meanings'> => ({
    origin: 'app',
    method: 'GET',
    url,
    status: 200,
    durationMs: 1,
    requestHeaders: {},
    responseHeaders: {},
    requestBody: null,
    responseBody: null,
  });

  it('stores, lists after an id, streams and clears', () => {
    const recorder = new TrafficRecorder(openDatabase(':memory:'), new LabClock());
    const seen: string[] = [];
    const stop = recorder.subscribe((e) => seen.push(e.url));
    const first = recorder.record(entry('/a'));
    recorder.record(entry('/b'));
    stop();
    recorder.record(entry('/c'));
    expect(seen).toEqual(['/a', '/b']);
    expect(recorder.list({ afterId: first.id }).map((e) => e.url)).toEqual(['/b', '/c']);
    recorder.clear();
    expect(recorder.list()).toEqual([]);
  });

  it('keeps only the newest rows', () => {
    const recorder = new TrafficRecorder(openDatabase(':memory:'), new LabClock());
    for (let i = 0; i < 2300; i++) recorder.record(entry(`/${i}`));
    const all = recorder.list({ limit: 2000 });
    expect(all.at(-1)!.url).toBe('/2299');
    expect(all.length).toBeLessThanOrEqual(2000);
  });
});

describe('TrafficRecorder write batching', () => {
  const entry = (url: string) => ({
    origin: 'app' as const,
    method: 'GET',
    url,
    status: 200,
    durationMs: 1,
    requestHeaders: {},
    responseHeaders: {},
    requestBody: null,
    responseBody: null,
  });
  const rowCount = (db: ReturnType<typeof openDatabase>) =>
    (db.prepare('SELECT COUNT(*) AS n FROM traffic').get() as { n: number }).n;
  const freshRecorder = () => {
    const db = openDatabase(':memory:');
    return { db, recorder: new TrafficRecorder(db, new LabClock()) };
  };
  afterEach(() => {
    vi.useRealTimers();
  });

  it('streams each exchange at once, and writes the buffered rows on the next write tick', () => {
    vi.useFakeTimers();
    const { db, recorder } = freshRecorder();
    const seen: number[] = [];
    recorder.subscribe((e) => seen.push(e.id));
    const ids = ['/a', '/b', '/c'].map((url) => recorder.record(entry(url)).id);
    expect(seen).toEqual(ids);
    expect(rowCount(db)).toBe(0);
    vi.runAllTimers();
    expect(rowCount(db)).toBe(3);
  });

  it('builds an unwatched entry only if its row is kept: a flood writes just the newest rows', () => {
    vi.useFakeTimers();
    const { db, recorder } = freshRecorder();
    let built = 0;
    for (let i = 0; i < 5000; i++) {
      recorder.recordLater(() => {
        built++;
        return entry(`/${i}`);
      }, 1024);
    }
    expect(built).toBe(0);
    vi.runAllTimers();
    expect(built).toBe(2000);
    const urls = (db.prepare('SELECT url FROM traffic ORDER BY id').all() as { url: string }[]).map((r) => r.url);
    expect(urls).toHaveLength(2000);
    expect([urls[0], urls.at(-1)]).toEqual(['/3000', '/4999']);
  });

  it('writes every 4 s while a flood lasts, and every second again once it is over', () => {
    vi.useFakeTimers();
    const { db, recorder } = freshRecorder();
    const written = (url: string) => db.prepare('SELECT 1 FROM traffic WHERE url = ?').get(url) !== undefined;
    for (let i = 0; i < 2000; i++) recorder.recordLater(() => entry(`/flood-${i}`), 1024);
    vi.advanceTimersByTime(1000);
    vi.runAllTimers(); // the write's remaining 50-row steps
    expect(written('/flood-1999')).toBe(true);
    // 2000 exchanges in one second, as many as the table keeps: a flood, so the next write waits 4 s.
    recorder.record(entry('/after-flood'));
    vi.advanceTimersByTime(1000);
    expect(written('/after-flood')).toBe(false);
    vi.advanceTimersByTime(3000);
    expect(written('/after-flood')).toBe(true);
    recorder.record(entry('/calm'));
    vi.advanceTimersByTime(1000);
    expect(written('/calm')).toBe(true);
    // Nothing waits on a clean shutdown, flood or not.
    recorder.record(entry('/last'));
    recorder.close();
    expect(written('/last')).toBe(true);
  });

  it('skips an exchange whose builder gives nothing, and keeps the others', () => {
    const recorder = new TrafficRecorder(openDatabase(':memory:'), new LabClock());
    recorder.recordLater(() => null, 0);
    recorder.recordLater(() => entry('/kept'), 1024);
    expect(recorder.list().map((e) => e.url)).toEqual(['/kept']);
  });

  it('writes at once, not on the next tick, when waiting exchanges hold too much memory', () => {
    vi.useFakeTimers();
    const { db, recorder } = freshRecorder();
    recorder.recordLater(() => entry('/small'), 1024);
    expect(rowCount(db)).toBe(0);
    for (let i = 0; i < 20; i++) recorder.recordLater(() => entry(`/large-${i}`), 1024 * 1024);
    expect(rowCount(db)).toBeGreaterThanOrEqual(17);
  });

  it('builds an entry at once when someone is watching', () => {
    const recorder = new TrafficRecorder(openDatabase(':memory:'), new LabClock());
    const seen: string[] = [];
    recorder.subscribe((e) => seen.push(e.url));
    recorder.recordLater(() => entry('/watched'), 1024);
    expect(seen).toEqual(['/watched']);
    expect(recorder.list().map((e) => e.url)).toEqual(['/watched']);
  });

  it('loses nothing on a clean shutdown: close() writes what is still buffered', () => {
    const db = openDatabase(':memory:');
    const recorder = new TrafficRecorder(db, new LabClock());
    for (let i = 0; i < 5; i++) recorder.record(entry(`/api/health?n=${i}`));
    recorder.close();
    expect(rowCount(db)).toBe(5);
  });

  it('never reuses an id, even after a clear or a restart', () => {
    const db = openDatabase(':memory:');
    const recorder = new TrafficRecorder(db, new LabClock());
    const first = recorder.record(entry('/a')).id;
    recorder.clear();
    const second = recorder.record(entry('/b')).id;
    expect(second).toBeGreaterThan(first);
    recorder.close();
    expect(new TrafficRecorder(db, new LabClock()).record(entry('/c')).id).toBeGreaterThan(second);
  });
});

describe('LabMailer', () => {
  it('keeps mail in the inbox with its links, newest first', () => {
    const mailer = new LabMailer(openDatabase(':memory:'), new LabClock(), new Vault(randomBytes(32)));
    mailer.send({ to: 'a@b.co', subject: 'one', text: 'Open http://127.0.0.1:4010/reset?token=abc. Thanks' });
    mailer.send({ to: 'a@b.co', subject: 'two', text: 'no links' });
    const [latest, first] = mailer.list();
    expect(latest!.subject).toBe('two');
    expect(first!.links).toEqual(['http://127.0.0.1:4010/reset?token=abc']);
  });
});
