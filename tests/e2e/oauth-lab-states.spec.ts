import { expect, test } from './fixtures';

// The OAuth page from the states a learner reaches by the way: a throttled demo user, a replayed refresh
// token, a reset lab, a lab clock moved on.
test.describe('OAuth lab in awkward states', () => {
  test('a throttled demo user: the run says so and offers a way on; an attack could not run, never "failed"', async ({
    page,
    request,
    baseURL,
    meta,
  }) => {
    void meta;
    test.setTimeout(60_000);
    for (let i = 0; i < 6; i++)
      await request.post(`${baseURL}/api/session/login`, {
        data: { email: 'user@authlab.test', password: 'not-the-password' },
      });
    await page.goto('/#/oauth-lab');
    await page.getByRole('button', { name: 'Run the code flow' }).click();
    const stopped = page.getByTestId('flow-stopped');
    await expect(stopped).toContainText('Lab ID is throttling sign-ins for user@authlab.test');
    await expect(page.getByText('Does NOT match')).toHaveCount(0);
    await expect(page.getByTestId('flow-step-callback')).toHaveCount(0);

    const card = page.getByTestId('attack-redirect-uri');
    await card.getByRole('switch').click();
    await expect(card.getByRole('switch')).not.toBeChecked();
    await card.getByRole('button', { name: /^Run attack/ }).click();
    await expect(card.getByTestId('attack-redirect-uri-error')).toContainText('Could not run');
    await expect(card.getByTestId('attack-redirect-uri-result')).toHaveCount(0);

    await stopped.getByRole('button', { name: 'Reset the counters and run again' }).click();
    await expect(page.getByTestId('flow-step-api')).toContainText('200');
    await expect(page.getByTestId('flow-stopped')).toHaveCount(0);
  });

  test('"Refresh with the newest token" after a replay sends the newest token and explains the refusal', async ({
    page,
    meta,
  }) => {
    void meta;
    await page.goto('/#/oauth-lab');
    await page.getByRole('button', { name: 'Run the code flow' }).click();
    await expect(page.getByTestId('flow-step-api')).toContainText('200');
    const runs = page.getByTestId('refresh-runs').locator('li');
    await page.getByRole('button', { name: 'Refresh with the newest token' }).click();
    await expect(runs.nth(0)).toContainText('New tokens issued');
    await page.getByRole('button', { name: 'Replay the first (old) token' }).click();
    await expect(runs.nth(1)).toContainText('Refused: invalid_grant (first token)');
    await page.getByRole('button', { name: 'Refresh with the newest token' }).click();
    await expect(runs.nth(2)).toContainText('Refused: invalid_grant (newest token)');
    await expect(runs.nth(2)).toContainText('revoked the whole family');
  });

  test('Reset lab drops the flow and the refresh buttons it made stale', async ({ page, meta }) => {
    void meta;
    await page.goto('/#/oauth-lab');
    await page.getByRole('button', { name: 'Run the code flow' }).click();
    await expect(page.getByTestId('flow-step-api')).toContainText('200');
    await page.getByRole('button', { name: 'Refresh with the newest token' }).click();
    await expect(page.getByTestId('refresh-runs').locator('li')).toHaveCount(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset lab' }).click();
    await expect(page.getByTestId('flow-step-api')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Refresh with the newest token' })).toHaveCount(0);
    await expect(page.getByText('Run the code flow first')).toBeVisible();
    await expect(page.getByTestId('refresh-runs').locator('li')).toHaveCount(0);
  });

  test('device and refresh refusals after the lab clock moved on say why', async ({ page, request, baseURL, meta }) => {
    void meta;
    await page.goto('/#/oauth-lab');
    await page.getByRole('button', { name: 'Start the device flow' }).click();
    await expect(page.getByTestId('device-result')).toBeVisible();
    await request.post(`${baseURL}/api/lab/clock`, { data: { advanceMs: 15 * 60_000 } });
    await page.getByRole('button', { name: 'Poll the token endpoint' }).click();
    await expect(page.getByTestId('device-result')).toContainText('expired_token');
    await expect(page.getByTestId('device-result')).toContainText('start the device flow again');

    await page.getByRole('button', { name: 'Run the code flow' }).click();
    await expect(page.getByTestId('flow-step-api')).toContainText('200');
    await request.post(`${baseURL}/api/lab/clock`, { data: { advanceMs: 25 * 3_600_000 } });
    await page.getByRole('button', { name: 'Refresh with the newest token' }).click();
    const refused = page.getByTestId('refresh-runs').locator('li').first();
    await expect(refused).toContainText('Refused: invalid_grant');
    await expect(refused).toContainText('24 hours');
  });

  test('the diagram marks local steps and draws no consent form once consent is remembered', async ({ page, meta }) => {
    void meta;
    await page.goto('/#/oauth-lab');
    await page.getByRole('button', { name: 'Run the code flow' }).click();
    await expect(page.getByTestId('flow-step-api')).toContainText('200');
    const diagram = page.locator('svg.oauth-sequence');
    await expect(diagram).toContainText('(not a network call)');
    await expect(diagram).toContainText('allows the scopes');
    await page.getByRole('button', { name: 'Run the flow again' }).click();
    await expect(diagram).toContainText('consent is remembered, so no consent form');
    await expect(diagram).not.toContainText('allows the scopes');
  });
});
