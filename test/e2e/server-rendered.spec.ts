import { expect, test, type Frame, type Page } from '@playwright/test';
import { frameAt, press } from './frames.js';
import {
  checkoutOrigin,
  checkoutUrl,
  merchantOrigin,
  protocolPageUrl,
  recordedEvents,
  successUrl,
  type RecordedEvent,
} from './origins.js';

// The shop's server renders the element with its frame (renderCheckoutMarkup from
// waftpay-checkout/server, see server-rendered-page.mjs): the hosted page on the checkout origin
// starts loading while the shop's HTML is parsed, and the element adopts that frame when its
// script arrives. The checkout origin counts how often it served each session's page.

function serverRendered(options: Record<string, string>): string {
  return `/server-rendered?${new URLSearchParams(options)}`;
}

/** What the checkout origin recorded for `session`: pages served and phone approvals. */
async function served(page: Page, session: string): Promise<{ loads: number; approvals: number }> {
  const response = await page.request.get(`${checkoutOrigin}/payments/${session}`);
  return response.json();
}

/** The script arrives now: the test page imports the drop-in and starts recording the events. */
async function scriptArrives(page: Page): Promise<void> {
  await page.evaluate(() => import(`${location.origin}/pages/record-page-events.js`));
}

const types = (events: RecordedEvent[]): string[] => events.map((event) => event.type);

test.describe('a server-rendered checkout', () => {
  test('the hosted page loads once, during the parse; one ready; the phone approves → one success', async ({
    page,
  }) => {
    const session = 'ssr-phone-1';
    await page.goto(serverRendered({ 'checkout-url': protocolPageUrl(session, { phone: '' }) }));
    const element = page.locator('waftpay-checkout');
    await expect(element).toHaveAttribute('status', 'pending');
    await page.request.post(`${checkoutOrigin}/payments/${session}/approve`);
    await expect(element).toHaveAttribute('status', 'success');
    await page.waitForTimeout(300); // anything late or doubled would arrive now
    expect(types(await recordedEvents(page))).toEqual([
      'waftpay-ready',
      'waftpay-pending',
      'waftpay-success',
    ]);
    expect(await served(page, session)).toEqual({ session, loads: 1, approvals: 1 });
    // The frame the server wrote is the one the element shows; it has none of its own.
    expect(await page.locator('waftpay-checkout > iframe').count()).toBe(0); // gone with the session
    expect(await element.evaluate((e) => e.shadowRoot!.querySelectorAll('iframe').length)).toBe(0);
  });

  test('the script arrives long after the hosted page loaded and said hello: the handshake completes, one load, one outcome', async ({
    page,
  }) => {
    const session = 'ssr-late-1';
    await page.goto(serverRendered({ 'checkout-url': protocolPageUrl(session), script: 'late' }));
    const hosted: Frame = await frameAt(page, `${checkoutOrigin}/hosted/`);
    // The host helper has run (and sent its hello, to nobody) and the page has loaded.
    await expect
      .poll(() => hosted.evaluate(() => 'merchant' in window && document.readyState === 'complete'))
      .toBe(true);
    expect(await page.evaluate(() => customElements.get('waftpay-checkout'))).toBeUndefined();

    await scriptArrives(page);
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
    expect(page.frames().filter((frame) => frame.url().startsWith(checkoutOrigin))).toHaveLength(1);
    await press(hosted, 'Pay');
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
    await page.waitForTimeout(300);
    const events = await recordedEvents(page);
    expect(types(events)).toEqual(['waftpay-ready', 'waftpay-success']);
    expect(events[1].result).toMatchObject({ checkoutReference: session, source: 'message' });
    expect((await served(page, session)).loads).toBe(1);
  });

  test('a hosted page that speaks no protocol, loaded before the script: ready, and the landing is the outcome', async ({
    page,
  }) => {
    await page.goto(
      serverRendered({
        'checkout-url': checkoutUrl('ssr-plain-1'),
        'success-redirect-url': successUrl,
        script: 'late',
      }),
    );
    const hosted = await frameAt(page, `${checkoutOrigin}/checkout/`);
    await expect.poll(() => hosted.evaluate(() => document.readyState)).toBe('complete');
    await scriptArrives(page);
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    await hosted.getByRole('button', { name: 'Pay' }).click();
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
    const events = await recordedEvents(page);
    expect(types(events)).toEqual(['waftpay-ready', 'waftpay-success']);
    expect(events[1].result).toMatchObject({ checkoutReference: 'ssr-plain-1', source: 'return-url' });
  });

  test('a shop that keeps no resource timings: a page loaded unseen is ready when the shop page has loaded', async ({
    page,
  }) => {
    const key = `ssr-hold-${Date.now()}`;
    await page.goto(
      serverRendered({
        'checkout-url': checkoutUrl('ssr-unseen-1'),
        script: 'late',
        'no-timings': '',
        hold: key,
      }),
      { waitUntil: 'domcontentloaded' },
    );
    const hosted = await frameAt(page, `${checkoutOrigin}/checkout/`);
    await expect.poll(() => hosted.evaluate(() => document.readyState)).toBe('complete');
    const frameTimings = () =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (entry) => entry.initiatorType === 'iframe',
      ).length;
    expect(await page.evaluate(() => document.readyState)).toBe('interactive');
    expect(await page.evaluate(frameTimings)).toBe(0);
    await scriptArrives(page);
    // Nothing says the frame has loaded yet: not its timing (none kept), not its load event (gone).
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'loading');
    await page.request.post(`${merchantOrigin}/release/${key}`);
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    expect(types(await recordedEvents(page))).toEqual(['waftpay-ready']);
  });

  test('the element defined before its frame is parsed (an async script) waits for it, and adopts it', async ({
    page,
  }) => {
    const session = 'ssr-split-1';
    const key = `ssr-split-${Date.now()}`;
    await page.goto(serverRendered({ 'checkout-url': protocolPageUrl(session), split: key }), {
      waitUntil: 'commit',
    });
    // The page so far ends with the element's start tag, and the drop-in has run.
    await expect
      .poll(() => page.evaluate(() => customElements.get('waftpay-checkout') !== undefined))
      .toBe(true);
    expect(
      await page.evaluate(() => [
        document.readyState,
        document.querySelector('waftpay-checkout')!.childElementCount,
      ]),
    ).toEqual(['loading', 0]);
    await page.request.post(`${merchantOrigin}/release/${key}`);
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    await press(await frameAt(page, `${checkoutOrigin}/hosted/`), 'Pay');
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
    expect(types(await recordedEvents(page))).toEqual(['waftpay-ready', 'waftpay-success']);
    expect((await served(page, session)).loads).toBe(1);
  });

  test('under a strict Content Security Policy: no violation, one load, one outcome', async ({ page }) => {
    const session = 'ssr-strict-1';
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Trusted Type/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(serverRendered({ 'checkout-url': protocolPageUrl(session), strict: '' }));
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    await press(await frameAt(page, `${checkoutOrigin}/hosted/`), 'Pay');
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
    expect(types(await recordedEvents(page))).toEqual(['waftpay-ready', 'waftpay-success']);
    expect((await served(page, session)).loads).toBe(1);
    expect(violations).toEqual([]);
  });
});

test.describe('a server-rendered checkout without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('offers a link to the checkout, and a frame that shows it', async ({ page }) => {
    const session = 'ssr-nojs-1';
    const url = protocolPageUrl(session);
    await page.goto(serverRendered({ 'checkout-url': url }));
    const link = page.getByRole('link', { name: 'Continue on the payment page' });
    await expect(link).toBeVisible();
    expect(await link.getAttribute('href')).toBe(url);
    const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
    await expect(hosted.getByRole('button', { name: 'Pay' })).toBeVisible();
    expect((await page.locator('waftpay-checkout > iframe').boundingBox())!.height).toBe(640);
    expect((await served(page, session)).loads).toBe(1);
  });
});
