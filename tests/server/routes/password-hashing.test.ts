import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { sessionHeaders } from '../helpers/mfa';
import { forgot, freshAccount, mailedLink, reset, setToggles, withTogglesOff } from '../helpers/password';

const h = useTestLab();

const register = (email: string, password: string) =>
  h.call('POST', '/api/auth/register', { json: { email, password } });
const signIn = (email: string, password: string) => h.call('POST', '/api/session/login', { json: { email, password } });
const newEmail = () => `hash-${randomUUID().slice(0, 8)}@example.test`;
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** users.password_hash read from the database file by a second connection, as a leaked copy would be. */
function storedInFile(email: string): string {
  const db = new Database(join(h.dataDir, 'lab.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT password_hash FROM users WHERE email = ?').get(email) as { password_hash: string })
      .password_hash;
  } finally {
    db.close();
  }
}

/** The offline attack: SHA-256 of every word of the shipped list, compared with the stolen string. */
function crackWithWordList(stored: string): string | undefined {
  const words = readFileSync(join(import.meta.dirname, '../../../resources/jwt/secret-words.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const target = stored.replace(/^sha256\$/, '');
  return words.find((word) => sha256Hex(word) === target);
}

// A word from the shipped list that the policy accepts (the deny-list holds breached passwords, not this one).
const LISTED_PASSWORD = 'keyboardcat';

describe('bcrypt reads 72 bytes; the pre-hash makes every byte count (through register and login)', () => {
  it.each([
    ['ASCII', 'a'.repeat(72)],
    ['4-byte emoji (18 × 😀 = 72 bytes)', '😀'.repeat(18)],
  ])('%s: a different tail after byte 72 is a different password', async (_name, prefix) => {
    expect(Buffer.byteLength(prefix)).toBe(72);
    const email = newEmail();
    expect((await register(email, `${prefix}X`)).status).toBe(202);
    expect((await signIn(email, `${prefix}Y`)).status).toBe(401);
    expect((await signIn(email, prefix)).status).toBe(401);
    expect((await signIn(email, `${prefix}X`)).status).toBe(200);
  });
});

describe('password.hashing', () => {
  it('on: the database file holds a bcrypt string the word list cannot crack', async () => {
    const email = newEmail();
    expect((await register(email, LISTED_PASSWORD)).status).toBe(202);
    const stored = storedInFile(email);
    expect(stored).toMatch(/^\$2[aby]\$04\$.{53}$/);
    expect(stored.includes(sha256Hex(LISTED_PASSWORD))).toBe(false);
    expect(crackWithWordList(stored)).toBeUndefined();
    expect((await signIn(email, LISTED_PASSWORD)).status).toBe(200);
  });

  it('off: register stores the hex SHA-256 of the password, and the word list cracks it', async () => {
    const email = newEmail();
    await withTogglesOff(h, ['password.hashing'], async () => {
      expect((await register(email, LISTED_PASSWORD)).status).toBe(202);
    });
    const stored = storedInFile(email);
    expect(stored).toBe(`sha256$${sha256Hex(LISTED_PASSWORD)}`);
    expect(crackWithWordList(stored)).toBe(LISTED_PASSWORD);
    // The account keeps working after the defence is back on; only the right password opens it.
    expect((await signIn(email, LISTED_PASSWORD)).status).toBe(200);
    expect((await signIn(email, 'keyboardcat2')).status).toBe(401);
  });

  it('off: reset and change store the weak form too; back on, a change stores bcrypt again', async () => {
    const { email, password } = await freshAccount(h);
    const viaReset = 'a reset while weak 1';
    await withTogglesOff(h, ['password.hashing'], async () => {
      await forgot(h, email);
      const { token } = await mailedLink(h, email);
      expect((await reset(h, token, viaReset)).status).toBe(200);
    });
    expect(storedInFile(email)).toBe(`sha256$${sha256Hex(viaReset)}`);
    expect((await signIn(email, password)).status).toBe(401);
    const login = await signIn(email, viaReset);
    expect(login.status).toBe(200);
    const headers = sessionHeaders(login.headers, login.body.csrfToken);
    const change = (currentPassword: string, newPassword: string) =>
      h.call('POST', '/api/password/change', { json: { currentPassword, newPassword }, headers });
    await withTogglesOff(h, ['password.hashing'], async () => {
      expect((await change(viaReset, 'a change while weak 2')).status).toBe(200);
    });
    expect(storedInFile(email)).toBe(`sha256$${sha256Hex('a change while weak 2')}`);
    expect((await change('a change while weak 2', 'a change while strong 3')).status).toBe(200);
    expect(storedInFile(email)).toMatch(/^\$2[aby]\$/);
    expect((await signIn(email, 'a change while strong 3')).status).toBe(200);
  });

  it('off, then on: the weak hash is upgraded to bcrypt at the next right password, not at a wrong one', async () => {
    const email = newEmail();
    await withTogglesOff(h, ['password.hashing'], async () => {
      expect((await register(email, LISTED_PASSWORD)).status).toBe(202);
      expect((await signIn(email, LISTED_PASSWORD)).status).toBe(200);
    });
    // Still off at that login: nothing to upgrade to.
    expect(storedInFile(email)).toBe(`sha256$${sha256Hex(LISTED_PASSWORD)}`);
    expect((await signIn(email, 'not the password 1')).status).toBe(401);
    expect(storedInFile(email)).toBe(`sha256$${sha256Hex(LISTED_PASSWORD)}`);
    const first = await signIn(email, LISTED_PASSWORD);
    expect(first.status).toBe(200);
    expect(storedInFile(email)).toMatch(/^\$2[aby]\$04\$/);
    expect(crackWithWordList(storedInFile(email))).toBeUndefined();
    // The session of that login stays, and the password still works.
    expect(
      (await h.call('GET', '/api/session/me', { headers: { cookie: first.headers.get('set-cookie')!.split(';')[0]! } }))
        .status,
    ).toBe(200);
    expect((await signIn(email, LISTED_PASSWORD)).status).toBe(200);
  });

  it.each([true, false])(
    'register with accounts.uniformRegisterResponse on, password.hashing %s: a taken email spends the same hashing as a new one',
    async (hashing) => {
      const taken = (await freshAccount(h)).email;
      const hasher = h.lab.context.hasher;
      const original = hasher.hash;
      let calls = 0;
      hasher.hash = (password: string) => {
        calls += 1;
        return original.call(hasher, password);
      };
      const callsFor = async (email: string) => {
        calls = 0;
        expect((await register(email, 'a fine long passphrase 7')).status).toBe(202);
        return calls;
      };
      try {
        await setToggles(h, { 'password.hashing': hashing });
        expect(await callsFor(taken)).toBe(await callsFor(newEmail()));
      } finally {
        hasher.hash = original;
        await setToggles(h, { 'password.hashing': true });
      }
    },
  );

  it('the pepper lives in its own file in the data dir, not in the database', () => {
    const pepper = readFileSync(join(h.dataDir, 'pepper.key'), 'utf8').trim();
    expect(pepper).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') expect(statSync(join(h.dataDir, 'pepper.key')).mode & 0o077).toBe(0);
    const db = new Database(join(h.dataDir, 'lab.sqlite'), { readonly: true });
    try {
      const settings = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
      expect(settings.some((row) => row.key.includes('pepper') || row.value.includes(pepper))).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('lab helpers under /api/lab/password/', () => {
  it('strength: reasons, and the bytes bcrypt alone would keep', async () => {
    const weak = await h.call('POST', '/api/lab/password/strength', {
      json: { password: 'maria-password', email: 'maria@example.test' },
    });
    expect(weak.status).toBe(200);
    expect(weak.body.acceptable).toBe(false);
    expect(weak.body.reasons.map((r: { code: string }) => r.code)).toContain('contains_email');
    const short = await h.call('POST', '/api/lab/password/strength', { json: { password: 'abc' } });
    expect(short.body.reasons.map((r: { code: string }) => r.code)).toEqual(['too_short']);

    const long = await h.call('POST', '/api/lab/password/strength', { json: { password: `${'é'.repeat(36)}tail` } });
    expect(long.body).toMatchObject({
      acceptable: true,
      length: 40,
      bytes: {
        byteLength: 76,
        limit: 72,
        keptCharacters: 36,
        cutSplitsCharacter: false,
        preHashKeepsAll: true,
      },
    });
    const split = await h.call('POST', '/api/lab/password/strength', { json: { password: `a${'😀'.repeat(18)}` } });
    expect(split.body.bytes).toMatchObject({ byteLength: 73, keptCharacters: 18, cutSplitsCharacter: true });
  });

  it('cost: measures one bcrypt hash at the asked cost, in the worker pool', async () => {
    const res = await h.call('POST', '/api/lab/password/cost', { json: { cost: 4 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ cost: 4, configuredCost: 4 });
    expect(res.body.ms).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('stored: the users table as it is; demo-hash: one password both ways', async () => {
    const { email } = await freshAccount(h);
    const stored = await h.call('GET', `/api/lab/password/stored?email=${encodeURIComponent(email)}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ email, stored: storedInFile(email), scheme: 'bcrypt', cost: 4 });

    const weakEmail = newEmail();
    await withTogglesOff(h, ['password.hashing'], async () => {
      await register(weakEmail, LISTED_PASSWORD);
    });
    const weak = await h.call('GET', `/api/lab/password/stored?email=${encodeURIComponent(weakEmail)}`);
    expect(weak.body).toMatchObject({ scheme: 'sha256', cost: null, stored: `sha256$${sha256Hex(LISTED_PASSWORD)}` });

    const demo = await h.call('POST', '/api/lab/password/demo-hash', { json: { password: 'correct horse' } });
    expect(demo.status).toBe(200);
    expect(demo.body.sha256).toBe(`sha256$${sha256Hex('correct horse')}`);
    expect(demo.body.bcrypt).toHaveLength(2);
    expect(demo.body.bcrypt[0]).not.toBe(demo.body.bcrypt[1]);
    expect(demo.body.cost).toBe(4);
  });

  it.each([
    ['demo-hash', '/api/lab/password/demo-hash', { password: 'correct horse' }, 'hash', 1],
    ['cost', '/api/lab/password/cost', { cost: 8 }, 'measureCost', 3],
  ] as const)(
    '%s: a burst of parallel calls gets 429 busy with Retry-After past its bound, none 5xx',
    async (_name, path, json, method, allowed) => {
      // Each job made slow on purpose (a loaded machine, a high cost), so the burst surely overlaps.
      const hasher = h.lab.context.hasher;
      const original = hasher[method];
      hasher[method] = (async (...args: [never]) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return (original as (...a: [never]) => Promise<unknown>).apply(hasher, args);
      }) as never;
      try {
        const answers = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', path, { json })));
        expect(answers.filter((a) => a.status === 200)).toHaveLength(allowed);
        const refused = answers.filter((a) => a.status === 429);
        expect(refused).toHaveLength(8 - allowed);
        for (const answer of refused) {
          expect(answer.body.error).toBe('busy');
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      } finally {
        hasher[method] = original as never;
      }
      // Once the burst is over, the next call runs.
      expect((await h.call('POST', path, { json })).status).toBe(200);
    },
  );

  it('leaves no password, and no fast hash of one, in the recorded traffic', async () => {
    const typed = 'a password typed into the lab 9';
    await h.call('POST', '/api/lab/password/strength', { json: { password: typed } });
    await h.call('POST', '/api/lab/password/demo-hash', { json: { password: typed } });
    // What the users table holds for an account with a weak hash: the crackable SHA-256 itself.
    const weakEmail = newEmail();
    await withTogglesOff(h, ['password.hashing'], async () => {
      await register(weakEmail, typed);
    });
    const stored = await h.call('GET', `/api/lab/password/stored?email=${encodeURIComponent(weakEmail)}`);
    expect(stored.body.stored).toBe(`sha256$${sha256Hex(typed)}`);
    h.lab.context.recorder.flush();
    const db = new Database(join(h.dataDir, 'lab.sqlite'), { readonly: true });
    try {
      const rows = JSON.stringify(db.prepare('SELECT * FROM traffic').all());
      expect(rows).toContain('/api/lab/password/strength');
      expect(rows.includes(typed)).toBe(false);
      expect(rows.includes(sha256Hex(typed))).toBe(false);
    } finally {
      db.close();
    }
  });

  const badInputs: Array<[string, string, string, unknown, number, string]> = [
    ['strength: no body field', 'POST', '/api/lab/password/strength', {}, 400, 'invalid_request'],
    ['strength: empty password', 'POST', '/api/lab/password/strength', { password: '' }, 400, 'invalid_request'],
    ['strength: not a string', 'POST', '/api/lab/password/strength', { password: 42 }, 400, 'invalid_request'],
    [
      'strength: bad email',
      'POST',
      '/api/lab/password/strength',
      { password: 'x', email: 'no' },
      400,
      'invalid_request',
    ],
    ['strength: extra field', 'POST', '/api/lab/password/strength', { password: 'x', y: 1 }, 400, 'invalid_request'],
    [
      'strength: too long',
      'POST',
      '/api/lab/password/strength',
      { password: 'x'.repeat(1025) },
      400,
      'invalid_request',
    ],
    ['cost: below 4', 'POST', '/api/lab/password/cost', { cost: 3 }, 400, 'invalid_request'],
    ['cost: above 14', 'POST', '/api/lab/password/cost', { cost: 15 }, 400, 'invalid_request'],
    ['cost: not an integer', 'POST', '/api/lab/password/cost', { cost: 10.5 }, 400, 'invalid_request'],
    ['cost: a string', 'POST', '/api/lab/password/cost', { cost: 'ten' }, 400, 'invalid_request'],
    ['cost: missing', 'POST', '/api/lab/password/cost', {}, 400, 'invalid_request'],
    ['stored: no email', 'GET', '/api/lab/password/stored', undefined, 400, 'invalid_request'],
    ['stored: not an email', 'GET', '/api/lab/password/stored?email=nope', undefined, 400, 'invalid_request'],
    [
      'stored: unknown account',
      'GET',
      '/api/lab/password/stored?email=ghost%40example.test',
      undefined,
      404,
      'not_found',
    ],
    ['demo-hash: no password', 'POST', '/api/lab/password/demo-hash', {}, 400, 'invalid_request'],
    ['demo-hash: null', 'POST', '/api/lab/password/demo-hash', { password: null }, 400, 'invalid_request'],
  ];
  it.each(badInputs)('%s → %i %s', async (_name, method, path, json, status, error) => {
    const res = await h.call(method, path, json === undefined ? {} : { json });
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    expect(typeof res.body.message).toBe('string');
  });

  it('answers a body that is not JSON with 400 invalid_json, and a form with 415', async () => {
    const broken = await h.call('POST', '/api/lab/password/cost', {
      body: '{"cost":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('invalid_json');
    const form = await h.call('POST', '/api/lab/password/strength', {
      body: 'password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});
