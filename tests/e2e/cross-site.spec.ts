import { expect, test } from './fixtures';

/**
 * Ports do not separate sites: the attacker origin uses another host name
 * (localhost vs 127.0.0.1). This proves, in a real Chromium, that the browser
 * treats it as cross-site: a SameSite=Strict cookie of the app is not sent on
 * a request the attacker page starts, but is sent from the app itself.
 */
test('the attacker origin is cross-site to the app (SameSite=Strict cookie withheld)', async ({ page, meta }) => {
  await page.goto('/');
  const setResult = await page.evaluate(
    async () =>
      (
        await fetch('/api/lab/probe/samesite', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-authlab-request': '1' },
          body: '{}',
        })
      ).status,
  );
  expect(setResult).toBe(200);

  // Same-site control: a link followed from the app origin carries the cookie.
  await page.goto(`${meta.origins.app}/api/lab/probe/samesite`);
  await expect(page.locator('#result')).toHaveText('cookie sent');

  // Cross-site: the same link followed from the attacker's page does not.
  await page.goto(`${meta.origins.attacker}/probe/samesite`);
  await page.locator('#probe').click();
  await expect(page).toHaveURL(`${meta.origins.app}/api/lab/probe/samesite`);
  await expect(page.locator('#result')).toHaveText('cookie not sent');
});
