import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';

/**
 * The password lab in a real Chromium: ask for a reset link, open it from the
 * lab inbox, set a new password, and sign in with it; and one reset attack
 * with its defence on and off.
 */

test('forgot → inbox → reset → sign in with the new password', async ({ page, request, baseURL, meta }) => {
  expect(meta.toggles['reset.singleUse']).toBe(true);
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const newPassword = `new passphrase ${randomUUID().slice(0, 8)}`;
  expect((await request.post(`${baseURL}/api/auth/register`, { data: { email, password } })).status()).toBe(202);

  await page.goto('/#/password-lab');
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
