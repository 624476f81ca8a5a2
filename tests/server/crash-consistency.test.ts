import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDataDir } from './helpers';

/*
 * SIGKILL the lab in the middle of a burst of writes, restart it on the same
 * data dir, and check that the database is intact and that every write the
 * lab acknowledged is there: registrations, drill ratings, refresh rotations.
 */

const CYCLES = 3;
const BURST_MS = 1_500;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

async function startLabProcess(dataDir: string): Promise<{ child: ChildProcess; app: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'crash/lab-process.ts'), dataDir],
    {
      env: { ...process.env, AUTHLAB_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the lab exited with ${code} before it was ready`)));
  });
  return { child, app: (JSON.parse(line) as { app: string }).app };
}

interface Acknowledged {
  emails: string[];
  reviewIds: string[];
  /** The refresh token whose rotation was acknowledged last, per chain. */
  refreshTokens: string[];
  rotations: number;
  /** Answers that were neither an acknowledgement nor a dropped connection. */
  refused: string[];
}

const refreshCookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((c) => c.startsWith('authlab_rt='))
    ?.split(';')[0]!
    .slice('authlab_rt='.length);

const postTo =
  (app: string) =>
  (path: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(app + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(json),
    });

/** What a burst needs before the kill timer starts: the card ids and a fresh refresh token. */
async function prepare(app: string): Promise<{ cards: Array<{ id: string }>; refresh: string }> {
  const cards = (await (await fetch(app + '/api/drills/cards')).json()) as Array<{ id: string }>;
  const login = await postTo(app)('/api/jwt/login', {
    email: 'chain@example.com',
    password: 'correct horse battery staple',
  });
  return { cards, refresh: refreshCookieOf(login)! };
}

/** Writes as fast as a few clients can until the lab dies; records what it acknowledged. */
async function burst(
  app: string,
  cycle: number,
  prepared: { cards: Array<{ id: string }>; refresh: string },
  acked: Acknowledged,
  until: { dead: boolean },
): Promise<void> {
  const post = postTo(app);
  const { cards } = prepared;
  const password = 'correct horse battery staple';
  let refresh = prepared.refresh;

  // Paced so five clients stay under one process's general limit (600 requests a minute, API.md):
  // unpaced, a fast lab answers 429s, which are refusals this test is not about.
  const pace = () => new Promise((resolve) => setTimeout(resolve, 16));
  const registrations = async (worker: number) => {
    for (let i = 0; !until.dead; i++) {
      const email = `c${cycle}-w${worker}-${i}@example.com`;
      await pace();
      const res = await post('/api/auth/register', { email, password }).catch(() => undefined);
      if (res?.status === 202) acked.emails.push(email);
      else if (res) acked.refused.push(`register ${res.status}`);
    }
  };
  const ratings = async () => {
    for (let i = 0; !until.dead; i++) {
      await pace();
      const res = await post('/api/drills/reviews', {
        cardId: cards[i % cards.length]!.id,
        rating: 'good',
        answerText: 'HttpOnly cookies and SameSite',
      }).catch(() => undefined);
      if (res?.status === 200) acked.reviewIds.push(((await res.json()) as { reviewId: string }).reviewId);
      else if (res) acked.refused.push(`review ${res.status}`);
    }
  };
  const rotations = async () => {
    while (!until.dead) {
      await pace();
      const res = await post('/api/jwt/refresh', {}, { cookie: `authlab_rt=${refresh}` }).catch(() => undefined);
      if (!res) continue;
      if (res.status !== 200) {
        acked.refused.push(`refresh ${res.status}`);
        break;
      }
      refresh = refreshCookieOf(res)!;
      acked.rotations += 1;
    }
    acked.refreshTokens.push(refresh);
  };
  await Promise.all([registrations(1), registrations(2), ratings(), ratings(), rotations()]);
}

describe('crash consistency', () => {
  it(`keeps every acknowledged write across ${CYCLES} SIGKILLs mid-burst`, async () => {
    const dataDir = freshDataDir();
    const acked: Acknowledged = { emails: [], reviewIds: [], refreshTokens: [], rotations: 0, refused: [] };
    const first = await startLabProcess(dataDir);
    const setup = await fetch(first.app + '/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'chain@example.com', password: 'correct horse battery staple' }),
    });
    expect(setup.status).toBe(202);
    let running = first;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const until = { dead: false };
      const prepared = await prepare(running.app);
      const before = { emails: acked.emails.length, reviews: acked.reviewIds.length, rotations: acked.rotations };
      const writing = burst(running.app, cycle, prepared, acked, until);
      // Kill mid-burst: after BURST_MS, and only once this cycle has some of each write acknowledged,
      // so a slow, busy machine still kills during the burst rather than before it got going.
      const started = Date.now();
      const enough = () =>
        acked.emails.length - before.emails >= 4 &&
        acked.reviewIds.length - before.reviews >= 4 &&
        acked.rotations - before.rotations >= 2;
      while (Date.now() - started < BURST_MS || (!enough() && Date.now() - started < 20_000)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const exited = new Promise((resolve) => running.child.once('exit', resolve));
      running.child.kill('SIGKILL');
      await exited;
      until.dead = true;
      await writing;
      if (cycle < CYCLES - 1) running = await startLabProcess(dataDir);
    }
    expect(acked.emails.length).toBeGreaterThan(10);
    expect(acked.reviewIds.length).toBeGreaterThan(10);
    expect(acked.rotations).toBeGreaterThan(3);
    expect(acked.refused).toEqual([]);

    const db = new Database(join(dataDir, 'lab.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const emails = new Set((db.prepare('SELECT email FROM users').all() as { email: string }[]).map((r) => r.email));
      expect(acked.emails.filter((e) => !emails.has(e))).toEqual([]);
      const reviews = new Set((db.prepare('SELECT id FROM drill_reviews').all() as { id: string }[]).map((r) => r.id));
      expect(acked.reviewIds.filter((id) => !reviews.has(id))).toEqual([]);
      // The last acknowledged refresh token is either still active, or was spent
      // by a rotation that committed with its child: never spent without one.
      for (const token of acked.refreshTokens) {
        const jti = decodeJwt(token).jti!;
        const row = db.prepare('SELECT status FROM jwt_refresh_tokens WHERE jti = ?').get(jti) as { status: string };
        expect(row).toBeDefined();
        if (row.status === 'rotated') {
          expect(db.prepare('SELECT COUNT(*) AS n FROM jwt_refresh_tokens WHERE parent_jti = ?').get(jti)).toEqual({
            n: 1,
          });
        }
      }
    } finally {
      db.close();
    }
  }, 120_000);
});
