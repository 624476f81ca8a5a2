import { expect, test } from './fixtures';

// Keyboard focus and narrow windows (an instructor's two windows side by side, a small laptop).
test.describe('layout and keyboard', () => {
  test('Enter on "Run the code flow" keeps the focus on the button while and after it runs', async ({ page, meta }) => {
    void meta;
    await page.goto('/#/oauth-lab');
    const run = page.getByRole('button', { name: 'Run the code flow' });
    await run.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('flow-step-api')).toContainText('200');
    // document.activeElement is the button (renamed once the run has a result), not <body>.
    await expect(page.getByRole('button', { name: 'Run the flow again' })).toBeFocused();
  });

  test('at 800 px the sequence diagram’s text renders at 11 px or more', async ({ page, meta }) => {
    void meta;
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto('/#/oauth-lab');
    await page.getByRole('button', { name: 'Run the code flow' }).click();
    await expect(page.getByTestId('flow-step-api')).toContainText('200');
    // A string: the e2e tests compile without the DOM library. Font size times the drawing's scale on screen.
    const rendered = (await page.evaluate(`(() => {
      const text = document.querySelector('svg.oauth-sequence text.oauth-label');
      const svg = text.ownerSVGElement;
      return parseFloat(getComputedStyle(text).fontSize) * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
    })()`)) as number;
    expect(rendered).toBeGreaterThanOrEqual(11);
  });

  for (const route of ['overview', 'oauth-lab']) {
    test(`at 640 px the ${route} page never scrolls sideways`, async ({ page, meta }) => {
      void meta;
      await page.setViewportSize({ width: 640, height: 800 });
      await page.goto(`/#/${route}`);
      await expect(page.locator('main table').first()).toBeVisible();
      if (route === 'oauth-lab') {
        await expect(page.getByTestId('oauth-clients')).toContainText('your-app');
        // The sequence diagram keeps its drawn width and scrolls inside its own frame.
        await page.getByRole('button', { name: 'Run the code flow' }).click();
        await expect(page.locator('svg.oauth-sequence')).toBeVisible();
      }
      // The root element is the page's scrolling element (standards mode).
      const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  test('at 800×600 the open traffic drawer covers at most about a third of the window', async ({ page, meta }) => {
    void meta;
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto('/#/jwt-lab');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Sign in with JWT' }).click();
    await page.getByRole('button', { name: /Traffic/ }).click();
    await expect(page.getByTestId('traffic-row').first()).toBeVisible();
    const drawer = (await page.getByRole('region', { name: 'Traffic' }).boundingBox())!;
    expect(drawer.height / 600).toBeLessThanOrEqual(0.35);
  });
});
