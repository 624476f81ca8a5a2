import { describe, expect, it } from 'vitest';
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
import { openDatabase } from '../../../src/server/db/open';

describe('maskBody', () => {
  it('masks passwords and one-time codes at any depth of a JSON body, and keeps tokens', () => {
    const body = JSON.stringify({
      email: 'a@b.co',
      password: 'hunter22',
      nested: { code: '123456', newPassword: 'x' },
      accessToken: 'eyJ.x.y',
    });
    const masked = JSON.parse(maskBody(body, 'application/json')!);
    expect(masked).toEqual({
      email: 'a@b.co',
      password: '••••••',
      nested: { code: '••••••', newPassword: '••••••' },
      accessToken: 'eyJ.x.y',
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
    const masked = maskBody({ passwd: 'a1', new_password: 'a2', pass: 'a3', mfaTicket: 'a4', sid: 'a5', keep: 'k' });
    expect(JSON.parse(masked!)).toEqual({
      passwd: '••••••',
      new_password: '••••••',
      pass: '••••••',
      mfaTicket: fingerprint('a4'),
      sid: fingerprint('a5'),
      keep: 'k',
    });
    expect(fingerprint('a4')).toMatch(/^\[masked:[0-9a-f]{8}\]$/);
  });

  it('cuts JSON nested deeper than it needs instead of overflowing the stack', () => {
    let deep: unknown = { password: 'hunter2hunter2' };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const masked = maskBody(deep)!;
    expect(masked).toContain('nested too deep');
    expect(masked).not.toContain('hunter2hunter2');
  });

  it('masks query strings and session cookies, keeping names and attributes', () => {
    expect(maskUrl('/x?password=p%40ss&sid=abc&q=1')).toBe(
      `/x?password=${encodeURIComponent('••••••')}&sid=${encodeURIComponent(fingerprint('abc'))}&q=1`,
    );
    const headers = maskHeaders({
      cookie: 'theme=dark; authlab_sid=s%3Asecret.sig',
      'set-cookie': 'authlab_sid=s%3Asecret.sig; Path=/; HttpOnly\nauthlab_probe=present; Path=/',
      authorization: 'Basic YWRhOmh1bnRlcjI=',
    });
    expect(headers.cookie).toBe(`theme=dark; authlab_sid=${fingerprint('s%3Asecret.sig')}`);
    expect(headers['set-cookie']).toBe(
      `authlab_sid=${fingerprint('s%3Asecret.sig')}; Path=/; HttpOnly\nauthlab_probe=present; Path=/`,
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

  it('masks a large hostile text body in linear time (no regex backtracking)', () => {
    const started = performance.now();
    for (const unit of ['x', 'a-', '"a" ', '?a', 'a: ', '&a=']) maskBody(unit.repeat(100_000), 'text/plain');
    expect(performance.now() - started).toBeLessThan(500);
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

describe('LabMailer', () => {
  it('keeps mail in the inbox with its links, newest first', () => {
    const mailer = new LabMailer(openDatabase(':memory:'), new LabClock());
    mailer.send({ to: 'a@b.co', subject: 'one', text: 'Open http://127.0.0.1:4010/reset?token=abc. Thanks' });
    mailer.send({ to: 'a@b.co', subject: 'two', text: 'no links' });
    const [latest, first] = mailer.list();
    expect(latest!.subject).toBe('two');
    expect(first!.links).toEqual(['http://127.0.0.1:4010/reset?token=abc']);
  });
});
