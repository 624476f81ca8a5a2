import type { Page } from '@playwright/test';
import { LABS } from '../../src/common/labs';
import { expect, test } from './fixtures';

/**
 * The rate-limit lab in a real Chromium: the brute-force runner against the
 * real login route with the failed-login limit on and off, the X-Forwarded-For
 * attack both ways, and every deep link of the lab.
 */

const STEPS = LABS.find((lab) => lab.id === 'ratelimit-lab')!.steps;

async function setSwitch(page: Page, card: string, name: string, on: boolean) {
  const toggle = page.getByTestId(card).getByRole('switch');
  if ((await toggle.isChecked()) !== on) await toggle.click();
  await expect(page.getByTestId(`switch-description-${name}`).first()).toBeVisible();
  await expect(toggle).toBeChecked({ checked: on });
}

test('the brute-force runner hits 429 with the limit on, and finds the password with ratelimit.login off', async ({
  page,
  meta,
}) => {
  expect(meta.toggles['ratelimit.login']).toBe(true);
  await page.goto('/#/ratelimit-lab/per-account');
  await expect(page.getByRole('heading', { name: 'Rate-limit lab', level: 1 })).toBeVisible();
  await page.getByLabel('Target account').selectOption('user@authlab.test');
  await page.getByTestId('rl-count').fill('20');
  await page.getByTestId('rl-position').fill('10');

  // Secure: 5 failures, then every guess (the right one included) is refused with Retry-After.
  await page.getByTestId('rl-start').click();
  await expect(page.getByTestId('rl-blocked')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('rl-found')).toHaveCount(0);
  await expect(page.getByTestId('rl-progress')).toContainText('5 checked · 15 refused (429)');
  await expect(page.getByTestId('rl-countdown')).toContainText(/1[45]:\d\d/);
  await expect(page.getByTestId('rl-chart')).toBeVisible();
  // The strict counter is this account from this address; the account-wide one is far from its ceiling.
  await expect(page.getByTestId('rl-counter').filter({ hasText: 'account-ip:user@authlab.test|' })).toContainText(
    '5 / 5 (limited)',
  );
  await expect(page.getByTestId('rl-counter').filter({ hasText: 'account:user@authlab.test' })).toContainText('5 / 20');

  // The lockout step: the owner, on another address, still gets in.
  const lockout = page.getByTestId('ratelimit-lesson-lockout');
  await lockout.getByRole('button', { name: /The owner signs in from another address/ }).click();
  await expect(lockout.getByTestId('rl-owner-elsewhere')).toContainText('200 from 192.0.2.10: the owner is in.');

  // The learner frees the account from beside the countdown (reset the counters, not the lab clock),
  // turns the limit off and runs again: the list reaches the password.
  await expect(page.getByTestId('rl-unlock')).toContainText('moves the clock of every lab');
  await page.getByRole('button', { name: 'Reset the counters now' }).click();
  await expect(page.getByTestId('rl-countdown')).toHaveCount(0);
  await expect(page.getByTestId('rl-counter').filter({ hasText: 'account:user@authlab.test' })).toHaveCount(0);
  await setSwitch(page, 'attack-ratelimit-brute-force', 'ratelimit.login', false);
  await page.getByTestId('rl-start').click();
  await expect(page.getByTestId('rl-found')).toContainText('Password found at attempt 10', { timeout: 20_000 });
  await expect(page.getByTestId('rl-progress')).toContainText('0 refused');
  await setSwitch(page, 'attack-ratelimit-brute-force', 'ratelimit.login', true);
});

test('the brute-force attack card fails with the defence on and succeeds with it off', async ({ page }) => {
  await page.goto('/#/ratelimit-lab/per-account');
  // Counts from before the runs: two failed logins and three API calls from this machine.
  for (let i = 0; i < 2; i++)
    await page.request.post('/api/session/login', { data: { email: 'before@example.test', password: 'nope' } });
  for (let i = 0; i < 3; i++) await page.request.get('/api/health');
  const counts = async () => {
    const body = (await (await page.request.get('/api/lab/ratelimit/counters')).json()) as {
      login: { counters: Array<{ key: string; count: number }> };
      general: { counters: Array<{ key: string; count: number }> };
    };
    return {
      login: Object.fromEntries(body.login.counters.map((c) => [c.key, c.count])),
      general: Object.fromEntries(body.general.counters.map((c) => [c.key, c.count])),
    };
  };
  const before = await counts();
  expect(before.login['ip:127.0.0.1']).toBe(2);
  expect(before.general['127.0.0.1']).toBeGreaterThanOrEqual(3);
  const card = page.getByTestId('attack-ratelimit-brute-force');
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(page.getByTestId('attack-ratelimit-brute-force-result')).toContainText('Attack failed.', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('attack-ratelimit-brute-force-result')).toContainText('429 rate_limited');
  await setSwitch(page, 'attack-ratelimit-brute-force', 'ratelimit.login', false);
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(page.getByTestId('attack-ratelimit-brute-force-result')).toContainText('Attack succeeded.', {
    timeout: 20_000,
  });
  await setSwitch(page, 'attack-ratelimit-brute-force', 'ratelimit.login', true);
  // The runs gave back what they added, and only that: the counts from before are as they were.
  const after = await counts();
  expect(after.login).toEqual(before.login);
  // The page's own API calls may go on counting on the general limit, but the run did not wipe what was there.
  expect(after.general['127.0.0.1']).toBeGreaterThanOrEqual(before.general['127.0.0.1']!);
  // Tests share one lab: leave no counters to the next.
  await page.request.post('/api/lab/ratelimit/reset', { data: {} });
});

test('rotating X-Forwarded-For: stopped by the per-IP key with the defence on, walks past it with the defence off', async ({
  page,
}) => {
  await page.goto('/#/ratelimit-lab/xff');
  const card = page.getByTestId('attack-ratelimit-xff-spray');
  const result = page.getByTestId('attack-ratelimit-xff-spray-result');
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(result).toContainText('Attack failed.', { timeout: 30_000 });
  await expect(result).toContainText('Attempt 51 got 429 rate_limited');

  await setSwitch(page, 'attack-ratelimit-xff-spray', 'ratelimit.ignoreForwardedFor', false);
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(result).toContainText('Attack succeeded.', { timeout: 30_000 });
  await expect(result).toContainText('0 were refused with 429');
  await setSwitch(page, 'attack-ratelimit-xff-spray', 'ratelimit.ignoreForwardedFor', true);

  // The runner does the same by hand: stuffing from rotating fake IPs, with the defence on, is refused after 50.
  await page.getByTestId('rl-target').selectOption('many');
  await page.getByTestId('rl-ip').selectOption('rotating');
  await page.getByTestId('rl-count').fill('55');
  await page.getByTestId('rl-position').fill('53');
  await page.getByTestId('rl-start').click();
  await expect(page.getByTestId('rl-blocked')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('rl-progress')).toContainText('50 checked · 5 refused (429)');
  await page.getByRole('button', { name: 'Reset counters' }).click();
});

test('Stop ends a run part-way, and the lesson buttons set the runner up', async ({ page }) => {
  await page.goto('/#/ratelimit-lab/stuffing');
  await page
    .getByTestId('ratelimit-lesson-stuffing')
    .getByRole('button', { name: 'Set up the runner for this' })
    .click();
  await expect(page.getByTestId('rl-target')).toHaveValue('many');
  await expect(page.getByTestId('rl-ip')).toHaveValue('real');
  await page.getByLabel('Guesses').selectOption('random');
  await page.getByLabel('Rate (attempts/s)').fill('2');
  await page.getByTestId('rl-start').click();
  await expect(page.getByTestId('rl-progress')).toContainText(/^[1-9]\d* \/ 60 attempts/);
  await page.getByTestId('rl-stop').click();
  await expect(page.getByTestId('rl-start')).toHaveText('Start run');
  const done = Number((await page.getByTestId('rl-progress').textContent())!.split(' ')[0]);
  expect(done).toBeLessThan(60);
  await page.getByRole('button', { name: 'Reset counters' }).click();
});

test('every rate-limit deep link lands on a working step', async ({ page }) => {
  for (const step of STEPS) {
    await page.goto(`/#/ratelimit-lab/${step}`);
    await expect(page.locator(`[data-lab-step~="${step}"]`).first()).toBeVisible();
    await expect(page.locator(`[data-lab-step~="${step}"]`).first()).toContainText(/\w{20,}|.{80,}/);
  }
  // The failures-only step's demo: 8 correct logins at once are never "too many failed attempts".
  await page.goto('/#/ratelimit-lab/failures-only');
  await page.getByRole('button', { name: /Sign in correctly 8 times at once/ }).click();
  await expect(page.getByTestId('rl-parallel')).toContainText('Answers: 200');
  await expect(page.getByTestId('rl-parallel')).not.toContainText('rate_limited');
});

test('a throttled login says how long to wait once, not twice', async ({ page, request, baseURL }) => {
  const email = `throttled-${Date.now()}@example.test`;
  for (let i = 0; i < 5; i++) {
    const res = await request.post(`${baseURL}/api/session/login`, { data: { email, password: 'a wrong password' } });
    expect(res.status()).toBe(401);
  }
  await page.goto('/#/mfa-lab');
  await page.getByLabel('Account', { exact: true }).selectOption('@other');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a wrong password');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Too many failed attempts' });
  await expect(alert).toContainText('Try again in 15 minutes.');
  expect((await alert.innerText()).match(/try again/gi)).toHaveLength(1);
});
