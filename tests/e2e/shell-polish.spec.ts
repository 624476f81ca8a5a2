import type { Page } from '@playwright/test';
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
});
