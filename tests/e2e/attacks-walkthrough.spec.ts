import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Hands-on walkthroughs done by hand in Chromium: the learner acts in the
 * lab's own pages (another tab), and the catalogue's steps turn green as the
 * server sees them happen; the goal marks the attack exploited, then blocked.
 */

/** Opens an attack's walkthrough with no progress yet (progress outlives Reset lab, so it is reset here). */
async function openWalkthrough(page: Page, id: string) {
  expect((await page.request.post('/api/lab/attacks/progress/reset', { data: {} })).status()).toBe(200);
  await page.goto(`/#/attacks?attack=${id}`);
  await expect(page.getByTestId('walkthrough')).toBeVisible();
}

async function setSwitch(page: Page, toggle: string, on: boolean) {
  const sw = page.getByTestId('walkthrough').getByRole('switch', { name: new RegExp(toggle.replace('.', '\\.')) });
  if ((await sw.isChecked()) !== on) await sw.click();
  await expect(sw).toBeChecked({ checked: on });
}

const step = (page: Page, id: string) => page.getByTestId(`step-${id}`);

async function demoUser(request: APIRequestContext, baseURL: string) {
  const accounts = (await (await request.get(`${baseURL}/api/lab/accounts`)).json()) as Array<{
    email: string;
    password: string;
  }>;
  return accounts.find((a) => a.email === 'user@authlab.test')!;
}

test('session CSRF by hand: log in, let the attacker page post, and see each step and the goal turn green', async ({
  page,
  context,
  meta,
}) => {
  await openWalkthrough(page, 'csrf');
  await expect(step(page, 'login')).toHaveAttribute('data-done', 'false');
  // The hint first, then the answer behind a second click.
  await step(page, 'forge').getByRole('button', { name: 'Hint' }).click();
  await expect(step(page, 'forge')).toContainText('localhost and 127.0.0.1 are different sites');
  await step(page, 'forge').getByRole('button', { name: 'Show answer' }).click();
  await expect(step(page, 'forge').locator('.walkthrough-answer')).toContainText('/session/csrf');

  await setSwitch(page, 'session.sameSite', false);
  await setSwitch(page, 'session.csrfToken', false);
  // The server started the attempt again with the defence off.
  await expect(page.getByTestId('attempt-note')).toContainText('switched off');

  // The learner logs in on the Session lab page, in another tab of the same browser.
  const lab = await context.newPage();
  await lab.goto('/#/session-lab');
  await lab.getByLabel('Account', { exact: true }).selectOption('user@authlab.test');
  await lab.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(lab.getByTestId('session-user')).toContainText('Signed in as user@authlab.test');
  await page.bringToFront();
  await expect(step(page, 'login')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'login')).toContainText('Seen:');
  await expect(step(page, 'forge')).toHaveAttribute('data-done', 'false');

  // Then opens the attacker's page, which posts its hidden form at once.
  const attacker = await context.newPage();
  await attacker.goto(`${meta.origins.attacker}/session/csrf?displayName=Pwned`);
  await page.bringToFront();
  await expect(step(page, 'forge')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('attempt-result')).toContainText('Exploited');
  await expect(page.getByTestId('walkthrough').locator('.status-badge')).toHaveText('Exploited');

  // Both defences back on (the attack's defence is on only when every switch it defeats is): the
  // attempt starts again, the same forged post is refused, and the attack is blocked too.
  await setSwitch(page, 'session.csrfToken', true);
  await setSwitch(page, 'session.sameSite', true);
  await expect(page.getByTestId('attempt-result')).toHaveCount(0);
  const again = await context.newPage();
  await again.goto(`${meta.origins.attacker}/session/csrf?displayName=Pwned`);
  await page.bringToFront();
  await expect(page.getByTestId('attempt-result')).toContainText('Blocked');
  await expect(page.getByTestId('walkthrough').locator('.status-badge')).toHaveText('Exploited and blocked');
});

test('OAuth code interception by hand: a code caught at the loopback port, redeemed without a verifier', async ({
  page,
  context,
  meta,
  request,
  baseURL,
}) => {
  const user = await demoUser(request, baseURL!);
  await openWalkthrough(page, 'code-interception');
  await setSwitch(page, 'oauth.requirePkce', false);
  await expect(page.getByTestId('attempt-note')).toContainText('switched off');

  // The learner starts the CLI's login in the browser, without PKCE, and signs in at Lab ID.
  const redirect = 'http://127.0.0.1:53682/callback';
  const browser = await context.newPage();
  const caught = browser.waitForRequest((r) => r.url().startsWith(redirect));
  await browser.goto(
    `${meta.origins.idp}/authorize?response_type=code&client_id=lab-cli&redirect_uri=${encodeURIComponent(redirect)}&scope=openid%20profile&state=cli-1`,
  );
  await browser.getByLabel('Email').fill(user.email);
  await browser.getByLabel('Password').fill(user.password);
  await browser.getByRole('button', { name: 'Sign in' }).click();
  const allow = browser.getByRole('button', { name: 'Allow' });
  if (await allow.isVisible({ timeout: 3000 }).catch(() => false)) await allow.click();
  const code = new URL((await caught).url()).searchParams.get('code');
  expect(code).toBeTruthy();
  await page.bringToFront();
  await expect(step(page, 'authorize')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'catch')).toHaveAttribute('data-done', 'true');

  // Redeemed as the CLI would, from outside the browser (curl), with no code_verifier.
  const token = await request.post(`${meta.origins.idp}/token`, {
    form: { grant_type: 'authorization_code', client_id: 'lab-cli', redirect_uri: redirect, code: code! },
  });
  expect(token.status()).toBe(200);
  await expect(step(page, 'redeem')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('attempt-result')).toContainText('Exploited');
});
