import { expect, test, type Page } from '@playwright/test';
import { frameAt, press } from './frames.js';
import {
  checkoutOrigin,
  checkoutUrl,
  protocolPageUrl,
  recordedEvents,
  shopPage,
  successUrl,
} from './origins.js';

// Overlay and popup across two origins: the shop on 127.0.0.1, hosted pages on localhost.

const element = (page: Page) => page.locator('waftpay-checkout');

test.describe('overlay', () => {
  test('a keyboard walk: open, Tab into the hosted page, Shift-Tab back, Esc, focus back on the shop’s button', async ({
    page,
  }) => {
    await page.goto(shopPage({ mode: 'overlay', buy: '', 'checkout-url': protocolPageUrl('keys') }));
    const buy = page.getByRole('button', { name: 'Buy now' });
    await buy.focus();
    await page.keyboard.press('Enter');
    await expect(element(page)).toHaveAttribute('status', 'ready');
    const close = page.getByRole('button', { name: 'Close checkout' });
    await expect(close).toBeFocused();
    const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
    await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
    await page.keyboard.press('Tab');
    await expect(hosted.getByRole('button', { name: 'Pay' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(hosted.getByRole('button', { name: 'Decline' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(close).toBeFocused();
    // The page behind is inert while the overlay is open.
    expect(await buy.evaluate((button) => button.matches(':modal *') || !!button.closest('[inert]'))).toBe(
      false,
    );
    await page.keyboard.press('Escape');
    await expect(element(page)).toHaveAttribute('status', 'dismissed');
    await expect(buy).toBeFocused();
    expect((await recordedEvents(page)).map((e) => [e.type, e.pending])).toEqual([
      ['waftpay-ready', undefined],
      ['waftpay-dismiss', false],
    ]);
    expect(await page.evaluate(() => document.documentElement.style.overflow)).toBe('');
  });

  test('paying inside the overlay: one success, shown in the overlay until the customer closes it', async ({
    page,
  }) => {
    await page.goto(shopPage({ mode: 'overlay', 'checkout-url': protocolPageUrl('overlay-pay') }));
    await element(page).getByRole('button', { name: 'Pay with Waftpay' }).click();
    const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
    await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
    await press(hosted, 'Pay');
    await expect(element(page)).toHaveAttribute('status', 'success');
    await expect(page.getByRole('dialog')).toContainText('Payment complete.');
    await page.getByRole('button', { name: 'Close checkout' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    expect((await recordedEvents(page)).map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-success']);
  });
});

test.describe('popup', () => {
  test('a real window, paid in it: one success; the window closes', async ({ page, context }) => {
    await page.goto(shopPage({ mode: 'popup', 'checkout-url': protocolPageUrl('popup-pay') }));
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      element(page).getByRole('button', { name: 'Pay with Waftpay' }).click(),
    ]);
    await expect(popup.locator('body')).toHaveAttribute('data-connected', 'yes');
    await expect(element(page)).toContainText('Complete your payment in the Waftpay window.');
    await press(popup.mainFrame(), 'Pay');
    await expect(element(page)).toHaveAttribute('status', 'success');
    await expect.poll(() => popup.isClosed()).toBe(true);
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-success']);
    expect(events[1].result).toMatchObject({ source: 'message', checkoutReference: 'popup-pay' });
  });

  test('the customer closes the window early: waftpay-dismiss, and a way back', async ({ page, context }) => {
    await page.goto(shopPage({ mode: 'popup', 'checkout-url': protocolPageUrl('popup-close') }));
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      element(page).getByRole('button', { name: 'Pay with Waftpay' }).click(),
    ]);
    await expect(popup.locator('body')).toHaveAttribute('data-connected', 'yes');
    await popup.close();
    await expect(element(page)).toHaveAttribute('status', 'dismissed');
    await expect(element(page).getByRole('button', { name: 'Resume payment' })).toBeVisible();
    expect((await recordedEvents(page)).map((e) => [e.type, e.pending])).toEqual([
      ['waftpay-ready', undefined],
      ['waftpay-dismiss', false],
    ]);
  });

  test('a page that speaks no protocol: the window landing on the return URL ends the session', async ({
    page,
    context,
  }) => {
    await page.goto(
      shopPage({
        mode: 'popup',
        'checkout-url': checkoutUrl('popup-land'),
        'success-redirect-url': successUrl,
      }),
    );
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      element(page).getByRole('button', { name: 'Pay with Waftpay' }).click(),
    ]);
    await press(popup.mainFrame(), 'Pay');
    await expect(element(page)).toHaveAttribute('status', 'success');
    await expect.poll(() => popup.isClosed()).toBe(true);
    const events = await recordedEvents(page);
    expect(events.at(-1)).toMatchObject({
      type: 'waftpay-success',
      result: { source: 'return-url', checkoutReference: 'popup-land' },
    });
  });
});

test.describe('fallback', () => {
  test('a hosted page that refuses to be framed: popup and redirect are offered, and the popup pays', async ({
    page,
    context,
  }) => {
    await page.goto(
      shopPage({
        'checkout-url': protocolPageUrl('refused', { 'refuse-framing': '' }),
        'expect-handshake': '',
      }),
    );
    await expect(element(page)).toContainText('The payment page cannot be shown here.');
    const [fallback] = (await recordedEvents(page)).filter((e) => e.type === 'waftpay-fallback');
    expect([fallback.from, fallback.to, fallback.reason]).toEqual(['iframe', 'popup', 'no-handshake']);
    await expect(element(page).locator('iframe')).toHaveCount(0);
    await expect(element(page).getByRole('button', { name: 'Continue on the payment page' })).toBeVisible();
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      element(page).getByRole('button', { name: 'Open payment window' }).click(),
    ]);
    // The page's buttons exist before its script wires them: wait until it has connected.
    await expect(popup.locator('body')).toHaveAttribute('data-connected', 'yes');
    await press(popup.mainFrame(), 'Pay');
    await expect(element(page)).toHaveAttribute('status', 'success');
  });
});
