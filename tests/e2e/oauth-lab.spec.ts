import { OAUTH_ATTACK_IDS } from '../../src/common/schemas/oauth';
import { expect, test } from './fixtures';

// The `meta` fixture resets the lab; tests that only need a clean lab name it and ignore it.
const STEPS = ['code-flow', 'id-token', 'pkce', 'state', 'nonce', 'redirect-uri', 'client-credentials', 'device-flow'];

test.describe('OAuth lab', () => {
  async function demoUser(request: import('@playwright/test').APIRequestContext, baseURL: string) {
    const accounts = (await (await request.get(`${baseURL}/api/lab/accounts`)).json()) as Array<{
      email: string;
      password: string;
    }>;
    return accounts.find((a) => a.email === 'user@authlab.test')!;
  }

  test('"Log in with Lab ID" from Your App through sign-in and consent ends logged in', async ({
    page,
    meta,
    request,
    baseURL,
  }) => {
    const user = await demoUser(request, baseURL!);
    await page.goto(meta.origins.client);
    await page.getByRole('link', { name: 'Log in with Lab ID' }).click();
    await expect(page).toHaveURL(new RegExp(`^${meta.origins.idp}/authorize`));
    // The sign-in page is ready to type into: the email field has the focus.
    await expect(page.getByLabel('Email')).toBeFocused();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('openid')).toBeVisible();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect(page.getByRole('heading', { name: 'Logged in as user@authlab.test' })).toBeVisible();
    expect(page.url()).toBe(`${meta.origins.client}/`);
    await page.getByRole('button', { name: 'Call the lab API' }).click();
    await expect(page.getByText('Lab API answer (200)')).toBeVisible();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByRole('link', { name: 'Log in with Lab ID' })).toBeVisible();
    // RP-initiated logout ended the Lab ID session as well: signing in again asks for the password.
    await page.getByRole('link', { name: 'Log in with Lab ID' }).click();
    await expect(page.getByLabel('Password')).toBeVisible();
  });

  test('Your App opens its ID and access tokens in the token inspector, never its refresh token', async ({
    page,
    meta,
    request,
    baseURL,
  }) => {
    const user = await demoUser(request, baseURL!);
    await page.goto(meta.origins.client);
    await page.getByRole('link', { name: 'Log in with Lab ID' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect(page.getByRole('heading', { name: 'Logged in as user@authlab.test' })).toBeVisible();
    await expect(page.getByRole('link', { name: /refresh token/i })).toHaveCount(0);

    for (const [label, claim] of [
      ['ID token', '"aud": "your-app"'],
      ['access token', '"scope":'],
    ] as const) {
      const shown = await page.getByRole('textbox', { name: label, exact: false }).inputValue();
      await page.getByRole('link', { name: `Open the ${label} in the token inspector` }).click();
      await expect(page.getByRole('heading', { name: 'Token inspector' })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(meta.origins.app);
      await expect(page.getByTestId('inspector-input')).toHaveValue(shown);
      await expect(page.getByTestId('decoded-payload')).toContainText(claim);
      // Loaded, the token leaves the address bar (and the history entry).
      expect(page.url()).not.toContain('token=');
      await page.goto(meta.origins.client);
    }
  });

  test('Deny ends with access_denied at the client', async ({ page, meta, request, baseURL }) => {
    const user = await demoUser(request, baseURL!);
    await page.goto(meta.origins.client);
    await page.getByRole('link', { name: 'Log in with Lab ID' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByRole('alert')).toContainText('access_denied');
    expect(page.url().startsWith(meta.origins.client)).toBe(true);
  });

  test('runs the code flow on screen with PKCE recomputed in the page', async ({ page, meta }) => {
    void meta;
    await page.goto('/#/oauth-lab');
    await page.getByRole('button', { name: 'Run the code flow' }).click();
    await expect(page.getByTestId('flow-step-api')).toContainText('200');
    await expect(page.getByTestId('pkce-calculator')).toContainText('✓ same');
    await page.getByRole('button', { name: 'Open the ID token in the token inspector' }).click();
    await expect(page).toHaveURL(/#\/inspector/);
  });

  test('every OAuth step a drill card links to lands on a working part of the lab', async ({ page, meta }) => {
    void meta;
    for (const step of STEPS) {
      await page.goto(`/#/oauth-lab/${step}`);
      await expect(page.locator(`[data-lab-step~="${step}"]`).first()).toBeInViewport();
    }
  });

  test('the drill question "ID token vs access token" opens the explainer on the OAuth page', async ({
    page,
    meta,
  }) => {
    void meta;
    await page.goto('/#/oauth-lab/id-token');
    await expect(page.getByRole('heading', { name: 'ID token vs access token' })).toBeInViewport();
    await expect(page.getByTestId('token-kinds').getByRole('row', { name: /For \(aud\)/ })).toContainText('client_id');
  });

  test('each attack fails with its defence on and works with it off', async ({ page, meta }) => {
    void meta;
    test.setTimeout(90_000);
    await page.goto('/#/oauth-lab');
    for (const id of OAUTH_ATTACK_IDS) {
      const card = page.getByTestId(`attack-${id}`);
      await card.getByRole('button', { name: /^Run attack/ }).click();
      await expect(card.getByTestId(`attack-${id}-result`)).toContainText('Attack failed.');
      await card.getByRole('switch').click();
      await expect(card.getByRole('switch')).not.toBeChecked();
      await card.getByRole('button', { name: /^Run attack/ }).click();
      await expect(card.getByTestId(`attack-${id}-result`)).toContainText('Attack succeeded.');
      await card.getByRole('switch').click();
      await expect(card.getByRole('switch')).toBeChecked();
    }
  });

  test('login CSRF from the attacker’s site: refused with state checked, works without', async ({
    page,
    meta,
    request,
    baseURL,
  }) => {
    await page.goto(`${meta.origins.attacker}/oauth/login-csrf`);
    await page.waitForURL((url) => url.origin === meta.origins.client);
    await expect(page.getByRole('alert')).toContainText('state_mismatch');

    await request.put(`${baseURL}/api/lab/toggles`, { data: { 'oauth.checkState': false } });
    await page.goto(`${meta.origins.attacker}/oauth/login-csrf`);
    await expect(page.getByRole('heading', { name: 'Logged in as admin@authlab.test' })).toBeVisible();
  });

  test('a loose redirect_uri sends the code to the attacker’s page; exact matching stops it', async ({
    page,
    meta,
    request,
    baseURL,
  }) => {
    const user = await demoUser(request, baseURL!);
    await page.goto(`${meta.origins.attacker}/oauth/redirect-uri`);
    await page.getByRole('link', { name: 'Sign in with Lab ID' }).click();
    await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();

    await request.put(`${baseURL}/api/lab/toggles`, { data: { 'oauth.exactRedirectUri': false } });
    await page.goto(`${meta.origins.attacker}/oauth/redirect-uri`);
    await page.getByRole('link', { name: 'Sign in with Lab ID' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect(page.locator('#stolen')).toContainText('Evil Corp got your code');
    await expect(page.locator('#loot')).toContainText('Lab API with the stolen token: 200');
  });
});
