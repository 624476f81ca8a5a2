import { LAB_DECLARATIONS } from '../../src/common/labs';
import { expect, test } from './fixtures';
import { startLab, type LabProcess } from './lab-process';

const ALL_ATTACKS = LAB_DECLARATIONS.flatMap((lab) => lab.attacks.map((attack) => ({ lab: lab.id, id: attack.id })));

test.describe('attack catalogue', () => {
  test('lists every attack of every lab, and the filters narrow it and stay in the URL', async ({ page }) => {
    await page.goto('/#/attacks');
    await expect(page.getByRole('heading', { name: 'Attack catalogue', level: 1 })).toBeVisible();
    const entries = page.getByTestId('attack-catalogue').locator(':scope > li');
    await expect(entries).toHaveCount(ALL_ATTACKS.length);
    for (const { id } of ALL_ATTACKS) await expect(page.getByTestId(`catalogue-${id}`)).toBeVisible();
    await expect(page.getByTestId('attack-progress-overall')).toContainText(`of ${ALL_ATTACKS.length}`);

    // Each entry links to its lab step.
    const fixation = page.getByTestId('catalogue-fixation');
    await expect(fixation.getByRole('link', { name: /Lab step/ })).toHaveAttribute('href', '#/session-lab/fixation');
    await expect(fixation).toContainText('session.regenerateOnLogin');
    await expect(fixation.locator('.status-badge')).toHaveText('Not tried');

    const jwt = ALL_ATTACKS.filter((a) => a.lab === 'jwt-lab');
    await page.getByLabel('Lab', { exact: true }).selectOption('jwt-lab');
    await expect(entries).toHaveCount(jwt.length);
    await expect(page.getByTestId('catalogue-count')).toHaveText(`${jwt.length} of ${ALL_ATTACKS.length}`);
    await expect(page).toHaveURL(/#\/attacks\?lab=jwt-lab$/);

    await page.getByLabel('Status', { exact: true }).selectOption('exploited');
    await expect(page.getByText('No attack matches these filters.')).toBeVisible();
    await page.getByLabel('Status', { exact: true }).selectOption('not-tried');
    await page.getByLabel('Difficulty', { exact: true }).selectOption('beginner');
    const beginner = await page.getByTestId('attack-catalogue').locator(':scope > li').count();
    expect(beginner).toBeGreaterThan(0);
    expect(beginner).toBeLessThanOrEqual(jwt.length);

    // A reload (or a shared link) lands on the same filters.
    await page.reload();
    await expect(page.getByLabel('Lab', { exact: true })).toHaveValue('jwt-lab');
    await expect(page.getByLabel('Difficulty', { exact: true })).toHaveValue('beginner');
    await expect(entries).toHaveCount(beginner);
  });

  test('"Reset progress" asks first, and does nothing when the learner says no', async ({ page }) => {
    await page.goto('/#/attacks');
    await expect(page.getByTestId('attack-progress')).toBeVisible();
    const resets: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/lab/attacks/progress/reset')) resets.push(request.method());
    });
    let message = '';
    page.once('dialog', (dialog) => {
      message = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Reset progress' }).click();
    expect(message).toMatch(/Reset your attack progress/);
    expect(resets).toEqual([]);

    page.once('dialog', (dialog) => void dialog.accept());
    const reset = page.waitForResponse((r) => r.url().endsWith('/api/lab/attacks/progress/reset'));
    await page.getByRole('button', { name: 'Reset progress' }).click();
    expect((await reset).status()).toBe(200);
    await expect(page.getByTestId('attack-progress-overall')).toContainText(`0 of ${ALL_ATTACKS.length}`);
  });

  test('the Overview shows the progress per lab and links to the catalogue', async ({ page }) => {
    await page.goto('/#/overview');
    const progress = page.getByTestId('attack-progress');
    await expect(progress).toBeVisible();
    for (const lab of LAB_DECLARATIONS) await expect(progress.getByTestId(`attack-progress-${lab.id}`)).toBeVisible();
    await progress.getByRole('link', { name: 'Attack catalogue' }).click();
    await expect(page).toHaveURL(/#\/attacks$/);
    await expect(page.getByRole('heading', { name: 'Attack catalogue', level: 1 })).toBeVisible();
  });

  for (const size of [
    { width: 1280, height: 800 },
    { width: 800, height: 600 },
  ]) {
    test(`fits a ${size.width}×${size.height} window without sideways scrolling`, async ({ page }, testInfo) => {
      await page.setViewportSize(size);
      await page.goto('/#/attacks');
      await expect(page.getByTestId('attack-catalogue').locator(':scope > li')).toHaveCount(ALL_ATTACKS.length);
      const overflow = () => page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: testInfo.outputPath(`attacks-${size.width}x${size.height}.png`) });
      // An open walkthrough, its hint and answer shown, fits too.
      await page.goto('/#/attacks?attack=code-interception');
      await page.getByTestId('step-redeem').getByRole('button', { name: 'Hint' }).click();
      await page.getByTestId('step-redeem').getByRole('button', { name: 'Show answer' }).click();
      await expect(page.getByTestId('step-redeem').locator('.walkthrough-answer')).toBeVisible();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: testInfo.outputPath(`walkthrough-${size.width}x${size.height}.png`),
        fullPage: true,
      });
    });
  }
});

/**
 * The self-check includes the login-timing attack, which needs bcrypt to
 * outweigh the noise of a loaded machine; the shared e2e lab runs at cost 4.
 * This part runs its own lab at cost 10, started the way a learner starts it.
 */
test.describe('the self-check (its own lab at bcrypt cost 10)', () => {
  let lab: LabProcess;
  test.beforeAll(async () => {
    lab = await startLab({ bcryptCost: 10 });
  });
  test.afterAll(async () => {
    await lab.stop();
  });

  test('"Check every defence" runs to the end green in secure mode, and leaves every switch as it was', async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(180_000);
    // Secure mode: a new lab starts with every defence on.
    const before = (await (await request.get(`${lab.url}/api/lab/toggles`)).json()) as Record<string, boolean>;
    expect(Object.values(before).every(Boolean)).toBe(true);
    await page.goto(`${lab.url}/#/attacks`);
    await page.getByRole('button', { name: 'Check every defence' }).click();
    const verdict = page.getByTestId('self-check-verdict');
    await expect(verdict).toBeVisible({ timeout: 170_000 });
    await expect(verdict).toContainText('All defences hold');
    await expect(page.locator('[data-testid^="self-check-"][data-problem="true"]')).toHaveCount(0);
    await expect(page.locator('.self-check-matrix tbody tr')).toHaveCount(ALL_ATTACKS.length);
    // The attacks only a real browser can show were run here, by the lab pages' own runners.
    const browserOnly = LAB_DECLARATIONS.flatMap((lab) =>
      lab.attacks.filter((attack) => 'runsIn' in attack && attack.runsIn === 'browser'),
    );
    for (const { id } of browserOnly) {
      await expect(page.getByTestId(`self-check-${id}`)).toContainText('in this browser');
      await expect(page.getByTestId(`self-check-${id}`)).not.toContainText('Not run');
    }
    await page.screenshot({ path: testInfo.outputPath('self-check.png'), fullPage: true });
    const toggles = (await (await request.get(`${lab.url}/api/lab/toggles`)).json()) as Record<string, boolean>;
    expect(Object.entries(toggles).filter(([, on]) => !on)).toEqual([]);
  });
});
