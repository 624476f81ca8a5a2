import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrafficEntry } from '../../../src/common/api';
import { LabClock } from '../../../src/server/core/clock';
import { LabMailer } from '../../../src/server/core/mailer';
import { describeExchange, TrafficRecorder } from '../../../src/server/core/recorder';
import { Vault } from '../../../src/server/crypto/vault';
import { openDatabase } from '../../../src/server/db/open';

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
