import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';

/**
 * The password lab in a real Chromium: every step a drill card can link to,
 * the cost chart, the offline cracking demo both ways, the reset flow through
 * the lab inbox, and the reset attacks with their defences on and off.
 */

const STEPS: Array<[string, string]> = [
  ['hashing', 'What the database stores'],
  ['cost', 'bcrypt cost, measured here'],
  ['72-bytes', 'bcrypt reads 72 bytes'],
  ['pepper', 'The pepper'],
  ['strength', 'Password strength, live'],
  ['reset', 'Reset by mail'],
];

test('every #/password-lab/<step> opens that step, and the step links move between them', async ({ page, meta }) => {
  expect(meta.toggles['password.hashing']).toBe(true);
  for (const [step, heading] of STEPS) {
    await page.goto(`/#/password-lab/${step}`);
    await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeVisible();
    await expect(page.locator(`section[data-lab-step="${step}"]`).first()).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Password lab steps' }).locator('[aria-current="step"]'),
    ).toHaveAttribute('href', `#/password-lab/${step}`);
  }
  await page.goto('/#/password-lab');
  await expect(page.getByRole('heading', { name: 'What the database stores', level: 2 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Password lab steps' }).getByRole('link', { name: 'Pepper' }).click();
  await expect(page).toHaveURL(/#\/password-lab\/pepper$/);
  await expect(page.getByRole('heading', { name: 'The pepper', level: 2 })).toBeVisible();
  await expect(page.getByText('pepper.key').first()).toBeVisible();
});

test('hashing: one password under bcrypt and SHA-256, and the row the database holds', async ({ page }) => {
  await page.goto('/#/password-lab/hashing');
  await page.getByLabel('Password to hash').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Hash it both ways' }).click();
  const demo = page.getByTestId('demo-hash');
  await expect(demo.locator('li')).toHaveCount(2);
  await expect(demo.locator('li').first()).toContainText('$2b$04$');
  await expect(page.getByTestId('demo-hash-sha256')).toHaveText(
    'sha256$c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a',
  );
  await page.getByRole('button', { name: 'Read its row' }).click();
  await expect(page.getByTestId('stored-password')).toContainText('scheme bcrypt');
  await expect(page.getByTestId('stored-password')).toContainText('$2b$04$');
});

test('the offline crack fails against bcrypt and succeeds against the weak SHA-256', async ({
  page,
  request,
  baseURL,
}) => {
  await page.goto('/#/password-lab/hashing');
  const card = page.getByTestId('attack-offline-crack');
  await card.getByRole('button', { name: /Run attack/ }).click();
  const result = card.getByTestId('attack-offline-crack-result');
  await expect(result).toContainText('Attack failed.', { timeout: 20_000 });
  await expect(result).toContainText('No word matches: the row is a bcrypt string');
  await expect(result).toContainText('One bcrypt guess at cost 4');
  await expect(result).toContainText('pepper.key');

  await card.getByRole('switch').click();
  await expect(card.getByRole('switch')).not.toBeChecked();
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(result).toContainText('Attack succeeded.', { timeout: 20_000 });
  await expect(result).toContainText(/The password is ".+", found after \d+ guesses/);
  await expect(result).toContainText('Signing in with it: 200');
  await expect(result).toContainText('sha256$');
  // The page leaves the switch where the learner put it; put it back for the next test.
  await card.getByRole('switch').click();
  await expect(card.getByRole('switch')).toBeChecked();
  const toggles = (await (await request.get(`${baseURL}/api/lab/toggles`)).json()) as Record<string, boolean>;
  expect(toggles['password.hashing']).toBe(true);
});

test('cost: the chart fills with points measured live, one cost at a time', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#/password-lab/cost');
  await page.getByRole('button', { name: 'Measure cost 4 to 14' }).click();
  await expect(page.getByRole('progressbar', { name: 'Measuring progress' })).toBeVisible();
  await expect(page.getByTestId('cost-point')).toHaveCount(11, { timeout: 100_000 });
  await expect(page.getByTestId('cost-table')).toContainText('4 (this lab)');
  await expect(page.getByRole('button', { name: 'Measure cost 4 to 14' })).toBeEnabled();
});

test('72 bytes and strength: the byte view marks the cut, the live check gives reasons', async ({ page }) => {
  await page.goto('/#/password-lab/72-bytes');
  await page.getByLabel('Password to inspect').fill(`${'😀'.repeat(18)}tail`);
  await expect(page.getByTestId('byte-count')).toContainText('22 characters, 76 bytes');
  await expect(page.getByTestId('byte-count')).toContainText('bcrypt alone would ignore the last 4 bytes: “tail”.');
  await expect(page.getByTestId('byte-view').locator('li.pw-multi')).toHaveCount(18);
  await expect(page.getByTestId('byte-view').locator('li.pw-cut')).toHaveCount(4);

  await page.goto('/#/password-lab/strength');
  await page.getByLabel('Password to check').fill('password1');
  await expect(page.getByTestId('strength-reasons')).toContainText('common_password');
  await page.getByLabel('Password to check').fill('abc');
  await expect(page.getByTestId('strength-reasons')).toContainText('too_short');
  await page.getByLabel('Password to check').fill(`${'é'.repeat(36)} and more`);
  await expect(page.getByTestId('strength-verdict')).toContainText('Registration would accept it.');
  await expect(page.getByTestId('strength-72')).toContainText('“ and more”');
});

test('forgot → inbox → reset → sign in with the new password', async ({ page, request, baseURL, meta }) => {
  expect(meta.toggles['reset.singleUse']).toBe(true);
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const newPassword = `new passphrase ${randomUUID().slice(0, 8)}`;
  expect((await request.post(`${baseURL}/api/auth/register`, { data: { email, password } })).status()).toBe(202);

  await page.goto('/#/password-lab/reset');
  await expect(page.getByRole('heading', { name: 'Password lab', level: 1 })).toBeVisible();
  await page.getByLabel('Account email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByTestId('forgot-outcome')).toContainText('If an account exists');

  await page.getByRole('link', { name: `Open reset link for ${email}` }).click();
  await expect(page).toHaveURL(/#\/password-lab\/reset\?token=/);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByTestId('reset-outcome')).toContainText('Your password is changed');

  await page.getByLabel('Sign-in email').fill(email);
  await page.getByLabel('Sign-in password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signin-outcome')).toContainText('wrong');
  await page.getByLabel('Sign-in password').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signin-outcome')).toHaveText(`Signed in as ${email}.`);

  // The same link a second time is refused.
  await page.getByLabel('New password', { exact: true }).fill(`${newPassword} again`);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByTestId('reset-outcome')).toContainText('not valid any more');
});

for (const id of ['reset-leaked-token', 'reset-reused-link', 'reset-host-poisoning']) {
  test(`${id}: fails with the defence on and works with it off`, async ({ page }) => {
    await page.goto('/#/password-lab/reset');
    const card = page.getByTestId(`attack-${id}`);
    await card.getByRole('button', { name: /Run attack/ }).click();
    await expect(card.getByTestId(`attack-${id}-result`)).toContainText('Attack failed.');

    await card.getByRole('switch').click();
    await expect(card.getByRole('switch')).not.toBeChecked();
    await card.getByRole('button', { name: /Run attack/ }).click();
    await expect(card.getByTestId(`attack-${id}-result`)).toContainText('Attack succeeded.');
  });
}

test('the timing attack with login.constantTime off never calls its defence on, even at bcrypt cost 4', async ({
  page,
  request,
  baseURL,
}) => {
  // This lab runs at cost 4, where bcrypt is hardly slower than the request: the attack may well fail.
  await request.put(`${baseURL}/api/lab/toggles`, { data: { 'login.constantTime': false } });
  // The same delay on every login drowns the gap, as a very low cost does: the attack fails with the defence off.
  await page.route('**/api/session/login', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await route.continue();
  });
  await page.goto('/#/password-lab/enumeration');
  const card = page.getByTestId('attack-enum-login-timing');
  await expect(card.getByRole('switch')).not.toBeChecked();
  await card.getByRole('button', { name: /Run attack/ }).click();
  const result = card.getByTestId('attack-enum-login-timing-result');
  await expect(result).toContainText('Attack failed.', { timeout: 30_000 });
  await expect(result).toContainText('login.constantTime is off');
  await expect(result).not.toContainText('login.constantTime on');
});
