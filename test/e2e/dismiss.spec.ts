import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { frameAt, press } from './frames.js';
import { checkoutOrigin, protocolPageUrl, recordedEvents, shopPage } from './origins.js';

// A dismissal is not a cancellation: the customer closes the overlay or the popup while the
// payment prompt waits on their phone, and may still approve it there. The shop on 127.0.0.1;
// the hosted page, and its server's record of the payment (payments.mjs), on localhost.

const element = (page: Page) => page.locator('waftpay-checkout');
const stillGoesThrough =
  'If you approve the prompt on your phone, the payment still goes through and the shop will confirm it.';

/** A session name of its own for each run: the test server outlives runs when it is reused. */
const unique = (name: string): string => `${name}-${Date.now().toString(36)}`;

interface PaymentRecord {
  session: string;
  approvals: number;
  /** How many times the session's hosted page was served. */
  loads: number;
}

async function recorded(request: APIRequestContext, session: string): Promise<PaymentRecord> {
  return (await request.get(`${checkoutOrigin}/payments/${session}`)).json() as Promise<PaymentRecord>;
}

/** The customer approves the prompt on their phone (the hosted page learns it from its server). */
async function approveOnPhone(request: APIRequestContext, session: string): Promise<void> {
  expect((await request.post(`${checkoutOrigin}/payments/${session}/approve`)).ok()).toBe(true);
}

test.describe('overlay', () => {
  test('dismissed while pending, then approved on the phone: the hidden page reports the one success', async ({
    page,
    request,
  }) => {
    const session = unique('overlay-phone');
    await page.goto(
      shopPage({ mode: 'overlay', buy: '', 'checkout-url': protocolPageUrl(session, { phone: '' }) }),
    );
    await page.getByRole('button', { name: 'Buy now' }).click();
    await expect(element(page)).toHaveAttribute('status', 'pending');
    await page.keyboard.press('Escape');
    await expect(element(page)).toHaveAttribute('status', 'dismissed');
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(element(page)).toContainText(stillGoesThrough);
    await expect(element(page).getByRole('button', { name: 'Resume payment' })).toBeVisible();

    await approveOnPhone(request, session);
    await expect(element(page)).toHaveAttribute('status', 'success');
    await expect(element(page)).toContainText('Payment complete.');
    await expect(page.getByRole('dialog')).toBeHidden();
    const events = await recordedEvents(page);
    expect(events.map((e) => [e.type, e.pending])).toEqual([
      ['waftpay-ready', undefined],
      ['waftpay-pending', undefined],
      ['waftpay-dismiss', true],
      ['waftpay-success', undefined],
    ]);
    expect(events.at(-1)?.result).toMatchObject({ source: 'message', checkoutReference: session });
    // One approval, and the page was served once: it stayed loaded while hidden.
    expect(await recorded(request, session)).toEqual({ session, approvals: 1, loads: 1 });
  });

  test('dismissed, resumed, paid: one session, one outcome, the same checkout-url', async ({
    page,
    request,
  }) => {
    const session = unique('overlay-resume');
    const url = protocolPageUrl(session);
    await page.goto(shopPage({ mode: 'overlay', 'checkout-url': url }));
    await element(page).getByRole('button', { name: 'Pay with Waftpay' }).click();
    const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
    await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
    await page.getByRole('button', { name: 'Close checkout' }).click();
    await expect(element(page)).toHaveAttribute('status', 'dismissed');
    await expect(element(page)).toContainText('Checkout closed before the payment was finished.');

    await element(page).getByRole('button', { name: 'Resume payment' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expect(element(page)).toHaveAttribute('status', 'ready');
    const frames = page.frames().filter((frame) => frame.url().startsWith(`${checkoutOrigin}/hosted/`));
    expect(frames.map((frame) => frame.url())).toEqual([url]);
    await press(hosted, 'Pay');
    await expect(element(page)).toHaveAttribute('status', 'success');
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-dismiss', 'waftpay-success']);
    expect(events.at(-1)?.result).toMatchObject({ checkoutReference: session });
    expect(await recorded(request, session)).toMatchObject({ loads: 1 });
  });
});

test.describe('popup', () => {
  test('closed while pending: waftpay-dismiss; resuming opens the same URL, and the phone’s approval ends it once', async ({
    page,
    context,
    request,
  }) => {
    const session = unique('popup-phone');
    const url = protocolPageUrl(session, { phone: '' });
    await page.goto(shopPage({ mode: 'popup', 'checkout-url': url }));
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      element(page).getByRole('button', { name: 'Pay with Waftpay' }).click(),
    ]);
    await popup.waitForURL(url);
    await expect(element(page)).toHaveAttribute('status', 'pending');
    await popup.close();
    await expect(element(page)).toHaveAttribute('status', 'dismissed');
    await expect(element(page)).toContainText(stillGoesThrough);
    expect((await recordedEvents(page)).at(-1)).toMatchObject({ type: 'waftpay-dismiss', pending: true });

    const [again] = await Promise.all([
      context.waitForEvent('page'),
      element(page).getByRole('button', { name: 'Resume payment' }).click(),
    ]);
    await again.waitForURL(url);
    await expect(element(page)).toHaveAttribute('status', 'pending');
    await approveOnPhone(request, session);
    await expect(element(page)).toHaveAttribute('status', 'success');
    await expect.poll(() => again.isClosed()).toBe(true);
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual([
      'waftpay-ready',
      'waftpay-pending',
      'waftpay-dismiss',
      'waftpay-pending',
      'waftpay-success',
    ]);
    // The same session, served twice (two windows), approved once.
    expect(await recorded(request, session)).toEqual({ session, approvals: 1, loads: 2 });
  });
});
