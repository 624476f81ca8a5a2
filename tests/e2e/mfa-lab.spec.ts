import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The MFA lab in a real Chromium: enroll with the built-in authenticator (no
 * phone), log out, log in with a code, then with a recovery code; and one
 * attack with its defence on and off.
 */

async function currentCode(page: Page): Promise<string> {
  const code = page.getByTestId('authenticator-current');
  await expect(code).toHaveText(/^\d{6}$/);
  return (await code.textContent())!;
}

/** The next 30 s step on the lab clock: the code just used is spent, a fresh one is needed. */
async function nextStep(page: Page) {
  const before = await currentCode(page);
  await page.getByRole('button', { name: 'Lab clock +30 s' }).click();
  await expect(page.getByTestId('authenticator-current')).not.toHaveText(before);
}

async function logInAs(page: Page, email: string, password: string) {
  await page.getByLabel('Account', { exact: true }).selectOption('@other');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

test('enroll with the built-in authenticator, then log in with a code and with a recovery code', async ({
  page,
  request,
  baseURL,
  meta,
}) => {
  expect(meta.toggles['mfa.replayProtection']).toBe(true);
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  expect((await request.post(`${baseURL}/api/auth/register`, { data: { email, password } })).status()).toBe(202);

  await page.goto('/#/mfa-lab/enroll');
  await expect(page.getByRole('heading', { name: 'MFA lab', level: 1 })).toBeVisible();
  await logInAs(page, email, password);
  await expect(page.getByTestId('mfa-user')).toContainText(`Signed in as ${email}`);
  await expect(page.getByTestId('mfa-enabled')).toHaveText('off');

  // Another session of the same account (another device): after the MFA change the page offers to end it.
  expect((await request.post(`${baseURL}/api/session/login`, { data: { email, password } })).status()).toBe(200);

  await page.getByRole('button', { name: 'Start setup' }).click();
  const qr = page.getByRole('img', { name: /QR code/ });
  await expect(qr).toBeVisible();
  // The data: URL image really decodes under the app's CSP.
  await expect
    .poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBeGreaterThan(0);
  const secret = (await page.getByTestId('setup-secret').textContent())!;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // The built-in authenticator follows the secret being enrolled.
  await expect(page.getByTestId('authenticator-secret')).toHaveValue(secret);
  await page.getByTestId('setup-code').fill(await currentCode(page));
  await page.getByRole('button', { name: 'Turn on MFA' }).click();
  const codes = page.getByTestId('recovery-codes').locator('li');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().textContent())!;
  await expect(page.getByTestId('mfa-enabled')).toHaveText('on');
  await expect(page.getByTestId('setup-secret')).toHaveCount(0);
  await expect(page.getByTestId('end-other-sessions')).toContainText('1 other signed-in session');
  await page.getByRole('button', { name: 'End other sessions' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ended 1 other session.' })).toBeVisible();
  await expect(page.getByTestId('end-other-sessions')).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download .txt' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('auth-lab-recovery-codes.txt');
  expect(await readFile((await file.path())!, 'utf8')).toContain(recovery);

  // Log out, log in again: the password step asks for a code.
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page.getByTestId('mfa-user')).toContainText('Not signed in');
  await page.getByTestId('authenticator-secret').fill(secret);
  await nextStep(page);
  await logInAs(page, email, password);
  await page.getByTestId('mfa-login-code').fill(await currentCode(page));
  await page.getByRole('button', { name: 'Verify code' }).click();
  await expect(page.getByTestId('mfa-user')).toContainText(`Signed in as ${email}`);

  // And once more with a recovery code instead of the app.
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page.getByTestId('mfa-user')).toContainText('Not signed in');
  await logInAs(page, email, password);
  await page.getByTestId('mfa-login-code').fill(recovery);
  await page.getByRole('button', { name: 'Verify code' }).click();
  await expect(page.getByTestId('mfa-user')).toContainText(`Signed in as ${email}`);
  await expect(page.getByTestId('mfa-user')).toContainText('9 recovery codes left');
});

test('a sign-in older than 5 minutes: adding an authenticator asks for the password, then carries on', async ({
  page,
  request,
  baseURL,
  meta,
}) => {
  expect(meta.toggles['mfa.stepUp']).toBe(true);
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  expect((await request.post(`${baseURL}/api/auth/register`, { data: { email, password } })).status()).toBe(202);
  await page.goto('/#/mfa-lab/enroll');
  await logInAs(page, email, password);
  await expect(page.getByTestId('mfa-user')).toContainText(`Signed in as ${email}`);
  expect((await request.post(`${baseURL}/api/lab/clock`, { data: { advanceMs: 6 * 60_000 } })).status()).toBe(200);
  try {
    await page.getByRole('button', { name: 'Start setup' }).click();
    const prompt = page.getByTestId('enroll-step-up');
    await expect(prompt).toContainText('older than 5 minutes');
    await expect(page.getByRole('img', { name: /QR code/ })).toHaveCount(0);
    await prompt.getByLabel('Your password (step-up)').fill(password);
    await prompt.getByRole('button', { name: 'Confirm and continue' }).click();
    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
    await expect(prompt).toHaveCount(0);
    await page.getByTestId('setup-code').fill(await currentCode(page));
    await page.getByRole('button', { name: 'Turn on MFA' }).click();
    await expect(page.getByTestId('mfa-enabled')).toHaveText('on');
  } finally {
    await request.post(`${baseURL}/api/lab/clock`, { data: { reset: true } });
  }
});

test('the replay attack fails with the defence on and works with it off', async ({ page, meta, request, baseURL }) => {
  expect(meta.toggles['mfa.replayProtection']).toBe(true);
  await page.goto('/#/mfa-lab/replay');
  const card = page.getByTestId('attack-mfa-replay');
  const result = page.getByTestId('attack-mfa-replay-result');
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(result).toHaveAttribute('data-run', /\d+/, { timeout: 20_000 });
  await expect(result).toContainText('Attack failed.');
  await expect(result).toContainText('401 invalid_code');

  await card.getByRole('switch', { name: /mfa\.replayProtection/ }).click();
  await expect(card.getByRole('switch', { name: /mfa\.replayProtection/ })).not.toBeChecked();
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(result).toContainText('Attack succeeded.', { timeout: 20_000 });
  // The runs' throwaway accounts send no "Welcome" mail into the learner's inbox.
  const inbox = (await (await request.get(`${baseURL}/api/lab/inbox`)).json()) as Array<{ to: string }>;
  expect(inbox.filter((mail) => mail.to.endsWith('@mfa-lab.test'))).toEqual([]);
});

test('the authenticator shows the ±1 window with a drifting phone clock, and how its code is made', async ({
  page,
  meta,
}) => {
  void meta;
  await page.goto('/#/mfa-lab/drift');
  await currentCode(page);
  const slider = page.getByRole('slider', { name: 'Phone clock drift in seconds' });
  await slider.fill('90');
  await expect(page.getByTestId('authenticator-drift')).toContainText('Outside the ±1 window: refused');
  await slider.fill('-15');
  // 15 s slow is the current step or the one before: always inside the window.
  await expect(page.getByTestId('authenticator-drift')).toContainText('Inside the ±1 window: accepted');
  const how = page.getByTestId('how-code-is-made');
  await expect(how.getByTestId('how-hmac').locator('span')).toHaveCount(20);
  await expect(how).toContainText(`= ${await currentCode(page)}, padded`);
});

test('every MFA deep link lands on a working step', async ({ page }) => {
  for (const step of ['enroll', 'drift', 'replay', 'brute-force', 'recovery-codes', 'step-up']) {
    await page.goto(`/#/mfa-lab/${step}`);
    await expect(page.locator(`[data-lab-step~="${step}"]`).first()).toBeVisible();
  }
});

test('brute force: the ticket dies after 5 guesses with the limit on; without it the right code still gets in', async ({
  page,
  meta,
}) => {
  expect(meta.toggles['mfa.attemptLimit']).toBe(true);
  await page.goto('/#/mfa-lab/brute-force');
  const card = page.getByTestId('attack-mfa-brute-force');
  const result = page.getByTestId('attack-mfa-brute-force-result');
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(result).toContainText('Attack failed.', { timeout: 20_000 });
  await expect(page.getByTestId('brute-force-attempts')).toHaveText('5');
  await expect(result).toContainText('mfa_ticket_invalid');

  await card.getByRole('switch', { name: /mfa\.attemptLimit/ }).click();
  await expect(card.getByRole('switch', { name: /mfa\.attemptLimit/ })).not.toBeChecked();
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(result).toContainText('Attack succeeded.', { timeout: 30_000 });
  expect(Number(await page.getByTestId('brute-force-attempts').textContent())).toBeGreaterThan(5);
  await expect(page.getByTestId('brute-force-progress')).toContainText('expected time to success');
});

test('the 2FA bypass and the old-login transfer each fail with their defence on and work with it off', async ({
  page,
  meta,
}) => {
  expect(meta.toggles['mfa.bindTicket'] && meta.toggles['mfa.stepUp']).toBe(true);
  await page.goto('/#/mfa-lab');
  for (const [attack, toggle] of [
    ['bind-ticket', 'mfa.bindTicket'],
    ['step-up', 'mfa.stepUp'],
  ] as const) {
    const card = page.getByTestId(`attack-mfa-${attack}`);
    const result = page.getByTestId(`attack-mfa-${attack}-result`);
    await card.getByRole('button', { name: /Run attack/ }).click();
    await expect(result).toContainText('Attack failed.', { timeout: 20_000 });
    await card.getByRole('switch', { name: new RegExp(toggle.replace('.', '\\.')) }).click();
    await expect(card.getByRole('switch')).not.toBeChecked();
    await card.getByRole('button', { name: /Run attack/ }).click();
    await expect(result).toContainText('Attack succeeded.', { timeout: 20_000 });
  }
  await expect(page.getByTestId('attack-mfa-bind-ticket-result')).toContainText('signed in as victim-');
  // The learner sees the bypass too: with the switch still off, the password step alone signs the demo MFA account in.
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByTestId('mfa-half-login')).toBeVisible();
  await expect(page.getByTestId('mfa-user')).toContainText('Signed in as mfa@authlab.test');
});

test('a drill card\'s "Show me" opens the MFA lab at its step', async ({ page }) => {
  await page.goto('/#/drills');
  await page.getByRole('tab', { name: 'Browse' }).click();
  await page.getByLabel('Search cards').fill('TOTP code computed');
  const card = page.locator('.card-list > li').filter({ hasText: 'How exactly is a TOTP code computed?' });
  await expect(card).toHaveCount(1);
  await card.locator('summary').first().click();
  await card.getByRole('button', { name: 'Show me in the lab' }).click();
  await expect(page).toHaveURL(/#\/mfa-lab\/enroll$/);
  await expect(page.getByRole('heading', { name: 'Turn MFA on' })).toBeInViewport();
});

test('the authenticator keeps a demo account enrolled here, and the picker marks it MFA at once', async ({
  page,
  request,
  baseURL,
  meta,
}) => {
  void meta;
  test.setTimeout(60_000);
  const accounts = (await (await request.get(`${baseURL}/api/lab/accounts`)).json()) as Array<{
    email: string;
    password: string;
  }>;
  const user = accounts.find((a) => a.email === 'user@authlab.test')!;
  await page.goto('/#/mfa-lab/enroll');
  const picker = page.getByLabel('Account', { exact: true });
  const userOption = picker.locator(`option[value="${user.email}"]`);
  await expect(userOption).toHaveText(`${user.email} (user)`);
  await picker.selectOption(user.email);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByTestId('mfa-user')).toContainText(`Signed in as ${user.email}`);
  await page.getByRole('button', { name: 'Start setup' }).click();
  await expect(page.getByTestId('authenticator-secret')).toHaveValue(
    (await page.getByTestId('setup-secret').textContent())!,
  );
  await page.getByTestId('setup-code').fill(await currentCode(page));
  await page.getByRole('button', { name: 'Turn on MFA' }).click();
  await expect(page.getByTestId('mfa-enabled')).toHaveText('on');
  // The authenticator stays on the account just enrolled, and still holds the demo MFA account.
  const held = page.getByTestId('authenticator-account');
  await expect(held).toHaveValue(user.email);
  await expect(held.locator('option[value="mfa@authlab.test"]')).toHaveCount(1);

  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(userOption).toHaveText(`${user.email} (user, MFA)`);
  await expect(held).toHaveValue(user.email);
  await nextStep(page);
  await picker.selectOption(user.email);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(held).toHaveValue(user.email);
  await page.getByTestId('mfa-login-code').fill(await currentCode(page));
  await page.getByRole('button', { name: 'Verify code' }).click();
  await expect(page.getByTestId('mfa-user')).toContainText(`Signed in as ${user.email}`);

  // Leave the demo account as it was for the other specs.
  await nextStep(page);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByLabel('Code (or a recovery code)').fill(await currentCode(page));
  await page.getByRole('button', { name: 'Turn MFA off' }).click();
  await expect(page.getByTestId('mfa-enabled')).toHaveText('off');
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(userOption).toHaveText(`${user.email} (user)`);
});

/** A fresh registered account, signed in on the MFA lab at `step`. */
async function signedInFresh(page: Page, request: APIRequestContext, baseURL: string, step: string) {
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  expect((await request.post(`${baseURL}/api/auth/register`, { data: { email, password } })).status()).toBe(202);
  await page.goto(`/#/mfa-lab/${step}`);
  await logInAs(page, email, password);
  await expect(page.getByTestId('mfa-enabled')).toHaveText('off');
  return { email, password };
}

test('a successful step-up clears the refused transfer', async ({ page, request, baseURL, meta }) => {
  void meta;
  const { password } = await signedInFresh(page, request, baseURL!, 'step-up');
  await page.getByRole('button', { name: 'Lab clock +6 min' }).click();
  await page.getByRole('button', { name: 'Send 800 to landlord' }).click();
  const refused = page.getByText(/401 step_up_required/);
  await expect(refused).toBeVisible();
  await page.getByLabel('Password or current code').fill(password);
  await page.getByRole('button', { name: 'Step up', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Stepped up' })).toBeVisible();
  await expect(refused).toHaveCount(0);
});

test('an older tab learns MFA went on elsewhere when focused; the code step can be cancelled', async ({
  page,
  context,
  request,
  baseURL,
  meta,
}) => {
  void meta;
  test.setTimeout(60_000);
  const { email, password } = await signedInFresh(page, request, baseURL!, 'enroll');
  const other = await context.newPage();
  await other.goto('/#/mfa-lab/enroll');
  await expect(other.getByTestId('mfa-user')).toContainText(`Signed in as ${email}`);
  await other.getByRole('button', { name: 'Start setup' }).click();
  await expect(other.getByTestId('authenticator-secret')).toHaveValue(
    (await other.getByTestId('setup-secret').textContent())!,
  );
  await other.getByTestId('setup-code').fill(await currentCode(other));
  await other.getByRole('button', { name: 'Turn on MFA' }).click();
  await expect(other.getByTestId('mfa-enabled')).toHaveText('on');
  await other.close();
  await expect(page.getByTestId('mfa-enabled')).toHaveText('off');
  await page.bringToFront();
  await page.evaluate(`window.dispatchEvent(new Event('focus'))`);
  await expect(page.getByTestId('mfa-enabled')).toHaveText('on');
  await expect(page.getByRole('button', { name: 'Start setup' })).toHaveCount(0);

  // Cancel at the code step: back to the password step.
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await logInAs(page, email, password);
  await expect(page.getByTestId('mfa-login-code')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByTestId('mfa-login-code')).toHaveCount(0);
  await expect(page.getByLabel('Account', { exact: true })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
});
