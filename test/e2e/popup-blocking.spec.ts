import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, findChromium } from '../../scripts/chromium.mjs';
import { protocolPageUrl, recordedEvents, shopPage } from './origins.js';

// A browser that blocks popups opened without a click (Playwright turns blocking off by default).
test.use({
  launchOptions: {
    executablePath: findChromium(),
    args: chromiumArgs,
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  },
});

const element = (page: Page) => page.locator('waftpay-checkout');

test('open() outside a click is blocked: an error, a fallback, and a button that works because it is a click', async ({
  page,
  context,
}) => {
  // The page calls open() as it loads: no click. (Not from page.evaluate(), which Playwright runs
  // as a user gesture, nor from a timer, which may fire after an assertion's gesture.)
  await page.goto(shopPage({ mode: 'popup', 'checkout-url': protocolPageUrl('blocked'), 'auto-open': '0' }));
  await expect(element(page)).toHaveAttribute('status', 'error');
  const events = await recordedEvents(page);
  expect(events.map((e) => [e.type, e.code ?? e.reason])).toEqual([
    ['waftpay-error', 'popup-blocked'],
    ['waftpay-fallback', 'popup-blocked'],
  ]);
  expect(context.pages()).toHaveLength(1);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    element(page).getByRole('button', { name: 'Open payment window' }).click(),
  ]);
  await expect(popup.locator('body')).toHaveAttribute('data-connected', 'yes');
  await expect(element(page)).toHaveAttribute('status', 'ready');
});
