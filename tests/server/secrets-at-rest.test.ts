import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { VAULT_FILE, Vault } from '../../src/server/crypto/vault';
import { SEALED_COLUMNS, isSecretSetting } from '../../src/server/db/sealed-columns';
import {
  demoAccount,
  freshDataDir,
  jwtLab,
  mfaLab,
  passwordLab,
  sessionLab,
  startTestLab,
  type LabHarness,
} from './helpers';
import { ScriptedBrowser, account, demoClients, hiddenFields } from './helpers/oauth';

/** A PEM's lines are 64 characters; any one of them would be a match in the file. */
const pemLine = (pem: string) => pem.split('\n').find((line) => line.length === 64)!;

interface Secrets {
  [what: string]: string;
}

/** Lab ID → Your App: sign in, consent, and land on Your App's page with its tokens; the PKCE verifier is taken while pending. */
async function yourAppLogin(h: LabHarness, secrets: Secrets): Promise<void> {
  const browser = new ScriptedBrowser(h.fetch);
  const { client, idp } = h.lab.origins;
  const leaves = (u: string) => !u.startsWith(`${idp}/`);
  const start = await browser.request('GET', `${client}/login`);
  const state = new URL(start.location!).searchParams.get('state')!;
  secrets['PKCE verifier'] = h.lab.labs.oauth.services.rp.pending(state, h.lab.context.clock.nowMs())!.verifier;
  let page = await browser.navigate(start.location!, leaves);
  const who = await account(h);
  page = await browser.navigate(`${idp}/login`, leaves, {
    form: { ...hiddenFields(page.text), email: who.email, password: who.password },
  });
  if (page.status === 200 && page.text.includes('action="/consent"'))
    page = await browser.request('POST', `${idp}/consent`, { form: { ...hiddenFields(page.text), decision: 'allow' } });
  const home = await browser.navigate(page.location!);
  expect(home.text).toContain('Logged in as');
  const tokens = [...home.text.matchAll(/<textarea readonly aria-label="([^"]+)">([^<]+)<\/textarea>/g)];
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  for (const [, label, token] of tokens) {
    secrets[`Your App ${label}`] = token!;
    if (token!.split('.').length === 3) secrets[`Your App ${label} signature`] = token!.split('.')[2]!;
  }
  secrets['Your App session cookie'] = browser.cookie(new URL(client).hostname, 'yourapp_session')!;
  secrets['Your App client secret'] = (await demoClients(h))['your-app']!.clientSecret!;
  // A second login left half-way: its verifier is live until the pending row expires.
  const pending = await new ScriptedBrowser(h.fetch).request('GET', `${client}/login`);
  const pendingState = new URL(pending.location!).searchParams.get('state')!;
  secrets['pending PKCE verifier'] = h.lab.labs.oauth.services.rp.pending(
    pendingState,
    h.lab.context.clock.nowMs(),
  )!.verifier;
}

/** Drives every lab that keeps a secret, and returns each live secret by name. */
async function driveEveryLab(h: LabHarness): Promise<Secrets> {
  const ctx = h.lab.context;
  const secrets: Secrets = {};

  const session = await sessionLab.login(h);
  expect((await sessionLab.me(h, session.cookie)).status).toBe(200);
  const cookieValue = decodeURIComponent(session.cookie.split('=')[1]!);
  secrets['session cookie'] = cookieValue;
  secrets['session id'] = cookieValue.slice(2, cookieValue.lastIndexOf('.'));
  secrets['session.secret'] = ctx.settings.getOrCreateSecret<string>('session.secret', () => 'unused');
  secrets['cookies.secret'] = ctx.settings.getOrCreateSecret<string>('cookies.secret', () => 'unused');

  const jwt = await jwtLab.login(h);
  // An HS256 access key too, so both kinds of JWT key material are in the database.
  expect((await h.call('POST', '/api/jwt/keys/rotate', { json: { alg: 'HS256' } })).status).toBe(200);
  const refreshed = await jwtLab.refresh(h, jwt.refreshCookie);
  expect(refreshed.status).toBe(200);
  secrets['first refresh token'] = jwt.refreshCookie;
  secrets['refresh token'] = jwtLab.refreshCookieOf(refreshed.headers)!;
  secrets['access token signature'] = (refreshed.body.accessToken as string).split('.')[2]!;
  for (const key of h.lab.labs.jwt.keys.list()) {
    if (key.alg === 'HS256') {
      secrets[`JWT ${key.purpose} HMAC secret`] = key.signingMaterial;
    } else {
      secrets[`JWT ${key.purpose} private key`] = pemLine(key.signingMaterial);
      secrets[`JWT ${key.purpose} private JWK d`] = createPrivateKey(key.signingMaterial).export({ format: 'jwk' }).d!;
    }
  }

  const mfaUser = await mfaLab.enroll(h, await mfaLab.freshUser(h));
  secrets['TOTP seed'] = mfaUser.secret!;
  secrets['demo TOTP seed'] = demoAccount(h, 'mfa@authlab.test').totpSecret!;
  for (const [i, code] of mfaUser.recoveryCodes!.entries()) secrets[`recovery code ${i}`] = code;
  // The built-in authenticator shows the seed as hex and the HMAC of this step; the page asks every 30 s.
  const authenticator = await h.call('POST', '/api/lab/mfa/authenticator', { json: { secret: mfaUser.secret } });
  expect(authenticator.status).toBe(200);
  secrets['TOTP seed as hex'] = authenticator.body.explanation.keyHex;
  secrets['TOTP HMAC of this step'] = authenticator.body.explanation.hmacHex;
  secrets['authenticator codes'] = JSON.stringify(authenticator.body.codes);

  await yourAppLogin(h, secrets);
  const labId = ctx.settings.getOrCreateSecret<{ pkcs8: string }>('oauth.signingKey', () => ({ pkcs8: '' }));
  secrets['Lab ID private key'] = pemLine(labId.pkcs8);
  secrets['Lab ID private JWK d'] = createPrivateKey(labId.pkcs8).export({ format: 'jwk' }).d!;

  const resetting = await passwordLab.freshAccount(h);
  expect((await passwordLab.forgot(h, resetting.email)).status).toBe(202);
  const used = await passwordLab.mailedLink(h, resetting.email);
  expect((await passwordLab.reset(h, used.token, 'a brand new passphrase 9')).status).toBe(200);
  // A second link, left unused: it is live, and it sits in the lab inbox.
  expect((await passwordLab.forgot(h, resetting.email)).status).toBe(202);
  secrets['live reset token'] = (await passwordLab.mailedLink(h, resetting.email)).token;

  for (const demo of ctx.users.demoAccounts()) secrets[`demo password of ${demo.email}`] = demo.password;
  for (const [name, value] of Object.entries(secrets)) expect(value, name).toMatch(/^.{8,}$/s);
  return secrets;
}

/** Signs in with the password and a code made from the enrolled seed: the stored seed still makes the right codes. */
async function expectTotpLogin(h: LabHarness, user: mfaLab.MfaUser): Promise<void> {
  // The lab clock starts afresh with each run; past the step enrolment spent, so the code is not a replay.
  await mfaLab.nextStep(h, 2);
  const ticket = await mfaLab.passwordStep(h, user);
  const step = await h.call('POST', '/api/session/login/mfa', {
    json: { mfaTicket: ticket, code: mfaLab.codeAt(h, user.secret!) },
  });
  expect(step.status, step.text).toBe(200);
}

/** Every file of the database, as raw bytes: what a copy of the data dir's lab.sqlite* gives a thief. */
function databaseFiles(dataDir: string): Array<[string, Buffer]> {
  return ['lab.sqlite', 'lab.sqlite-wal', 'lab.sqlite-shm']
    .map((name) => join(dataDir, name))
    .filter((file) => existsSync(file))
    .map((file) => [file, readFileSync(file)]);
}

function everyRow(dataDir: string): string {
  const db = new Database(join(dataDir, 'lab.sqlite'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    return tables
      .map(({ name }) => `${name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())}`)
      .join('\n');
  } finally {
    db.close();
  }
}

function expectNoneIn(where: string, haystack: Buffer | string, secrets: Secrets): void {
  const found = Object.entries(secrets)
    .filter(([, value]) => haystack.includes(value))
    .map(([name]) => name);
  expect(found, `live secrets readable in ${where}`).toEqual([]);
}

describe('secrets at rest: a copy of the database holds nothing usable', () => {
  it('no live secret of any lab is in the SQLite files, as bytes or as rows, while running or after close', async () => {
    const h = await startTestLab();
    let secrets: Secrets;
    try {
      secrets = await driveEveryLab(h);
      // The weak-secret mode still signs with a dictionary word (the attack), but the word is sealed too.
      await jwtLab.withTogglesOff(h, ['jwt.strongSecret'], async () => {
        await jwtLab.login(h);
        const weak = h.lab.labs.jwt.keys.list().find((k) => k.weak)!;
        const row = h.lab.context.db.prepare('SELECT * FROM jwt_keys WHERE kid = ?').get(weak.kid) as Record<
          string,
          string
        >;
        expect(row.signing_material).not.toContain(weak.signingMaterial);
        expect(row.verify_material).not.toContain(weak.signingMaterial);
      });
      // A running lab's files, copied as they are (the WAL holds the newest pages).
      for (const [file, bytes] of databaseFiles(h.dataDir)) expectNoneIn(file, bytes, secrets);
    } finally {
      await h.close();
    }
    for (const [file, bytes] of databaseFiles(h.dataDir)) expectNoneIn(file, bytes, secrets);
    expectNoneIn('the rows', everyRow(h.dataDir), secrets);
    // The keys live beside the database, apart from it, readable by the owner only.
    for (const name of [VAULT_FILE, 'pepper.key'])
      if (process.platform !== 'win32') expect(statSync(join(h.dataDir, name)).mode & 0o077).toBe(0);
  });

  it('what was sealed in one run opens in the next: sessions, tokens, keys, TOTP and demo accounts survive a restart', async () => {
    const dataDir = freshDataDir();
    let h = await startTestLab(dataDir);
    const session = await sessionLab.login(h);
    const jwt = await jwtLab.login(h);
    const mfaUser = await mfaLab.enroll(h, await mfaLab.freshUser(h));
    const demos = h.lab.context.users.demoAccounts().map((a) => [a.email, a.password, a.totpSecret]);
    const idpJwks = await (await h.fetch(`${h.lab.origins.idp}/jwks`)).text();
    const demoSecret = h.lab.labs.oauth.services.demoSecret('your-app');
    await h.close();

    h = await startTestLab(dataDir);
    try {
      expect(h.lab.context.users.demoAccounts().map((a) => [a.email, a.password, a.totpSecret])).toEqual(demos);
      expect((await sessionLab.me(h, session.cookie)).status).toBe(200);
      expect((await jwtLab.me(h, jwt.accessToken)).status).toBe(200);
      expect((await jwtLab.refresh(h, jwt.refreshCookie)).status).toBe(200);
      expect(await (await h.fetch(`${h.lab.origins.idp}/jwks`)).text()).toBe(idpJwks);
      expect(h.lab.labs.oauth.services.demoSecret('your-app')).toBe(demoSecret);
      await expectTotpLogin(h, mfaUser);
    } finally {
      await h.close();
    }
  });

  it('a data dir from before the vault and pepper.key: its clear secrets are sealed and the pepper moved out on start, and still work', async () => {
    const dataDir = freshDataDir();
    let h = await startTestLab(dataDir);
    const session = await sessionLab.login(h);
    const jwt = await jwtLab.login(h);
    const mfaUser = await mfaLab.enroll(h, await mfaLab.freshUser(h));
    const demos = h.lab.context.users.demoAccounts().map((a) => [a.email, a.password]);
    const vault = h.lab.context.vault;
    const pepper = readFileSync(join(dataDir, 'pepper.key'), 'utf8').trim();
    await h.close();

    // Turn the data dir into one an older lab left: every secret in clear, no vault.key, no check value.
    const db = new Database(join(dataDir, 'lab.sqlite'));
    const clear: string[] = [];
    db.transaction(() => {
      for (const { table, column } of SEALED_COLUMNS) {
        const rows = db
          .prepare(`SELECT rowid AS id, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`)
          .all() as Array<{ id: number; v: string }>;
        for (const row of rows.filter((r) => Vault.isSealed(r.v))) {
          const plain = vault.open(row.v);
          db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`).run(plain, row.id);
          clear.push(plain);
        }
      }
      for (const row of db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>) {
        if (!isSecretSetting(row.key)) continue;
        const plain = vault.open(JSON.parse(row.value) as string);
        db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(plain, row.key);
        clear.push(plain);
      }
      db.prepare("DELETE FROM settings WHERE key = 'vault.check'").run();
      // An older lab still: the pepper in a settings row, not yet in pepper.key.
      db.prepare("INSERT INTO settings (key, value) VALUES ('passwords.pepper', ?)").run(JSON.stringify(pepper));
    })();
    db.close();
    rmSync(join(dataDir, VAULT_FILE));
    rmSync(join(dataDir, 'pepper.key'));
    clear.push(pepper);
    expect(clear.length).toBeGreaterThan(8);

    h = await startTestLab(dataDir);
    try {
      expect(h.lab.context.users.demoAccounts().map((a) => [a.email, a.password])).toEqual(demos);
      expect((await sessionLab.me(h, session.cookie)).status).toBe(200);
      expect((await jwtLab.me(h, jwt.accessToken)).status).toBe(200);
      expect((await jwtLab.refresh(h, jwt.refreshCookie)).status).toBe(200);
      await expectTotpLogin(h, mfaUser);
      // The pepper moved to its file, so passwords hashed with it still verify.
      expect(readFileSync(join(dataDir, 'pepper.key'), 'utf8').trim()).toBe(pepper);
      const [email, password] = demos[0]!;
      expect((await h.call('POST', '/api/session/login', { json: { email, password } })).status).toBe(200);
    } finally {
      await h.close();
    }
    const rows = everyRow(dataDir);
    expect(clear.filter((value) => rows.includes(value))).toEqual([]);
    // Nor in the bytes: the pages the clear values sat in were overwritten, not just freed.
    for (const [file, bytes] of databaseFiles(dataDir))
      expect(clear.filter((value) => bytes.includes(value)).length, file).toBe(0);
  });
});

describe('a vault.key that cannot open the database stops the start with a clear message', () => {
  async function sealedDataDir(): Promise<string> {
    const dataDir = freshDataDir();
    const h = await startTestLab(dataDir);
    await h.close();
    return dataDir;
  }

  it.each([
    ['missing', (file: string) => rmSync(file), /vault\.key is missing from .*holds secrets sealed with it/],
    ['empty', (file: string) => writeFileSync(file, ''), /vault\.key in .* is not a 256-bit key/],
    ['garbage', (file: string) => writeFileSync(file, 'not a key at all\n'), /is not a 256-bit key/],
    [
      'from another data dir',
      (file: string) => writeFileSync(file, `${Buffer.alloc(32, 7).toString('base64url')}\n`),
      /vault\.key in .* does not open the secrets sealed in lab\.sqlite/,
    ],
  ])('%s', async (_, spoil, message) => {
    const dataDir = await sealedDataDir();
    const file = join(dataDir, VAULT_FILE);
    spoil(file);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    await expect(startTestLab(dataDir)).rejects.toThrow(message);
    await expect(startTestLab(dataDir)).rejects.toThrow(/README "Troubleshooting"/);
    // Nothing was written over the loss: restoring the right key is still possible.
    expect(existsSync(file) ? readFileSync(file, 'utf8') : undefined).toBe(before);
  });
});

describe('Vault', () => {
  const vault = new Vault(Buffer.alloc(32, 1));

  it('seals with a fresh IV each time and opens what it sealed', () => {
    const once = vault.seal('a secret');
    const twice = vault.seal('a secret');
    expect(once).toMatch(/^sealed:v1:[A-Za-z0-9_-]+$/);
    expect(once).not.toBe(twice);
    expect(once).not.toContain('a secret');
    expect(vault.open(once)).toBe('a secret');
    expect(vault.open(twice)).toBe('a secret');
  });

  it.each([
    ['a clear value', 'a secret'],
    ['a truncated value', 'sealed:v1:AAAA'],
    ['a flipped byte', 'flip'],
    ['another key', 'other'],
  ])('refuses %s', (_, kind) => {
    let value = kind;
    if (kind === 'flip') {
      const raw = Buffer.from(vault.seal('a secret').slice('sealed:v1:'.length), 'base64url');
      raw[raw.length - 1]! ^= 1;
      value = `sealed:v1:${raw.toString('base64url')}`;
    }
    if (kind === 'other') value = new Vault(Buffer.alloc(32, 2)).seal('a secret');
    expect(() => vault.open(value)).toThrow();
  });
});
