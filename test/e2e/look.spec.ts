import { expect, test, type Page } from '@playwright/test';
import { frameAt } from './frames.js';
import { checkoutOrigin, checkoutUrl, failUrl, protocolPageUrl, shopPage, successUrl } from './origins.js';

// Screenshots of each default state, kept as baselines. Regenerate with
// `npx playwright test look --update-snapshots` and look at every image before committing it.

test.use({ viewport: { width: 720, height: 900 } });

const element = (page: Page) => page.locator('waftpay-checkout');

async function shot(page: Page, name: string): Promise<void> {
  await expect(element(page)).toHaveScreenshot(`${name}.png`);
}

test('loading: the placeholder over the frame', async ({ page }) => {
  // The frame never loads, so neither does the page: don't wait for its load event.
  await page.goto(shopPage({ 'checkout-url': `${checkoutOrigin}/hang`, 'load-timeout': '60000' }), {
    waitUntil: 'domcontentloaded',
  });
  await expect(element(page)).toHaveAttribute('status', 'loading');
  await shot(page, 'loading');
});

test('pending: the banner above the hosted page', async ({ page }) => {
  await page.goto(shopPage({ 'checkout-url': protocolPageUrl('look-pending') }));
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await hosted.getByRole('button', { name: 'Send prompt' }).click();
  await expect(element(page)).toHaveAttribute('status', 'pending');
  await shot(page, 'pending');
});

for (const [name, url] of [
  ['success', successUrl],
  ['failure', failUrl],
] as const) {
  test(`${name}: the outcome message`, async ({ page }) => {
    await page.goto(
      shopPage({
        'checkout-url': checkoutUrl(`look-${name}`),
        'success-redirect-url': successUrl,
        'fail-redirect-url': failUrl,
      }),
    );
    const hosted = await frameAt(page, `${checkoutOrigin}/checkout/`);
    await hosted.getByRole('button', { name: url === successUrl ? 'Pay' : 'Decline' }).click();
    await expect(element(page)).toHaveAttribute('status', name);
    await shot(page, name);
  });
}

test('success, in dark mode, on a page that supports it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(shopPage({ 'checkout-url': checkoutUrl('look-dark'), 'success-redirect-url': successUrl }));
  // The element follows the page's color-scheme: a page that is light only keeps a light element.
  await page.addStyleTag({ content: ':root { color-scheme: light dark }' });
  const hosted = await frameAt(page, `${checkoutOrigin}/checkout/`);
  await hosted.getByRole('button', { name: 'Pay' }).click();
  await expect(element(page)).toHaveAttribute('status', 'success');
  await shot(page, 'success-dark');
});

test('expired', async ({ page }) => {
  await page.goto(
    shopPage({ 'checkout-url': checkoutUrl('look-expired'), 'expires-at': '2020-01-01T00:00:00Z' }),
  );
  await expect(element(page)).toHaveAttribute('status', 'expired');
  await shot(page, 'expired');
});

test('error, with its retry button', async ({ page }) => {
  await page.goto(shopPage({ 'checkout-url': `${checkoutOrigin}/hang`, 'load-timeout': '100' }));
  await expect(element(page)).toHaveAttribute('status', 'error');
  await shot(page, 'error');
});

test('fallback: the offer when the page refuses to be framed', async ({ page }) => {
  await page.goto(
    shopPage({
      'checkout-url': protocolPageUrl('look-fallback', { 'refuse-framing': '' }),
      'expect-handshake': '',
    }),
  );
  await expect(element(page)).toContainText('cannot be shown here');
  await shot(page, 'fallback');
});

test('popup: the open button, then the companion while the window is open', async ({ page, context }) => {
  await page.goto(shopPage({ mode: 'popup', 'checkout-url': protocolPageUrl('look-popup') }));
  await shot(page, 'popup-idle');
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    element(page).getByRole('button', { name: 'Pay with Waftpay' }).click(),
  ]);
  await expect(popup.locator('body')).toHaveAttribute('data-connected', 'yes');
  await expect(element(page)).toHaveAttribute('status', 'ready');
  await shot(page, 'popup-open');
});

test('dismissed while pending: the way back, and what still happens on the phone', async ({ page }) => {
  await page.goto(
    shopPage({ mode: 'overlay', 'checkout-url': protocolPageUrl('look-dismissed', { phone: '' }) }),
  );
  await element(page).getByRole('button', { name: 'Pay with Waftpay' }).click();
  await expect(element(page)).toHaveAttribute('status', 'pending');
  await page.getByRole('button', { name: 'Close checkout' }).click();
  await expect(element(page)).toHaveAttribute('status', 'dismissed');
  await shot(page, 'dismissed-pending');
});

test('overlay: open over the page, and full screen on a narrow screen', async ({ page }) => {
  await page.goto(shopPage({ mode: 'overlay', 'checkout-url': protocolPageUrl('look-overlay') }));
  await element(page).getByRole('button', { name: 'Pay with Waftpay' }).click();
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await expect(page).toHaveScreenshot('overlay.png');
  await page.setViewportSize({ width: 390, height: 760 });
  await expect(page).toHaveScreenshot('overlay-narrow.png');
});
