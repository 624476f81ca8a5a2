import type { Locator, Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { expect, test } from './fixtures';

test.describe('JWT lab', () => {
  test('sign-in: the password field empties, a wrong password is refused under the button', async ({ page, meta }) => {
    expect(meta.toggles['jwt.accessTokenInMemory']).toBe(true);
    await page.goto('/#/jwt-lab');
    const password = page.getByLabel('Password', { exact: true });
    const signIn = page.getByRole('button', { name: 'Sign in with JWT' });
    const rows = page.getByTestId('jwt-exchanges').locator('tbody tr');
    await expect(password).not.toHaveValue('');

    // Emptied, it stays empty, and the browser refuses to send it (required).
    await password.fill('');
    await expect(password).toHaveValue('');
    await signIn.click();
    await expect(password).toHaveValue('');
    expect(
      await password.evaluate((input) => (input as { validity: { valueMissing: boolean } }).validity.valueMissing),
    ).toBe(true);
    await expect(rows).toHaveCount(0);
    await expect(page.getByTestId('token-view')).toHaveCount(0);

    // A wrong password: the API's refusal shows right under the form.
    await password.fill('not-the-password');
    await signIn.click();
    const error = page.getByTestId('jwt-login-error');
    await expect(error).toContainText('invalid_credentials');
    await expect(rows.first()).toContainText('401');

    // Picking a demo account prefills its password again, and it signs in; the error goes away.
    await page.getByLabel('Account', { exact: true }).selectOption('admin@authlab.test');
    await expect(password).not.toHaveValue('');
    await signIn.click();
    await expect(page.getByTestId('token-view')).toBeVisible();
    await expect(error).toHaveCount(0);

    // The exchanges table keeps only the most recent few, newest first.
    for (let i = 0; i < 10; i += 1) await page.getByRole('button', { name: 'GET /me' }).click();
    await expect(rows).toHaveCount(8);
    await expect(rows.first()).toContainText('GET /api/jwt/me200');
  });

  test('log in, inspect, call the API, refresh, log out', async ({ page, meta }) => {
    expect(meta.toggles['jwt.accessTokenInMemory']).toBe(true);
    await page.goto('/#/jwt-lab');
    await page.getByRole('button', { name: 'Sign in with JWT' }).click();
    const view = page.getByTestId('token-view');
    await expect(view).toBeVisible();
    await expect(page.getByTestId('decoded-header')).toContainText('"typ": "at+jwt"');
    await expect(page.getByTestId('expiry-countdown')).toContainText(/Expires in 1[45] min/);
    // Memory only: nothing for an injected script to find.
    expect(await page.evaluate<string | null>("localStorage.getItem('authlab.jwt.accessToken')")).toBeNull();
    expect(await page.evaluate<string>('document.cookie')).not.toContain('authlab_rt');

    const exchanges = page.getByTestId('jwt-exchanges');
    await page.getByRole('button', { name: 'GET /me' }).click();
    await expect(exchanges.locator('tr').nth(1)).toContainText('GET /api/jwt/me200');
    await page.getByRole('button', { name: 'GET /admin' }).click();
    await expect(exchanges.locator('tr').nth(1)).toContainText('403');

    const before = await page.getByTestId('decoded-payload').textContent();
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(exchanges.locator('tr').nth(1)).toContainText('POST /api/jwt/refresh200');
    await expect(page.getByTestId('decoded-payload')).not.toHaveText(before!);
    await expect(page.getByTestId('family-graph').locator('circle')).toHaveCount(2);

    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await expect(exchanges.locator('tr').nth(1)).toContainText('"familyRevoked":true');
    await page.getByRole('button', { name: 'GET /me' }).click();
    await expect(exchanges.locator('tr').nth(1)).toContainText('token_revoked');
    await expect(page.getByTestId('family-revoked')).toHaveCount(1);

    await page.getByRole('button', { name: 'Open in the token inspector' }).click();
    await expect(page.getByRole('heading', { name: 'Token inspector' })).toBeVisible();
    await expect(page.getByTestId('decoded-payload')).toContainText('"client_id": "authlab-jwt-lab"');
    await page.getByLabel('JWKS (JSON)').check();
    await page.getByRole('button', { name: /Load the lab’s/ }).click();
    await expect(page.getByLabel('JWKS JSON')).toHaveValue(/"kty": "RSA"/);
    await page.getByRole('button', { name: 'Verify signature and claims' }).click();
    await expect(page.getByTestId('verify-result')).toContainText('Accepted');
  });

  test('a pasted broken token shows an error, never a crash', async ({ page, meta }) => {
    expect(meta.toggles['jwt.verifySignature']).toBe(true);
    await page.goto('/#/inspector');
    const input = page.getByTestId('inspector-input');
    for (const [token, message] of [
      ['garbage', /three parts/],
      ['eyJhbGciOiJIUzI1NiJ9.not json!.x', /not base64url/],
      ['bm90IGpzb24.e30.', /header is not JSON/],
    ] as const) {
      await input.fill(token);
      await expect(page.getByTestId('decode-error')).toContainText(message);
    }
    // The page still works afterwards: a real token from RFC 7519 decodes.
    await input.fill(
      'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    );
    await expect(page.getByTestId('decoded-payload')).toContainText('"iss": "joe"');
    await expect(page.getByTestId('token-warnings')).toContainText('expired');
  });

  test('localStorage theft: fails with the defence on, succeeds with it off', async ({ page, meta }) => {
    expect(meta.toggles['jwt.accessTokenInMemory']).toBe(true);
    await page.goto('/#/jwt-lab');
    await runAttackSecureThenVulnerable(page, 'localStorage');
    expect(await page.evaluate<string | null>("localStorage.getItem('authlab.jwt.accessToken')")).toMatch(/^eyJ/);
  });

  test('alg none from the UI: refused with the defence on, accepted with it off', async ({ page, meta }) => {
    expect(meta.toggles['jwt.algorithmAllowList']).toBe(true);
    await page.goto('/#/jwt-lab');
    await runAttackSecureThenVulnerable(page, 'algNone');
  });

  test('weak-secret crack from the UI: fails, then succeeds, and the lab goes back to its usual key', async ({
    page,
    request,
    baseURL,
    meta,
  }) => {
    expect(meta.toggles['jwt.strongSecret']).toBe(true);
    const currentAlg = async () =>
      (
        (await (await request.get(`${baseURL}/api/lab/jwt/keys`)).json()) as Array<{
          purpose: string;
          alg: string;
          retireAt: string | null;
        }>
      ).find((k) => k.purpose === 'access' && k.retireAt === null)!.alg;
    expect(await currentAlg()).toBe('RS256');
    await page.goto('/#/jwt-lab');
    const card = await runAttackSecureThenVulnerable(page, 'weakSecret');
    await expect(card).toContainText('Rotated the lab back to a RS256 key');
    expect(await currentAlg()).toBe('RS256');
  });

  test('the countdown says when the server refuses the token: exp plus the 60 s leeway', async ({ page, meta }) => {
    expect(meta.clock.offsetMs).toBe(0);
    await page.goto('/#/jwt-lab');
    await page.getByRole('button', { name: 'Sign in with JWT' }).click();
    const server = page.getByTestId('server-countdown');
    await expect(server).toContainText('until 60 s after exp');
    // Fifteen minutes on, the token is past exp but inside the leeway: the server still says 200.
    await page.getByRole('button', { name: '+15 min' }).click();
    await expect(page.getByTestId('expiry-countdown')).toContainText('Expired');
    await expect(server).toContainText('still accepts it');
    await page.getByRole('button', { name: 'GET /me' }).click();
    await expect(page.getByTestId('jwt-exchanges').locator('tbody tr').first()).toContainText('GET /api/jwt/me200');
    await page.getByRole('button', { name: '+1 min' }).click();
    await expect(server).toContainText('The server refuses it');
    await page.getByRole('button', { name: 'GET /me' }).click();
    await expect(page.getByTestId('jwt-exchanges').locator('tbody tr').first()).toContainText('token_expired');
  });

  test('Reset lab: the page drops its token and families at once, and the dialog says the keys change', async ({
    page,
    meta,
  }) => {
    expect(meta.toggles['jwt.accessTokenInMemory']).toBe(true);
    await page.goto('/#/jwt-lab');
    await page.getByRole('button', { name: 'Sign in with JWT' }).click();
    await expect(page.getByTestId('token-view')).toBeVisible();
    await expect(page.getByTestId('family-live')).toHaveCount(1);
    let message = '';
    page.once('dialog', (dialog) => {
      message = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Reset lab' }).click();
    await expect(page.getByTestId('no-token')).toBeVisible();
    await expect(page.getByTestId('family-live')).toHaveCount(0);
    await expect(page.getByTestId('jwt-exchanges').locator('tbody tr')).toHaveCount(0);
    expect(message).toMatch(/signing keys/);
  });

  test('key confusion follows the signing key: an ES256 key, and an HS256 lab left on HS256', async ({
    page,
    request,
    baseURL,
    meta,
  }) => {
    test.setTimeout(60_000);
    expect(meta.toggles['jwt.algorithmAllowList']).toBe(true);
    const keys = async () =>
      (await (await request.get(`${baseURL}/api/lab/jwt/keys`)).json()) as Array<{
        purpose: string;
        alg: string;
        weak: boolean;
        retireAt: number | null;
      }>;
    const currentAlg = async () => (await keys()).find((k) => k.purpose === 'access' && k.retireAt === null)!.alg;
    await page.goto('/#/jwt-lab');
    const card = page.getByTestId('attack-keyConfusion');
    await expect(card).toContainText('The RSA key only verifies RS256');

    await page.getByLabel('Algorithm of the new key').selectOption('ES256');
    await page.getByRole('button', { name: 'Rotate key', exact: true }).click();
    await expect(card).toContainText('The EC key only verifies ES256');
    await expect(card).not.toContainText('RSA');
    await runAttackSecureThenVulnerable(page, 'keyConfusion');
    await expect(card.getByTestId('attack-keyConfusion-result')).toContainText('public EC key');
    expect(await currentAlg()).toBe('ES256');

    // An HS256 lab: the attack borrows an RS256 key and puts the lab back on HS256, with no key of its own left.
    await page.getByLabel('Algorithm of the new key').selectOption('HS256');
    await page.getByRole('button', { name: 'Rotate key', exact: true }).click();
    await expect(card).toContainText('rotates to an RS256 key first');
    const before = (await keys()).filter((k) => k.purpose === 'access').length;
    await card.getByRole('button', { name: /^Run/ }).click();
    await expect(card.getByTestId('attack-keyConfusion-result')).toContainText('Attack succeeded', {
      timeout: 30_000,
    });
    expect(await currentAlg()).toBe('HS256');
    // One more retiring key (the HS256 key it found keeps verifying your token), no RS256 key left behind.
    const after = (await keys()).filter((k) => k.purpose === 'access');
    expect(after.length).toBe(before + 1);
    expect(after.filter((k) => k.alg === 'RS256' && k.retireAt === null)).toHaveLength(0);
  });

  test('attacks leave the clock and keys as they found them; a flipped switch clears the old result', async ({
    page,
    request,
    baseURL,
    meta,
  }) => {
    test.setTimeout(90_000);
    expect(meta.toggles['jwt.shortAccessTtl']).toBe(true);
    await page.goto('/#/jwt-lab');
    await page.getByRole('button', { name: '+15 min' }).click();
    const offset = async () =>
      ((await (await request.get(`${baseURL}/api/lab/clock`)).json()) as { offsetMs: number }).offsetMs;
    await expect.poll(offset).toBe(15 * 60_000);
    const card = await runAttackSecureThenVulnerable(page, 'longTtl');
    expect(await offset()).toBe(15 * 60_000);
    await expect(card).toContainText('Lab clock back where it was');
    // Flipping the switch back clears the result, as on every lab page.
    await card.getByRole('switch').click();
    await expect(card.getByTestId('attack-longTtl-result')).toHaveCount(0);

    // The weak-secret crack leaves no weak key behind, however often it runs.
    await runAttackSecureThenVulnerable(page, 'weakSecret');
    const crack = page.getByTestId('attack-weakSecret-result');
    const runs = Number(await crack.getAttribute('data-run'));
    await page.getByTestId('attack-weakSecret').getByRole('button', { name: /^Run/ }).click();
    await expect(crack).toHaveAttribute('data-run', String(runs + 1), { timeout: 30_000 });
    const keys = (await (await request.get(`${baseURL}/api/lab/jwt/keys`)).json()) as Array<{ weak: boolean }>;
    expect(keys.filter((k) => k.weak)).toHaveLength(0);
  });

  test('a TOTP code used once is refused as already used, with a hint to wait for the next one', async ({
    page,
    request,
    baseURL,
    meta,
  }) => {
    // A step no earlier test spent: the account remembers its last code across resets.
    await request.post(`${baseURL}/api/lab/clock`, { data: { advanceMs: 3_600_000 } });
    const accounts = (await (await request.get(`${baseURL}/api/lab/accounts`)).json()) as Array<{
      email: string;
      totpSecret?: string;
    }>;
    const secret = accounts.find((a) => a.email === 'mfa@authlab.test')!.totpSecret!;
    const code = generateSync({ secret, epoch: Math.floor((Date.now() + 3_600_000) / 1000) });
    expect(meta.toggles['jwt.strongSecret']).toBe(true);
    await page.goto('/#/jwt-lab');
    const account = page.getByLabel('Account', { exact: true });
    for (const expected of ['token', 'refused'] as const) {
      await account.selectOption('mfa@authlab.test');
      await page.getByRole('button', { name: 'Sign in with JWT' }).click();
      await page.getByLabel('Code', { exact: true }).fill(code);
      await page.getByRole('button', { name: 'Verify code' }).click();
      if (expected === 'token') await expect(page.getByTestId('token-view')).toBeVisible();
    }
    const error = page.getByTestId('jwt-login-error');
    await expect(error).toContainText('already used');
    await expect(error).toContainText('Wait for the next code');
  });

  test('inspector attacker tools: an edited alg-none token is refused by the lab', async ({ page, meta }) => {
    // The meta fixture reset the lab: every defence is on again.
    expect(meta.toggles['jwt.algorithmAllowList']).toBe(true);
    await page.goto('/#/jwt-lab');
    await page.getByRole('button', { name: 'Sign in with JWT' }).click();
    await page.getByRole('button', { name: 'Open in the token inspector' }).click();
    const payload = page.getByLabel('Payload JSON');
    await payload.fill((await payload.inputValue()).replace('"role": "user"', '"role": "admin"'));
    await page.getByRole('button', { name: 'Forge alg none' }).click();
    await expect(page.getByTestId('forged-token')).toContainText('Unsigned');
    await page.getByRole('button', { name: 'Try on GET /api/jwt/admin' }).click();
    await expect(page.getByTestId('forged-try')).toContainText('→ 401');
    await page.getByRole('button', { name: 'Inspect the forged token' }).click();
    await expect(page.getByTestId('token-warnings')).toContainText('not signed');
  });

  test('second tab race: one refresh wins, the loser revokes the family; compromised rotation', async ({
    page,
    meta,
  }) => {
    expect(meta.toggles['jwt.refreshReuseDetection']).toBe(true);
    await page.goto('/#/jwt-lab');
    await page.getByRole('button', { name: 'Sign in with JWT' }).click();
    await expect(page.getByTestId('token-view')).toBeVisible();
    await page.getByRole('button', { name: 'Second tab: race a refresh' }).click();
    const rows = page.getByTestId('jwt-exchanges').locator('tbody tr');
    await expect(rows.filter({ hasText: 'refresh_token_reused' })).toHaveCount(1);
    await expect(rows.filter({ hasText: /refresh \(tab \d\)200/ })).toHaveCount(1);
    await expect(page.getByTestId('family-revoked')).toHaveCount(1);

    await page.getByRole('button', { name: 'Sign in with JWT' }).click();
    await expect(rows.first()).toContainText('POST /api/jwt/login200');
    await page.getByRole('button', { name: 'Rotate: old key compromised' }).click();
    await expect(rows.first()).toContainText('(compromised)200');
    await page.getByRole('button', { name: 'GET /me' }).click();
    await expect(rows.first()).toContainText('invalid_token');
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(rows.first()).toContainText('POST /api/jwt/refresh200');
    await page.getByRole('button', { name: 'GET /me' }).click();
    await expect(rows.first()).toContainText('GET /api/jwt/me200');
  });
});

/** Runs one attack card with its defence on (it must fail), then off (it must succeed). */
async function runAttackSecureThenVulnerable(page: Page, attack: string): Promise<Locator> {
  const card = page.getByTestId(`attack-${attack}`);
  await card.getByRole('button', { name: /^Run/ }).click();
  const result = card.getByTestId(`attack-${attack}-result`);
  await expect(result).toContainText('Attack failed', { timeout: 30_000 });
  await card.getByRole('switch').click();
  await expect(card.getByRole('switch')).not.toBeChecked();
  // The old result described the defence on: it is gone.
  await expect(result).toHaveCount(0);
  await card.getByRole('button', { name: /^Run/ }).click();
  await expect(result).toContainText('Attack succeeded', { timeout: 30_000 });
  return card;
}
