import { expect, test } from '@playwright/test';

// The demo page as a newcomer meets it after `npm start`.
const demo = `http://127.0.0.1:${process.env.DEMO_PORT ?? 4321}/`;

test('demo: paying in the iframe shows the success event in the log', async ({ page }) => {
  await page.goto(demo);
  await page.getByRole('button', { name: 'Pay with Waftpay' }).click();
  await page.frameLocator('waftpay-checkout iframe').getByRole('button', { name: 'Pay' }).click();
  await expect(page.locator('#log')).toContainText('waftpay-success');
  await expect(page.locator('#log')).toContainText('"source": "return-url"');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
});

test('demo: redirect mode goes to the hosted page and back to the shop', async ({ page }) => {
  await page.goto(demo);
  await page.getByLabel('on its own page (redirect)').check();
  await page.getByRole('button', { name: 'Pay with Waftpay' }).click();
  await page.waitForURL(/\/checkout\//);
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.locator('#result')).toContainText('did not go through');
});

test('demo: an already-expired session shows waftpay-expired and loads nothing', async ({ page }) => {
  await page.goto(demo);
  await page.getByLabel('Session expires').selectOption({ label: 'already expired' });
  await page.getByRole('button', { name: 'Pay with Waftpay' }).click();
  await expect(page.locator('#log')).toContainText('waftpay-expired');
  await expect(page.locator('waftpay-checkout iframe')).toHaveCount(0);
});
