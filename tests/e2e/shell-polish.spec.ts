import type { Page } from '@playwright/test';
import { LABS } from '../../src/common/labs';
import { expect, test } from './fixtures';

/** Console errors and CSP violations a page logs, collected from before its first script runs. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // A string: the e2e tests compile without the DOM library.
  void page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.violatedDirective + ' ' + e.sample));`,
  });
  return problems;
}

test.describe('app shell polish', () => {
  test('the API docs page loads and works without a CSP violation', async ({ page, baseURL }) => {
    const problems = watchConsole(page);
    const response = await page.goto('/api/docs');
    const csp = response!.headers()['content-security-policy'] ?? '';
    // Plain http on a LAN address must keep working: no forced upgrade, and nothing from elsewhere.
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toMatch(/https:/);
    await expect(page.getByRole('heading', { name: /Auth Lab API/ })).toBeVisible();
    await page.locator('.opblock-summary').filter({ hasText: '/api/health' }).first().click();
    await page.getByRole('button', { name: 'Try it out' }).click();
    await page.getByRole('button', { name: 'Execute' }).click();
    await expect(page.locator('.response .response-col_status').first()).toContainText('200');
    expect(problems, `console on ${baseURL}/api/docs`).toEqual([]);
  });

  test('opening the session lab signed out, then in and out, logs no console error', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/#/session-lab');
    await expect(page.getByRole('heading', { name: 'Session lab' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
    await page.getByLabel('Account', { exact: true }).selectOption('user@authlab.test');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect(page.getByTestId('session-user')).toContainText('Signed in as user@authlab.test');
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
    const report = page.waitForResponse((r) => r.url().endsWith('/api/lab/session/cookie'));
    await page.reload();
    await report;
    await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
    // Whatever the page asks after the cookie report has had time to answer.
    await page.waitForTimeout(500);
    expect(problems).toEqual([]);
  });

  test('every lab page, signed out, and the pages of Lab ID, Your App and the attacker log no console error', async ({
    page,
    meta,
  }) => {
    test.setTimeout(90_000);
    const problems = watchConsole(page);
    for (const lab of LABS.filter((l) => l.ready)) {
      await page.goto(`/#/${lab.id}`);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      // Whatever the page asks once it has loaded (its status calls, its data).
      await page.waitForLoadState('networkidle');
      expect(problems, `console on #/${lab.id}`).toEqual([]);
    }
    // Your App's start page, then Lab ID's sign-in page it sends the browser to.
    await page.goto(meta.origins.client);
    await page.getByRole('link', { name: /Log in with Lab ID/ }).click();
    await expect(page).toHaveURL(new RegExp(`^${meta.origins.idp}/`));
    for (const url of [meta.origins.idp, meta.origins.attacker]) await page.goto(url);
    await page.waitForLoadState('networkidle');
    expect(problems, 'console on Lab ID, Your App and the attacker').toEqual([]);
  });

  for (const width of [1400, 800]) {
    test(`at ${width} px an expanded traffic row keeps every column and header value on screen`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/#/jwt-lab');
      await page.getByRole('button', { name: 'Sign in with JWT' }).click();
      await page.getByRole('button', { name: /Traffic/ }).click();
      const row = page.getByTestId('traffic-row').filter({ hasText: 'POST /api/jwt/login' });
      await row.getByRole('button').click();
      const detail = page.getByTestId('exchange-detail');
      await expect(detail).toContainText('content-security-policy');
      const body = page.locator('#traffic-list');
      // Nothing scrolls sideways: the row's status, duration and meanings stay inside the drawer.
      expect(await body.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
      const right = (await body.boundingBox())!.x + (await body.boundingBox())!.width;
      for (const cell of await row.locator('td').all()) {
        const box = (await cell.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(right + 1);
      }
      await expect(row.locator('td').nth(3)).toHaveText('200');
      // The long CSP value wraps inside its cell instead of being cut off.
      const value = detail.locator('tr', { hasText: 'content-security-policy' }).locator('td');
      const box = (await value.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(right + 1);
      expect(box.height).toBeGreaterThan(30);
    });
  }

  test('at 640 px the sidebar folds into a row above the page, which gets the full width', async ({ page }) => {
    await page.setViewportSize({ width: 640, height: 800 });
    await page.goto('/#/oauth-lab');
    await expect(page.getByRole('heading', { name: 'OAuth lab', level: 1 })).toBeVisible();
    const main = (await page.locator('main.main').boundingBox())!;
    expect(main.x).toBeLessThanOrEqual(1);
    expect(main.width).toBeGreaterThanOrEqual(620);
    const nav = page.getByRole('navigation', { name: 'Labs' });
    await expect(nav.getByRole('link', { name: 'Rate-limit lab' })).toBeInViewport();
    expect((await nav.boundingBox())!.y + (await nav.boundingBox())!.height).toBeLessThanOrEqual(main.y + 1);
  });

  test('at 800 px the header stays compact and no origin URL wraps', async ({ page, meta }) => {
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto('/');
    const origins = page.getByTestId('origins');
    await expect(origins).toContainText(meta.origins.attacker);
    for (const url of await origins.locator('code').all()) {
      const lines = await url.evaluate((el) => el.getClientRects().length);
      expect(lines, await url.innerText()).toBe(1);
    }
    const header = (await page.locator('header.header').boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(100);
  });
});
