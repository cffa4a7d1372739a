import { expect, test } from '@playwright/test';
import { checkoutOrigin, checkoutUrl, failUrl, recordedEvents, shopPage, successUrl } from './origins.js';

// The shop (127.0.0.1) embeds a hosted page on another origin (localhost) that speaks no
// protocol: the element learns the outcome only from the frame landing on a return URL.

test.describe('iframe mode with a hosted page that speaks no protocol', () => {
  test('paying in the frame → exactly one waftpay-success with the references', async ({ page }) => {
    await page.goto(
      shopPage({
        'checkout-url': checkoutUrl('OTRkN2I2YTQ'),
        'success-redirect-url': successUrl,
        'fail-redirect-url': failUrl,
      }),
    );
    const frame = page.frameLocator('waftpay-checkout iframe');
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    expect(page.frames().some((f) => f.url().startsWith(checkoutOrigin))).toBe(true);
    await frame.getByRole('button', { name: 'Pay' }).click();

    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
    await page.waitForTimeout(300); // anything late or doubled would arrive now
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-success']);
    expect(events[1].result).toEqual({
      status: 'SUCCESS',
      source: 'return-url',
      checkoutReference: 'OTRkN2I2YTQ',
      amount: 1750,
      currency: 'KES',
    });
    await expect(page.locator('waftpay-checkout iframe')).toHaveCount(0);
    expect(page.url()).toContain('/pages/checkout.html');
  });

  test('declining in the frame → exactly one waftpay-failure', async ({ page }) => {
    await page.goto(
      shopPage({
        'checkout-url': checkoutUrl('declined1'),
        'success-redirect-url': successUrl,
        'fail-redirect-url': failUrl,
      }),
    );
    await page.frameLocator('waftpay-checkout iframe').getByRole('button', { name: 'Decline' }).click();
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'failure');
    await page.waitForTimeout(300);
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-failure']);
    expect(events[1].result).toMatchObject({ status: 'FAILED', checkoutReference: 'declined1' });
  });

  test('the frame is cross-origin and sandboxed; the shop cannot read it until it lands', async ({
    page,
  }) => {
    await page.goto(shopPage({ 'checkout-url': checkoutUrl('xo1'), 'success-redirect-url': successUrl }));
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    const readable = await page.evaluate(() => {
      const frame = document.querySelector('waftpay-checkout')!.shadowRoot!.querySelector('iframe')!;
      try {
        return frame.contentWindow!.location.href;
      } catch {
        return 'hidden';
      }
    });
    expect(readable).toBe('hidden');
  });
});

test.describe('redirect mode', () => {
  test('navigates the top window to the hosted page, and the shop gets the customer back', async ({
    page,
  }) => {
    const url = checkoutUrl('redirect1');
    await page.goto(shopPage({ mode: 'redirect', 'checkout-url': url }));
    await page.waitForURL(url);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL((current) => current.href.startsWith(successUrl));
    expect(new URL(page.url()).searchParams.get('checkout_reference')).toBe('redirect1');
  });

  test('a bad checkout-url never navigates', async ({ page }) => {
    const navigations: string[] = [];
    await page.goto(shopPage({ mode: 'redirect', 'checkout-url': 'javascript:alert(document.domain)' }));
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    page.on('dialog', (dialog) => navigations.push(`dialog: ${dialog.message()}`));
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'error');
    await page.waitForTimeout(300);
    expect(navigations).toEqual([]);
    const events = await recordedEvents(page);
    expect(events).toEqual([{ type: 'waftpay-error', code: 'invalid-checkout-url' }]);
  });

  test('a vetoed redirect stays on the shop', async ({ page }) => {
    await page.addInitScript(() =>
      document.addEventListener('waftpay-redirect', (event) => event.preventDefault()),
    );
    await page.goto(shopPage({ mode: 'redirect', 'checkout-url': checkoutUrl('veto1') }));
    await expect
      .poll(async () => (await recordedEvents(page)).map((e) => e.type))
      .toEqual(['waftpay-redirect']);
    // The redirect was heard and vetoed: then no navigation follows.
    await page.waitForTimeout(300);
    expect(page.url()).toContain('/pages/checkout.html');
    expect((await recordedEvents(page)).map((e) => e.type)).toEqual(['waftpay-redirect']);
  });

  test('a listener in a module script after the markup still hears (and can veto) the redirect', async ({
    page,
  }) => {
    await page.goto('/pages/redirect-markup.html');
    const heard = [{ type: 'waftpay-redirect', url: `${checkoutOrigin}/checkout/markup1` }];
    await expect.poll(() => recordedEvents(page)).toEqual(heard);
    // Heard and vetoed: then no navigation follows.
    await page.waitForTimeout(300);
    expect(page.url()).toContain('/pages/redirect-markup.html');
    expect(await recordedEvents(page)).toEqual(heard);
  });
});
