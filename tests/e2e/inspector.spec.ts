import type { Page } from '@playwright/test';
import { SAMPLE_TOKEN, SAMPLE_TOKEN_SECRET } from '../../src/common/jwt-inspect/samples';
import { expect, test } from './fixtures';

/** RFC 7519 §3.1's example: HS256, expired in 2011. */
const RFC_TOKEN =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

const ACCEPTED = 'Accepted: every check passed.';

/** Signs in on the JWT lab, then opens the inspector without a reload (the access token lives in memory). */
async function signInThenOpenInspector(page: Page, hash = '#/inspector') {
  await page.goto('/#/jwt-lab');
  await page.getByRole('button', { name: 'Sign in with JWT' }).click();
  await expect(page.getByTestId('decoded-payload')).toContainText('"client_id": "authlab-jwt-lab"');
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  await expect(page.getByRole('heading', { name: 'Token inspector', level: 1 })).toBeVisible();
}

test.describe('token inspector', () => {
  test('a result always belongs to the token and key on screen', async ({ page }) => {
    await page.goto('/#/jwt-lab');
    await page.getByRole('button', { name: 'Sign in with JWT' }).click();
    await page.getByRole('button', { name: 'Open in the token inspector' }).click();
    await page.getByLabel('JWKS (JSON)').check();
    await page.getByRole('button', { name: /Load the lab’s/ }).click();
    await page.getByRole('button', { name: 'Verify signature and claims' }).click();
    const result = page.getByTestId('verify-result');
    await expect(result).toContainText(ACCEPTED);

    // Another key: the green result for the old key goes at once.
    await page.getByLabel('JWKS JSON').fill('{"keys":[]}');
    await expect(page.getByText(ACCEPTED)).toHaveCount(0);
    await page.getByRole('button', { name: 'Verify signature and claims' }).click();
    await expect(result).toContainText('Rejected');

    await page.getByRole('button', { name: /Load the lab’s/ }).click();
    await page.getByRole('button', { name: 'Verify signature and claims' }).click();
    await expect(result).toContainText(ACCEPTED);
    // Another token: nothing of the lab token's result stays.
    await page.getByTestId('inspector-input').fill(RFC_TOKEN);
    await expect(page.getByText(ACCEPTED)).toHaveCount(0);
    await expect(page.getByTestId('decoded-payload')).toContainText('"iss": "joe"');
  });

  for (const step of ['decode', 'warnings', 'verify', 'alg-none', 'key-confusion', 'crack']) {
    test(`Show me #/inspector/${step} lands on a highlighted step with a sample token`, async ({ page }) => {
      await page.setViewportSize({ width: 800, height: 900 });
      await page.goto(`/#/inspector/${step}`);
      await expect(page.getByTestId('inspector-input')).toHaveValue(SAMPLE_TOKEN);
      await expect(page.getByTestId('token-note')).toContainText('sample token');
      const target = page.locator(`[data-lab-step~="${step}"]`);
      await expect(target).toHaveClass(/step-highlight/);
      await expect(target).toBeInViewport();
    });
  }

  test('Show me opens with the learner’s own lab token when there is one; crack finds the sample’s secret', async ({
    page,
  }) => {
    await signInThenOpenInspector(page, '#/inspector/verify');
    await expect(page.getByTestId('token-note')).toContainText('Your current JWT lab access token');
    await expect(page.getByLabel('JWKS (JSON)')).toBeChecked();
    await page.getByTestId('inspector-input').fill('');
    // The lab token is RS256: cracking needs HS256, so that step takes the sample and says why.
    await page.evaluate(`location.hash = '#/inspector/crack'`);
    await expect(page.getByTestId('inspector-input')).toHaveValue(SAMPLE_TOKEN);
    await expect(page.getByTestId('token-note')).toContainText('not HS256');
    await page.getByRole('button', { name: 'Crack secret' }).click();
    await expect(page.getByTestId('crack-result')).toContainText(`The secret is "${SAMPLE_TOKEN_SECRET}"`);
  });

  test('the key follows the alg, and expected iss/aud never carry over to another token', async ({ page, meta }) => {
    await signInThenOpenInspector(page);
    await page.getByRole('button', { name: 'Load a sample token' }).click();
    await expect(page.getByLabel('Secret as text (UTF-8 bytes)')).toBeChecked();
    await page.getByRole('button', { name: 'Use my current lab token' }).click();
    await expect(page.getByLabel('JWKS (JSON)')).toBeChecked();

    await page.getByRole('button', { name: 'Expect the lab issuer' }).click();
    await expect(page.getByLabel('Expected iss')).toHaveValue(meta.origins.app);
    await page.getByRole('button', { name: 'Load a sample token' }).click();
    await expect(page.getByLabel('Expected iss')).toHaveValue('');
    await expect(page.getByTestId('claims-not-checked')).toContainText('iss and aud');
  });

  test('editing the payload re-signs the token as you type when Verify holds the secret', async ({ page }) => {
    await page.goto('/#/inspector');
    await expect(page.getByRole('button', { name: 'Use my current lab token' })).toBeDisabled();
    await page.getByRole('button', { name: 'Load a sample token' }).click();
    await page.getByLabel('Verification key').fill(SAMPLE_TOKEN_SECRET);
    // No Verify click: with a key given, the check runs as you type.
    await expect(page.getByTestId('verify-result')).toContainText(ACCEPTED);

    const payload = page.getByLabel('Payload JSON');
    await payload.fill((await payload.inputValue()).replace('"role": "user"', '"role": "admin"'));
    await expect(page.getByTestId('live-edit')).toContainText('signed again');
    await expect(page.getByTestId('decoded-payload')).toContainText('"role": "admin"');
    await expect(page.getByTestId('inspector-input')).not.toHaveValue(SAMPLE_TOKEN);
    await expect(page.getByTestId('verify-result')).toContainText(ACCEPTED);

    // Without the right secret an edit keeps the old signature, and verification says so.
    await page.getByLabel('Verification key').fill('');
    await payload.fill((await payload.inputValue()).replace('"role": "admin"', '"role": "root"'));
    await expect(page.getByTestId('live-edit')).toContainText('no longer matches');
    await page.getByLabel('Verification key').fill(SAMPLE_TOKEN_SECRET);
    await expect(page.getByTestId('verify-result')).toContainText('signature does not match');
  });

  test('a bad base64 key and a long-expired token read in plain words', async ({ page }) => {
    await page.goto('/#/inspector');
    await page.getByTestId('inspector-input').fill(RFC_TOKEN);
    await page.getByLabel('Secret as base64 / base64url bytes').check();
    await page.getByLabel('Verification key').fill('abcde');
    const result = page.getByTestId('verify-result');
    await expect(result).toContainText('The secret is not valid base64');
    await expect(result).not.toContainText('input to be decoded');
    // RFC 7515 A.1's key: the signature matches, and the 2011 exp is told in days and hours, as the header does.
    await page
      .getByLabel('Verification key')
      .fill('AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow');
    await expect(result).toContainText('✓ Signature');
    await expect(result).toContainText(/Expired \d+ d( \d+ h)?( \d+ min)? ago/);
    await expect(page.getByTestId('expiry-countdown')).toContainText(/Expired \d+ d/);
  });
});

test('an ID token from the OAuth lab is recognised and verifies with Lab ID’s keys, issuer and client', async ({
  page,
  meta,
}) => {
  await page.goto('/#/oauth-lab');
  await page.getByRole('button', { name: 'Run the code flow' }).click();
  await expect(page.getByTestId('flow-step-api')).toContainText('200');
  await page.getByRole('button', { name: 'Open the ID token in the token inspector' }).click();
  await expect(page).toHaveURL(/#\/inspector/);

  await expect(page.getByTestId('token-kind')).toContainText('An ID token, from Lab ID');
  const aud = page.getByRole('row', { name: /^aud/ });
  await expect(aud).toContainText('the client this ID token is for');
  await expect(page.getByRole('row', { name: /^at_hash|^nonce/ }).first()).toContainText('OpenID Connect');

  await page.getByLabel('JWKS (JSON)').check();
  await page.getByRole('button', { name: 'Load Lab ID’s /jwks' }).click();
  await page.getByRole('button', { name: 'Expect Lab ID as issuer' }).click();
  await expect(page.getByLabel('Expected iss')).toHaveValue(meta.origins.idp);
  await page.getByRole('button', { name: 'Expect the client it is for as audience' }).click();
  await expect(page.getByLabel('Expected aud')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Verify signature and claims' }).click();
  await expect(page.getByTestId('verify-result')).toContainText(ACCEPTED);
});

test('the JWT lab’s access token is told apart from Lab ID’s and keeps the JWT lab’s presets', async ({ page }) => {
  await signInThenOpenInspector(page);
  await page.getByRole('button', { name: 'Use my current lab token' }).click();
  await expect(page.getByTestId('token-kind')).toContainText('An access token, from the JWT lab');
  await expect(page.getByRole('button', { name: 'Expect the lab issuer' })).toBeVisible();
});
