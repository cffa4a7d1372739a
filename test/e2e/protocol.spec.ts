import { expect, test, type Frame, type Page } from '@playwright/test';
import { press } from './frames.js';
import {
  checkoutOrigin,
  intruderOrigin,
  merchantOrigin,
  protocolPageUrl,
  recordedEvents,
  shopPage,
} from './origins.js';

// The shop (127.0.0.1) embeds a hosted page on another origin (localhost) that speaks the
// protocol through the host helper.

function checkoutFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate.url().startsWith(`${checkoutOrigin}/hosted/`));
  if (!frame) throw new Error('no checkout frame');
  return frame;
}

async function openShop(
  page: Page,
  session: string,
  attributes: Record<string, string> = {},
): Promise<Frame> {
  await page.goto(shopPage({ 'checkout-url': protocolPageUrl(session), ...attributes }));
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
  const frame = checkoutFrame(page);
  await expect(frame.locator('body')).toHaveAttribute('data-connected', 'yes');
  return frame;
}

test.describe('the protocol across two origins', () => {
  test('pay → exactly one waftpay-success from the message, with the result', async ({ page }) => {
    const frame = await openShop(page, 'pay1');
    await press(frame, 'Pay');
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
    await page.waitForTimeout(300);
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-success']);
    expect(events[1].result).toEqual({
      status: 'SUCCESS',
      source: 'message',
      checkoutReference: 'pay1',
      amount: 1750,
      currency: 'KES',
    });
  });

  test('prompt, then decline → pending, then failure', async ({ page }) => {
    const frame = await openShop(page, 'decline1');
    await frame.getByRole('button', { name: 'Send prompt' }).click();
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
    await press(frame, 'Decline');
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'failure');
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-pending', 'waftpay-failure']);
    expect(events[1].info).toEqual({ message: 'Approve on your phone' });
    expect(events[2].result).toMatchObject({ status: 'FAILED', source: 'message' });
  });

  test('cancel on the page → waftpay-cancel (customer)', async ({ page }) => {
    const frame = await openShop(page, 'cancel1');
    await press(frame, 'Cancel');
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'cancelled');
    const events = await recordedEvents(page);
    expect(events.at(-1)).toMatchObject({ type: 'waftpay-cancel', reason: 'customer' });
  });

  test('the frame takes the page’s height and follows it', async ({ page }) => {
    const frame = await openShop(page, 'height1');
    const iframe = page.locator('waftpay-checkout iframe');
    const pageHeight = () =>
      frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    await expect.poll(async () => (await iframe.boundingBox())?.height).toBe(await pageHeight());
    await frame.getByRole('button', { name: 'Show details' }).click();
    await expect.poll(async () => (await iframe.boundingBox())?.height).toBe(await pageHeight());
    expect(await frame.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(
      true,
    );
  });

  test('a new checkout-url drops the old session: its late messages never become events', async ({
    page,
  }) => {
    const old = await openShop(page, 'old');
    // Its success, said as its frame is taken away: after the change, however slow the machine.
    await old.evaluate(() => {
      const { merchant } = window as unknown as { merchant: { succeed(r: object): void } };
      addEventListener('pagehide', () => merchant.succeed({ checkoutReference: 'OLD' }));
    });
    await page.evaluate(
      (url) => document.querySelector('waftpay-checkout')!.setAttribute('checkout-url', url),
      protocolPageUrl('new'),
    );
    // The old session's frame goes with it (what its page says as it goes is no event); the new
    // one is shown.
    await expect.poll(() => old.isDetached()).toBe(true);
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    await page.waitForTimeout(300);
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-ready']);
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
  });
});

test.describe('security across real origins', () => {
  test('every postMessage on either side names a concrete origin, and nothing arrives unannounced', async ({
    page,
  }) => {
    const sends: Array<{ side: 'merchant' | 'checkout'; type: string; target: string }> = [];
    page.on('console', (message) => {
      const sent = /^(<waftpay-checkout>|\[waftpay-checkout\/host\]) sent (\w+) to (\S+)$/.exec(
        message.text(),
      );
      if (sent)
        sends.push({
          side: sent[1].startsWith('<') ? 'merchant' : 'checkout',
          type: sent[2],
          target: sent[3],
        });
    });
    // Both windows record every message of the protocol they receive through window.postMessage.
    await page.addInitScript(() => {
      const received: Array<{ origin: string; type: string }> = [];
      (window as unknown as { received: typeof received }).received = received;
      window.addEventListener(
        'message',
        (event) => {
          if (event.data?.protocol === 'waftpay-checkout')
            received.push({ origin: event.origin, type: event.data.type });
        },
        true,
      );
    });
    const frame = await openShop(page, 'audit', { debug: '' });
    await frame.getByRole('button', { name: 'Send prompt' }).click();
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');

    const atMerchant: Array<{ origin: string; type: string }> = await page.evaluate(
      () => (window as never as { received: [] }).received,
    );
    const atCheckout: Array<{ origin: string; type: string }> = await frame.evaluate(
      () => (window as never as { received: [] }).received,
    );

    expect(sends.filter((s) => s.side === 'merchant').length).toBeGreaterThan(0);
    expect(sends.filter((s) => s.side === 'checkout').length).toBeGreaterThan(0);
    for (const send of sends) {
      expect(send.target).not.toBe('*');
      expect(send.target).toBe(send.side === 'merchant' ? checkoutOrigin : merchantOrigin);
    }
    // Each side received no more of any kind than the other side announced sending to it.
    for (const [received, from, origin] of [
      [atMerchant, 'checkout', checkoutOrigin],
      [atCheckout, 'merchant', merchantOrigin],
    ] as const) {
      expect(received.length).toBeGreaterThan(0);
      for (const { origin: sender } of received) expect(sender).toBe(origin);
      for (const type of new Set(received.map((r) => r.type))) {
        const got = received.filter((r) => r.type === type).length;
        const announced = sends.filter((s) => s.side === from && s.type === type).length;
        expect(got, `${type} received from ${from}`).toBeLessThanOrEqual(announced);
      }
    }
  });

  test('the host helper embedded by a site outside merchantOrigins: no handshake, nothing sent', async ({
    page,
  }) => {
    const logs: string[] = [];
    page.on('console', (message) => logs.push(message.text()));
    await page.goto(`${intruderOrigin}/intruder/embedder.html`);
    await expect
      .poll(() => page.evaluate(() => (window as never as { handshake?: string }).handshake))
      .toBe('refused');
    expect(await page.evaluate(() => (window as never as { received: unknown[] }).received)).toEqual([]);
    expect(logs.some((line) => line.includes('not in merchantOrigins; staying silent'))).toBe(true);
    expect(logs.some((line) => line.includes('[waftpay-checkout/host] sent'))).toBe(false);
  });

  test('a popup opened by a site outside merchantOrigins hears nothing, and no handshake happens', async ({
    page,
    context,
  }) => {
    const logs: string[] = [];
    context.on('console', (message) => logs.push(message.text()));
    await page.goto(`${intruderOrigin}/intruder/popup-opener.html`);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open checkout' }).click(),
    ]);
    await expect(popup.locator('#pay')).toBeVisible();
    await expect
      .poll(() => page.evaluate(() => (window as never as { handshake?: string }).handshake))
      .toBe('refused');
    // The helper did say hello, addressed to the merchant's origin; the browser delivered nothing here.
    expect(logs).toContain(`[waftpay-checkout/host] sent hello to ${merchantOrigin}`);
    expect(await page.evaluate(() => (window as never as { received: unknown[] }).received)).toEqual([]);
  });

  test('a checkout-url on an origin outside allowed-origins: no channel, and that page hears nothing', async ({
    page,
  }) => {
    await page.goto(
      shopPage({
        'checkout-url': `${intruderOrigin}/intruder/eavesdropper.html`,
        'allowed-origins': checkoutOrigin,
      }),
    );
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    await page.waitForTimeout(300);
    const eavesdropper = page.frames().find((f) => f.url().startsWith(intruderOrigin))!;
    expect(await eavesdropper.evaluate(() => (window as never as { received: unknown[] }).received)).toEqual(
      [],
    );
  });
});
