import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const DECKS = join(import.meta.dirname, '../../resources/drills');

test.describe('interview drills', () => {
  test('a full flashcard review loop, driven by the keyboard', async ({ page }) => {
    await page.goto('/#/drills');
    await expect(page.getByRole('heading', { name: 'Interview drills' })).toBeVisible();
    await expect(page.getByTestId('shortcuts')).toContainText('Space');
    // Topics are listed in curriculum order (1, 2, … 24), not in the order the decks were read.
    await expect(page.getByLabel('Topic').locator('option')).not.toHaveCount(1);
    const numbers = (await page.getByLabel('Topic').locator('option').allTextContents())
      .slice(1)
      .map((label) => Number(/^(\d+)/.exec(label)?.[1] ?? Infinity));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    await page.getByLabel('Topic').selectOption('authn-vs-authz');
    const question = page.getByTestId('drill-question');
    await expect(question).toBeVisible();
    const first = await question.innerText();

    // Type an answer: the live counter shows key points hit while typing.
    await page
      .getByLabel(/Your answer/)
      .fill('Authentication proves who you are; authorization decides what you may do.');
    await expect(page.getByTestId('live-coverage')).toContainText(/touches [1-9]\d* of \d+ key points/);
    await page.getByLabel(/Your answer/).press('Control+Enter');
    await expect(page.getByRole('region', { name: '30-second answer' })).toBeVisible();
    await expect(page.getByRole('region', { name: '2-minute answer' })).toBeVisible();
    await expect(page.getByTestId('coverage')).toContainText('key points covered');
    await expect(page.locator('.key-points li.hit').first()).toContainText('you said');
    await page.keyboard.press('3');
    await expect(page.getByTestId('last-review')).toContainText('Rated “good”');
    await expect(question).not.toHaveText(first);

    // Second card: think, Space to reveal, 4 to rate.
    const second = await question.innerText();
    await page.keyboard.press('Space');
    await expect(page.getByRole('group', { name: 'Rate your answer' })).toBeVisible();
    await page.keyboard.press('4');
    await expect(page.getByTestId('last-review')).toContainText('Rated “easy”');
    await expect(question).not.toHaveText(second);

    // The reviews are in the stats.
    await page.getByRole('tab', { name: 'Stats' }).click();
    const authn = page.getByTestId('drill-stats');
    await expect(authn).toContainText('cards reviewed');
    await expect(authn.locator('svg[aria-label^="Reviews per day"] rect.bar').last()).toHaveAttribute(
      'height',
      /^(?!0$)/,
    );
  });

  test('"Show me" opens a built lab at its step', async ({ page }) => {
    await page.goto('/#/drills');
    await page.getByRole('tab', { name: 'Browse' }).click();
    await page.getByLabel('Search cards').fill('session cookie attributes');
    const card = page.locator('.card-list > li').filter({ hasText: 'Which attributes do you set on a session cookie' });
    await expect(card).toHaveCount(1);
    await card.locator('summary').first().click();
    await card.getByRole('button', { name: 'Show me in the lab' }).click();
    // The session lab exists: the card opens it at the cookie step.
    await expect(page).toHaveURL(/#\/session-lab\/cookie$/);
    await expect(page.getByRole('heading', { name: 'The cookie and the server-side session' })).toBeInViewport();
  });

  test('a link to a page not built yet says so instead of showing the Overview', async ({ page }) => {
    await page.goto('/#/instructor/revoke');
    await expect(page.getByRole('heading', { name: 'Instructor view', level: 1 })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('is not built yet');
    await expect(page.getByRole('heading', { name: 'Welcome to Auth Lab' })).toHaveCount(0);
  });

  test("every drill card's lab link lands on its step of a built lab", async ({ page }) => {
    test.setTimeout(90_000);
    const links = new Set<string>();
    for (const file of readdirSync(DECKS).filter((f) => /^[a-z].*\.md$/.test(f))) {
      for (const [, link] of readFileSync(join(DECKS, file), 'utf8').matchAll(/^Lab: (\S+)$/gm)) links.add(link!);
    }
    expect(links.size).toBeGreaterThan(20);
    for (const link of [...links].sort()) {
      const [lab, step] = link.split('#');
      expect(step, `${link} names a step`).toBeTruthy();
      await page.goto(`/#/${lab}/${step}`);
      await expect(page.locator(`[data-lab-step~="${step}"]`).first(), link).toBeAttached();
    }
  });

  test('a spot-the-bug card shows its code', async ({ page }) => {
    // A step after the lab id is kept by the router; an unknown one still opens the lab.
    await page.goto('/#/drills/no-such-step');
    await expect(page.getByRole('heading', { name: 'Interview drills' })).toBeVisible();
    await page.getByRole('tab', { name: 'Browse' }).click();
    await page.getByLabel('Search cards').fill('bug');
    await expect(page.getByTestId('drill-code').first()).toBeVisible();
  });

  test('a 3-question mock interview with short timers, driven by the keyboard', async ({ page }) => {
    test.setTimeout(60_000);
    // Timers of 20 s / 6 s instead of 30 s / 2 min; the last answer is left to run out.
    await page.goto('/?drillTimers=20,6#/drills');
    await page.getByRole('tab', { name: 'Mock interview' }).click();
    await page.getByRole('checkbox', { name: 'PKCE' }).focus();
    await page.keyboard.press('Space');
    await expect(page.getByLabel('Questions')).toHaveValue('3');
    await page.getByRole('button', { name: 'Start the interview' }).focus();
    await page.keyboard.press('Enter');

    const countdown = page.getByTestId('countdown');
    for (let i = 1; i <= 3; i++) {
      await expect(page.getByText(`Question ${i} of 3`)).toBeVisible();
      await expect(countdown).toContainText('30-second answer');
      await page.keyboard.insertText('The code verifier stays in the app; the challenge is its SHA-256 hash.');
      await page.keyboard.press('Control+Enter');
      await expect(countdown).toContainText('2-minute answer');
      await page.keyboard.insertText('An attacker who intercepts the code has no verifier, so it cannot redeem it.');
      if (i < 3) await page.keyboard.press('Control+Enter');
      // On the last question the 6-second timer runs out and ends the answer by itself.
    }
    const report = page.getByTestId('mock-report');
    await expect(report).toBeVisible();
    await expect(report.getByTestId('report-row')).toHaveCount(3);
    await expect(report.getByTestId('weakest-topics')).toContainText('PKCE');
    // Each rating is only suggested: the learner keeps it or changes it, and nothing is saved before that.
    await expect(report.getByTestId('report-row').first()).not.toContainText('rated');
    const first = report.getByLabel('Rating for question 1');
    await expect(first.locator('option:checked')).toContainText('(suggested)');
    await first.selectOption('again');
    await report.getByRole('button', { name: 'Record these ratings' }).click();
    await expect(report.getByTestId('report-row').first()).toContainText(/rated again, back/);
    await expect(report.getByTestId('report-row').nth(1)).toContainText(/rated (again|hard|good|easy), back/);
  });

  test('progress exports as a downloaded JSON file in browser mode', async ({ page }) => {
    await page.goto('/#/drills');
    await page.getByRole('tab', { name: 'Decks' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export my progress' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('drill-progress.json');
    const chunks: Buffer[] = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toMatchObject({
      format: 'authlab-drills-progress',
      reviews: expect.any(Array),
    });
    await expect(page.getByRole('status')).toContainText('Downloaded drill-progress.json');
  });
});
