import { expect, test } from './fixtures';

test.describe('app shell in the browser', () => {
  test('loads with the origins, the sidebar and the demo accounts', async ({ page, meta }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Welcome to Auth Lab' })).toBeVisible();
    await expect(page.getByTestId('origins')).toContainText(meta.origins.attacker);
    const nav = page.getByRole('navigation', { name: 'Labs' });
    await expect(nav.getByRole('link', { name: 'Accounts' })).toBeVisible();
    const rows = page.getByTestId('demo-accounts').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText('user@authlab.test');
  });

  test('registration with a breached password shows the reason', async ({ page }) => {
    await page.goto('/#/accounts');
    await page.getByLabel('Email').fill('learner@example.com');
    await page.getByLabel('Password', { exact: true }).fill('password1');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('alert')).toContainText('breached passwords');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('alert')).toContainText('at least 8 characters');
    await page.getByLabel('Password', { exact: true }).fill('a sentence nobody else uses');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('status')).toContainText('Check the lab inbox');
    await expect(page.getByTestId('inbox')).toContainText('Welcome to Auth Lab');

    // A lab reset empties the inbox, so the "check the inbox" message goes too.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset lab' }).click();
    await expect(page.getByText('No mail yet.')).toBeVisible();
    await expect(page.getByText('Check the lab inbox')).toHaveCount(0);
  });

  test('the traffic drawer shows a request live, with its masked body', async ({ page }) => {
    await page.goto('/#/accounts');
    await page.getByRole('button', { name: /Traffic/ }).click();
    await expect(page.getByText('● live')).toBeVisible();
    await page.getByLabel('Email').fill('watch@example.com');
    await page.getByLabel('Password', { exact: true }).fill('visible in no log');
    await page.getByRole('button', { name: 'Register' }).click();
    const row = page.getByTestId('traffic-row').filter({ hasText: 'POST /api/auth/register' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('202');
    await row.getByRole('button').click();
    const detail = page.getByTestId('exchange-detail');
    await expect(detail).toContainText('watch@example.com');
    await expect(detail).toContainText('••••••');
    await expect(detail).not.toContainText('visible in no log');
  });

  test('fast-forwarding the lab clock updates the UI', async ({ page }) => {
    await page.goto('/');
    const clock = page.getByTestId('lab-clock');
    const before = Date.parse(await clock.innerText().then((t) => t.trim()));
    await page.getByRole('button', { name: '+1 day' }).click();
    await expect(page.getByTestId('clock-offset')).toHaveText('+1 d');
    await expect
      .poll(async () => Date.parse((await clock.innerText()).trim()) - before)
      .toBeGreaterThanOrEqual(86_400_000 - 5_000);
    await page.getByRole('button', { name: 'Real time' }).click();
    await expect(page.getByTestId('clock-offset')).toHaveCount(0);
  });

  test('switching a defence off shows the banner, and one click restores all', async ({ page }) => {
    await page.goto('/#/defences');
    await expect(page.getByTestId('vulnerable-banner')).toHaveCount(0);
    await page.getByRole('switch').first().click();
    await expect(page.getByTestId('vulnerable-banner')).toContainText('Vulnerable mode');
    await page.reload();
    await expect(page.getByTestId('vulnerable-banner')).toBeVisible();
    await page.getByRole('button', { name: 'Restore all defences' }).click();
    await expect(page.getByTestId('vulnerable-banner')).toHaveCount(0);
    await expect(page.getByRole('switch').first()).toBeChecked();
  });

  test('theme switch and keyboard navigation work', async ({ page }) => {
    await page.goto('/');
    const initial = await page.locator('html').getAttribute('data-theme');
    await page.getByRole('button', { name: /Switch to .* theme/ }).click();
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', initial ?? '');
    await page.getByRole('link', { name: 'Defences' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Defences' })).toBeVisible();
    // Focus lands on the new page's heading, not back in the sidebar.
    await expect(page.getByRole('heading', { name: 'Defences', level: 1 })).toBeFocused();

    // The first Tab stop of a freshly loaded page skips the header and sidebar.
    await page.goto('/#/accounts');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Accounts', level: 1 })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Accounts', level: 1 })).toBeFocused();
    await expect(page).toHaveURL(/#\/accounts$/);
  });

  test('a deep link #/<lab>/<step> scrolls to that part of the lab', async ({ page }) => {
    await page.setViewportSize({ width: 1200, height: 700 });
    await page.goto('/#/jwt-lab/key-rotation');
    await expect(page.getByRole('heading', { name: 'Signing keys' })).toBeInViewport();
    await page.goto('/#/session-lab/logout');
    await expect(page.getByTestId('attack-logout')).toBeInViewport();
  });
});
