import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedBrowser, hiddenFields } from '../../src/server/core/scripted-browser';
import { freshDataDir } from './helpers';

/*
 * Lab ID's refresh rotation under SIGKILL: 30 grants rotate as fast as their
 * clients can while the lab is killed 3 times. After each kill the database
 * is read: every grant's current token is either unspent, or was spent by a
 * rotation that committed together with its successor. A client whose
 * request died then retries with the same token, as a real client would, and
 * that retry must work. (A rotation that committed in the instant before its
 * answer went out leaves the client holding a spent token; no server can
 * tell that retry from theft, so such a grant is counted apart.)
 */

const GRANTS = 30;
const CYCLES = 3;
const BURST_MS = 1_500;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

interface Origins {
  app: string;
  idp: string;
  client: string;
}

async function startLabProcess(dataDir: string): Promise<{ child: ChildProcess; origins: Origins }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'crash/lab-process.ts'), dataDir],
    { env: { ...process.env, AUTHLAB_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the lab exited with ${code} before it was ready`)));
  });
  return { child, origins: JSON.parse(line) as Origins };
}

/** Signs the demo user in once at Lab ID, then runs `GRANTS` code flows for Your App; returns their refresh tokens. */
async function openGrants(origins: Origins): Promise<{ tokens: string[]; basic: string }> {
  const accounts = (await (await fetch(`${origins.app}/api/lab/accounts`)).json()) as Array<{
    email: string;
    password: string;
  }>;
  const who = accounts.find((a) => a.email === 'user@authlab.test')!;
  const clients = (await (await fetch(`${origins.app}/api/lab/oauth/clients`)).json()) as {
    clients: Array<{ clientId: string; clientSecret: string; redirectUris: string[] }>;
  };
  const yourApp = clients.clients.find((c) => c.clientId === 'your-app')!;
  const basic = `Basic ${Buffer.from(`your-app:${yourApp.clientSecret}`).toString('base64')}`;
  const browser = new ScriptedBrowser(globalThis.fetch);
  const leaves = (u: string) => !u.startsWith(`${origins.idp}/`);
  const tokens: string[] = [];
  for (let i = 0; i < GRANTS; i++) {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${origins.idp}/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'your-app',
      redirect_uri: yourApp.redirectUris[0]!,
      scope: 'openid offline_access',
      state: `s${i}`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    let page = await browser.navigate(url.toString(), leaves);
    if (page.text.includes('action="/login"'))
      page = await browser.navigate(`${origins.idp}/login`, leaves, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
    if (page.text.includes('action="/consent"'))
      page = await browser.request('POST', `${origins.idp}/consent`, {
        form: { ...hiddenFields(page.text), decision: 'allow' },
      });
    const code = new URL(page.location!).searchParams.get('code')!;
    const answer = await refreshOrRedeem(origins, basic, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: yourApp.redirectUris[0]!,
      code_verifier: verifier,
    });
    tokens.push((answer!.body as { refresh_token: string }).refresh_token);
  }
  return { tokens, basic };
}

/** One /token call; undefined when the connection died (the lab was killed). */
async function refreshOrRedeem(origins: Origins, basic: string, form: Record<string, string>) {
  try {
    const response = await fetch(`${origins.idp}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Reads the dead lab's database: is each grant's current token unspent, spent with a successor, or spent alone? */
function tokenStates(dataDir: string, tokens: string[]): Array<'active' | 'rotated' | 'spent-alone' | 'other'> {
  const db = new Database(join(dataDir, 'lab.sqlite'));
  try {
    const row = db.prepare('SELECT status, family_id FROM oauth_tokens WHERE id = ?');
    const successors = db.prepare(
      "SELECT COUNT(*) AS n FROM oauth_tokens WHERE family_id = ? AND kind = 'refresh' AND status = 'active'",
    );
    return tokens.map((token) => {
      const found = row.get(tokenId(token)) as { status: string; family_id: string } | undefined;
      if (found?.status === 'active') return 'active';
      if (found?.status !== 'rotated') return 'other';
      return (successors.get(found.family_id) as { n: number }).n === 1 ? 'rotated' : 'spent-alone';
    });
  } finally {
    db.close();
  }
}

describe('Lab ID refresh rotation across SIGKILLs', () => {
  it(`loses none of ${GRANTS} grants across ${CYCLES} kills mid-rotation`, async () => {
    const dataDir = freshDataDir();
    let running = await startLabProcess(dataDir);
    const { tokens, basic } = await openGrants(running.origins);
    const lost = new Set<number>();
    /** Grants whose rotation committed but whose answer died with the lab. */
    const unanswered = new Set<number>();
    let spentAlone = 0;
    let rotations = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const until = { dead: false };
      const origins = running.origins;
      const chain = async (i: number) => {
        while (!until.dead && !lost.has(i) && !unanswered.has(i)) {
          const answer = await refreshOrRedeem(origins, basic, {
            grant_type: 'refresh_token',
            refresh_token: tokens[i]!,
          });
          if (!answer) return; // killed: retried with this token after the restart
          if (answer.status !== 200) {
            lost.add(i);
            return;
          }
          tokens[i] = answer.body.refresh_token as string;
          rotations += 1;
        }
      };
      const writing = Promise.all(tokens.map((_, i) => chain(i)));
      const started = Date.now();
      const before = rotations;
      while (Date.now() - started < BURST_MS || (rotations - before < GRANTS && Date.now() - started < 20_000))
        await new Promise((resolve) => setTimeout(resolve, 50));
      const exited = new Promise((resolve) => running.child.once('exit', resolve));
      running.child.kill('SIGKILL');
      await exited;
      until.dead = true;
      await writing;
      tokenStates(dataDir, tokens).forEach((state, i) => {
        if (state === 'spent-alone') spentAlone += 1;
        if (state === 'rotated' && !lost.has(i)) unanswered.add(i);
      });
      running = await startLabProcess(dataDir);
    }
    // After the last restart, every client retries with the last token it was given.
    for (let i = 0; i < GRANTS; i++) {
      if (lost.has(i) || unanswered.has(i)) continue;
      const answer = await refreshOrRedeem(running.origins, basic, {
        grant_type: 'refresh_token',
        refresh_token: tokens[i]!,
      });
      if (answer?.status !== 200) lost.add(i);
    }
    console.info(
      `Lab ID rotation crash run: ${rotations} rotations, ${CYCLES} kills, ${lost.size}/${GRANTS} grants lost, ` +
        `${spentAlone} tokens spent without a successor, ${unanswered.size} rotations committed but unanswered`,
    );
    expect(rotations).toBeGreaterThan(GRANTS);
    expect(spentAlone).toBe(0);
    expect(lost.size).toBe(0);
    running.child.kill('SIGKILL');
    const db = new Database(join(dataDir, 'lab.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 180_000);
});
