import { expect, test } from './fixtures';
import { startLab, type LabProcess } from './lab-process';

/**
 * The password lab's enumeration step in a real Chromium: the login's answer
 * (login.uniformErrors) and its timing (login.constantTime), each attack
 * failing with its defence on and working with it off, from the page.
 */

test('the answers table and the answer attack, with login.uniformErrors on and off', async ({ page, meta }) => {
  expect(meta.toggles['login.uniformErrors']).toBe(true);
  await page.goto('/#/password-lab/enumeration');
  await expect(page.getByRole('heading', { name: 'User enumeration' })).toBeVisible();

  await page.getByRole('button', { name: 'Compare the answers' }).click();
  const table = page.getByTestId('enumeration-answers');
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(table).not.toContainText('DIFFERENT');
  await expect(table).toContainText('401 invalid_credentials');

  const card = page.getByTestId('attack-enum-login-answer');
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(card.getByTestId('attack-enum-login-answer-result')).toContainText('Attack failed.');
  await expect(card.getByTestId('attack-enum-login-answer-result')).toContainText('invalid_credentials');

  await card.getByRole('switch').click();
  await expect(card.getByRole('switch')).not.toBeChecked();
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(card.getByTestId('attack-enum-login-answer-result')).toContainText('Attack succeeded.');
  await expect(card.getByTestId('attack-enum-login-answer-result')).toContainText('unknown_user');

  await page.getByRole('button', { name: 'Compare the answers' }).click();
  await expect(page.getByTestId('enumeration-answers-mode')).toContainText('login.uniformErrors off');
  await expect(table.getByRole('row', { name: /session\/login/ })).toContainText('DIFFERENT');
  await expect(table.getByRole('row', { name: /session\/login/ })).toContainText('No account with this email.');
  // Forgot answers the same either way.
  await expect(table.getByRole('row', { name: /password\/forgot/ })).toContainText('same');
  // A second run works the same.
  const result = card.getByTestId('attack-enum-login-answer-result');
  const run = Number(await result.getAttribute('data-run'));
  await card.getByRole('button', { name: /Run attack/ }).click();
  await expect(result).toHaveAttribute('data-run', String(run + 1));
  await expect(result).toContainText('Attack succeeded.');
});

/**
 * Timing needs bcrypt to outweigh the noise of a browser request, which the
 * shared e2e lab (bcrypt cost 4) does not give: this part runs its own lab at
 * cost 10, started the way a learner starts it.
 */
test.describe('timing (its own lab at bcrypt cost 10)', () => {
  let lab: LabProcess;
  let url: string;
  test.beforeAll(async () => {
    lab = await startLab({ bcryptCost: 10 });
    url = lab.url;
  });
  test.afterAll(async () => {
    await lab.stop();
  });

  test('the timing attack fails with login.constantTime on and works with it off; the run draws a histogram', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.goto(`${url}/#/password-lab/enumeration`);
    const card = page.getByTestId('attack-enum-login-timing');
    const result = card.getByTestId('attack-enum-login-timing-result');
    await card.getByRole('button', { name: /Run attack/ }).click();
    await expect(result).toContainText('Attack failed.', { timeout: 30_000 });

    await card.getByRole('switch').click();
    await expect(card.getByRole('switch')).not.toBeChecked();
    await card.getByRole('button', { name: /Run attack/ }).click();
    await expect(result).toContainText('Attack succeeded.', { timeout: 30_000 });
    await expect(result).toContainText('login.constantTime is off');

    // The timing run, small, still with the defence off; then the switch back on, as it was found.
    await page.getByLabel('Tries of each kind').selectOption('10');
    await page.getByRole('button', { name: 'Run the timing test' }).click();
    await expect(page.getByLabel('Timing progress')).toBeVisible();
    await expect(page.getByTestId('enumeration-timing-mode')).toContainText('Measured with login.constantTime off', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('enumeration-histogram')).toBeVisible();
    await expect(page.getByTestId('enumeration-timing-verdict')).toContainText('tells them apart');
    await card.getByRole('switch').click();
    await expect(card.getByRole('switch')).toBeChecked();

    // Stop: a long run ends early and says so.
    await page.getByLabel('Tries of each kind').selectOption('40');
    await page.getByRole('button', { name: 'Run the timing test' }).click();
    await expect(page.getByTestId('enumeration-timing-mode')).toContainText('Measuring with login.constantTime on');
    const progress = page.getByLabel('Timing progress');
    await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(6);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('enumeration-timing-note')).toContainText('Stopped after');
    await expect(page.getByTestId('enumeration-timing-verdict')).toContainText('does not tell them apart');
  });
});

test('a defence switched and the clock moved in another tab reach this page, and its results say the state they ran under', async ({
  page,
  context,
  meta,
}) => {
  expect(meta.toggles['login.uniformErrors']).toBe(true);
  await page.goto('/#/password-lab/enumeration');
  const card = page.getByTestId('attack-enum-login-answer');
  await expect(card.getByRole('switch')).toBeChecked();

  const other = await context.newPage();
  await other.goto('/#/defences');
  await other.getByRole('switch', { name: /login\.uniformErrors/ }).click();
  await expect(other.getByRole('switch', { name: /login\.uniformErrors/ })).not.toBeChecked();
  await other.getByRole('button', { name: '+1 day' }).click();

  // The first tab follows without a reload: its switch, its banner and its clock.
  await expect(card.getByRole('switch')).not.toBeChecked();
  await expect(card).toContainText('Defence off (vulnerable)');
  await expect(page.getByTestId('clock-offset')).toBeVisible();

  await page.getByRole('button', { name: 'Compare the answers' }).click();
  await expect(page.getByTestId('enumeration-answers-mode')).toContainText('login.uniformErrors off');
  await expect(page.getByTestId('enumeration-answers').getByRole('row', { name: /session\/login/ })).toContainText(
    'DIFFERENT',
  );

  // Back on in the other tab, then a second run here: the label follows the state the request met.
  await other.getByRole('switch', { name: /login\.uniformErrors/ }).click();
  await other.getByRole('button', { name: 'Real time' }).click();
  await expect(card.getByRole('switch')).toBeChecked();
  await expect(page.getByTestId('clock-offset')).toHaveCount(0);
  await other.close();
});
