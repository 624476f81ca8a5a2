import type { Page } from '@playwright/test';
import type { LabMeta } from '../../src/common/api';
import { expect, test } from './fixtures';

/**
 * The session lab in a real Chromium: the cookie's flags as the browser holds
 * them, and the fixation and CSRF attacks started from the attacker origin
 * (another site), with each defence on and off.
 */
/** Every test starts from a reset lab (the `meta` fixture resets it) with all defences on. */
async function openLab(page: Page, meta: LabMeta) {
  expect(Object.values(meta.toggles).every(Boolean)).toBe(true);
  await page.goto('/#/session-lab');
  await expect(page.getByRole('heading', { name: 'Session lab' })).toBeVisible();
}

async function logIn(page: Page, email = 'user@authlab.test') {
  await page.getByLabel('Account', { exact: true }).selectOption(email);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByTestId('session-user')).toContainText(`Signed in as ${email}`);
}

async function setSwitch(page: Page, attack: string, toggle: string, on: boolean) {
  const sw = page.getByTestId(`attack-${attack}`).getByRole('switch', { name: new RegExp(toggle.replace('.', '\\.')) });
  if ((await sw.isChecked()) !== on) await sw.click();
  await expect(sw).toBeChecked({ checked: on });
}

async function runAttack(page: Page, attack: string, title: string) {
  const result = page.getByTestId(`attack-${attack}-result`);
  const before = (await result.count()) ? await result.getAttribute('data-run') : null;
  await page.getByRole('button', { name: `Run attack: ${title}` }).click();
  // Each run numbers its result, so the wait ends only once this run has reported.
  await expect(result).toHaveAttribute('data-run', String(Number(before ?? 0) + 1), { timeout: 20_000 });
  await expect(page.getByTestId(`attack-${attack}-error`)).toHaveCount(0);
  return result;
}

/**
 * The CSRF page's window ends on the app's JSON answer, which no script of
 * the lab can close (the app's Cross-Origin-Opener-Policy severs it): close it here.
 */
test('log in through the UI: the cookie is HttpOnly, Secure, SameSite=Lax and invisible to script', async ({
  page,
  context,
  meta,
}) => {
  await openLab(page, meta);
  await logIn(page);
  const cookie = (await context.cookies()).find((c) => c.name === 'authlab_sid');
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/', domain: '127.0.0.1' });
  // Page script asks for the cookie jar the way an XSS payload would.
  expect(await page.evaluate('document.cookie')).not.toContain('authlab_sid');
  await expect(page.getByTestId('script-cookies')).not.toContainText('authlab_sid');
  await expect(page.getByTestId('issued-cookie')).toHaveText(
    'authlab_sid=<signed session id>; Path=/; HttpOnly; Secure; SameSite=Lax',
  );
  await expect(page.getByTestId('session-row')).toContainText('user@authlab.test');
  await expect(page.getByTestId('my-sessions').locator('tbody tr')).toHaveCount(1);

  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page.getByTestId('session-user')).toContainText('Not signed in');
  await expect(page.getByTestId('session-row')).toHaveText('No session row for this cookie.');
  await expect(page.getByTestId('last-row')).toContainText('is gone from the server');
});

test('a newly registered account signs in through "Other account…"', async ({ page, meta }) => {
  const email = `learner-${Date.now()}@example.com`;
  const password = 'a sentence nobody else uses';
  await page.goto('/#/accounts');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status')).toContainText('Check the lab inbox');

  await openLab(page, meta);
  await page.getByLabel('Account', { exact: true }).selectOption({ label: 'Other account… (one you registered)' });
  await page.getByLabel('Email').fill(email);
  const passwordField = page.getByLabel('Password', { exact: true });
  await passwordField.fill('not the password');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(/invalid|incorrect|wrong/i);
  await expect(page.getByTestId('session-user')).toContainText('Not signed in');
  await passwordField.fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByTestId('session-user')).toContainText(`Signed in as ${email}`);
});

test('the idle countdown follows the lab clock and the session dies when it runs out', async ({ page, meta }) => {
  await openLab(page, meta);
  await logIn(page);
  await expect(page.getByTestId('idle-countdown')).toContainText(/idle: 1[45] min/);
  await page.getByRole('button', { name: '+15 min' }).click();
  await expect(page.getByTestId('idle-countdown')).toContainText('expired');
  await page.getByRole('button', { name: 'Refresh' }).first().click();
  await expect(page.getByTestId('session-user')).toContainText('Not signed in');
});

test('session fixation, run signed in as the card says: fails with regeneration, works without, no window left', async ({
  page,
  context,
  meta,
}) => {
  await openLab(page, meta);
  // The learner's path: log in, run, flip the switch, run again.
  await logIn(page);
  const card = page.getByTestId('attack-fixation');
  const description = card.getByTestId('switch-description-session.regenerateOnLogin');
  await expect(description).toContainText('A new session id is issued at login');
  let result = await runAttack(page, 'fixation', 'Session fixation');
  await expect(result).toContainText('Attack failed.');
  await expect(result).toContainText('logged you out first');
  await expect(result).toContainText('new id');
  // The attacker's window closed itself once it had planted the id.
  await expect.poll(() => context.pages().length).toBe(1);

  await setSwitch(page, 'fixation', 'session.regenerateOnLogin', false);
  // The switch now describes the vulnerable behaviour, and the old "Attack failed." is gone.
  await expect(description).not.toContainText('A new session id is issued at login');
  await expect(card).toContainText('Defence off (vulnerable)');
  await expect(result).toHaveCount(0);
  // Still signed in (as the victim of the first run): the attack gets the browser ready itself.
  await expect(page.getByTestId('session-user')).toContainText('Signed in as user@authlab.test');
  result = await runAttack(page, 'fixation', 'Session fixation');
  await expect(result).toContainText('Attack succeeded.');
  await expect(result).toContainText('signed in as user@authlab.test');
  await expect.poll(() => context.pages().length).toBe(1);
});

test('an attack that cannot run says why on its own card', async ({ page, meta }) => {
  await openLab(page, meta);
  await page.getByRole('button', { name: 'Run attack: Cross-site request forgery' }).click();
  await expect(page.getByTestId('attack-csrf').getByRole('alert')).toContainText('Log in first');
  await expect(page.getByTestId('attack-fixation').getByRole('alert')).toHaveCount(0);
});

test('CSRF from the attacker origin: only succeeds when SameSite and the token are both off; no window left', async ({
  page,
  context,
  meta,
}) => {
  await openLab(page, meta);
  await logIn(page);
  const csrf = async () => {
    const result = await runAttack(page, 'csrf', 'Cross-site request forgery');
    // The forged POST's window shows the app's answer, then closes itself.
    await expect.poll(() => context.pages().length, { timeout: 15_000 }).toBe(1);
    return result;
  };

  await expect(await csrf()).toContainText('JSON only');

  // Token off, SameSite on: the real browser withholds the Lax cookie from the cross-site POST.
  await setSwitch(page, 'csrf', 'session.csrfToken', false);
  let result = await csrf();
  await expect(result).toContainText('The app answered 401');
  await expect(result).toContainText('did not attach the session cookie');

  // SameSite off needs a new cookie (attributes are set at login); the token still stops it.
  await setSwitch(page, 'csrf', 'session.csrfToken', true);
  await setSwitch(page, 'csrf', 'session.sameSite', false);
  await logIn(page);
  result = await csrf();
  await expect(result).toContainText('The app answered 403');
  await expect(result).toContainText('attached the session cookie');

  await setSwitch(page, 'csrf', 'session.csrfToken', false);
  result = await csrf();
  await expect(result).toContainText('Attack succeeded.');
  await expect(page.getByTestId('session-user')).toContainText('Pwned by Evil Corp');

  // A later run that fails reports this run, not the name an earlier run left behind.
  await setSwitch(page, 'csrf', 'session.csrfToken', true);
  result = await csrf();
  await expect(result).toContainText('Attack failed.');
  await expect(result).toContainText('This run changed nothing');

  // Reset lab: the page drops its session at once, and the demo profile is back.
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('signing keys');
    void dialog.accept();
  });
  await page.getByRole('button', { name: 'Reset lab' }).click();
  await expect(page.getByTestId('session-user')).toContainText('Not signed in');
  await expect(page.getByTestId('session-row')).toHaveText('No session row for this cookie.');
  await logIn(page);
  await expect(page.getByTestId('session-user')).not.toContainText('Pwned by Evil Corp');
});

test('cookie theft by script and the logout replay, secure and vulnerable', async ({ page, meta }) => {
  await openLab(page, meta);
  await logIn(page);
  await expect(await runAttack(page, 'theft', 'Cookie theft by script (XSS)')).toContainText('Attack failed.');
  await setSwitch(page, 'theft', 'session.httpOnly', false);
  await logIn(page);
  await expect(page.getByTestId('script-cookies')).toContainText('authlab_sid');
  await expect(await runAttack(page, 'theft', 'Cookie theft by script (XSS)')).toContainText('Attack succeeded.');

  await expect(await runAttack(page, 'logout', 'Logout that does not log out')).toContainText('Attack failed.');
  await logIn(page);
  await setSwitch(page, 'logout', 'session.serverSideLogout', false);
  await expect(await runAttack(page, 'logout', 'Logout that does not log out')).toContainText('Attack succeeded.');
  await expect(page.getByTestId('last-row')).toContainText('still on the server');
});

test('your sessions: a second device shows up and "End" ends it', async ({ page, request, baseURL, meta }) => {
  await openLab(page, meta);
  await logIn(page);
  const accounts = (await (await request.get(`${baseURL}/api/lab/accounts`)).json()) as Array<{
    email: string;
    password: string;
  }>;
  const user = accounts.find((a) => a.email === 'user@authlab.test')!;
  const other = await request.post(`${baseURL}/api/session/login`, {
    data: { email: user.email, password: user.password },
    headers: { 'user-agent': 'Second device' },
  });
  expect(other.status()).toBe(200);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const rows = page.getByTestId('my-sessions').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await rows
    .filter({ hasText: 'Second device' })
    .getByRole('button', { name: /End session/ })
    .click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('this one');
  expect((await request.get(`${baseURL}/api/session/me`)).status()).toBe(401);
});

test('a session left open, used after the idle period: ended with the idle timeout, alive without', async ({
  page,
  meta,
}) => {
  const title = 'A session left open, used after the idle period';
  await openLab(page, meta);
  await logIn(page);
  await expect(await runAttack(page, 'idleSession', title)).toContainText('Attack failed.');
  // The server ended the idle session: the page is signed out, and the clock is back where it was.
  await expect(page.getByTestId('session-user')).toContainText('Not signed in');
  await logIn(page);
  await setSwitch(page, 'idleSession', 'session.idleTimeout', false);
  await expect(await runAttack(page, 'idleSession', title)).toContainText('Attack succeeded.');
  await expect(page.getByTestId('session-user')).toContainText('Signed in as user@authlab.test');
});
