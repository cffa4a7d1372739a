import { expect, test, type Page } from '@playwright/test';
import {
  expireInSandbox,
  fillPayForm,
  newMsisdn,
  sandbox,
  sandboxState,
  shop,
  shopOrder,
  shopOrders,
  startPaying,
  timelineEvents,
} from './demo-shop.js';
import { frameAt, press } from './frames.js';
import { intruderOrigin } from './origins.js';
import { PageTime } from './page-time.js';

// The whole flow in every mode, as `npm start` runs it: what the page shows, and what the shop's
// server and the sandbox recorded.

test('iframe: send prompt, approve on the stand-in phone → pending then success in the page, order paid per webhook', async ({
  page,
}) => {
  const orderId = await startPaying(page, { msisdn: newMsisdn() });
  const frame = await frameAt(page, `${sandbox}/checkout/`);
  // Clicked by the page itself: the frame is still growing to its page's height, and a pointer
  // click aimed at a moving button can land beside it.
  await press(frame, 'Send payment prompt');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
  await press(frame, 'Approve on phone');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await expect(page.locator('#order-status')).toHaveText('Paid');
  await expect(page.locator('#order-detail')).toContainText(
    'KES 1,750 received, confirmed by the shop’s server from Waftpay’s webhook',
  );
  expect(await timelineEvents(page)).toEqual(['waftpay-ready', 'waftpay-pending', 'waftpay-success']);
  await expect(page.locator('#timeline')).toContainText('"source": "message"');
  const order = await shopOrder(page, orderId);
  expect(order).toMatchObject({ status: 'PAID', paidAmount: 1750, verifiedBy: 'webhook' });
  expect(new URL(page.url()).searchParams.get('order')).toBe(orderId);
  await expect(page.getByRole('button', { name: 'Paid · thank you' })).toBeDisabled();
});

test('iframe: a test number pays by itself after a few seconds of pending', async ({ page }) => {
  test.setTimeout(60_000);
  const orderId = await startPaying(page, { msisdn: '254700000004' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
  // Those seconds pass in the demo's sandbox, on its real clock, which the test cannot move; the
  // hosted page then learns it at its next question (at most 4 s later). Patience for both, and a
  // busy machine.
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success', { timeout: 30_000 });
  await expect(page.locator('#order-status')).toHaveText('Paid');
  expect((await shopOrder(page, orderId)).status).toBe('PAID');
});

test('iframe: declined → failure in the page, order not paid per webhook; a new order may be tried', async ({
  page,
}) => {
  const orderId = await startPaying(page, { msisdn: '254700000002' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'failure');
  await expect(page.locator('#order-status')).toHaveText('Not paid');
  await expect(page.locator('#order-detail')).toContainText('declined or cancelled');
  await expect(page.locator('#timeline')).toContainText('"status": "FAILED"');
  expect((await shopOrder(page, orderId)).status).toBe('FAILED');
  await expect(page.getByRole('button', { name: 'Try again · Pay KES 1,750' })).toBeEnabled();
});

test('iframe: a session that is never answered expires, in the page and on the server', async ({
  page,
  request,
}) => {
  const time = new PageTime(page);
  await time.install();
  const orderId = await startPaying(page, { msisdn: '254700000003' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
  // Its time runs out at Waftpay (the sandbox's helper, as its clock does at expires_at)…
  await expireInSandbox(request, (await shopOrder(page, orderId)).checkout?.checkoutUrl ?? '');
  // …and the hosted page hears it at its next question, the shop's page at its own: on the pages'
  // clock, moved on until they have.
  await expect
    .poll(time.advancing(() => page.locator('waftpay-checkout').getAttribute('status'), 8000))
    .toBe('expired');
  await expect
    .poll(time.advancing(async () => (await page.locator('#order-status').textContent())?.trim(), 8000))
    .toBe('Expired');
  const outcomes = (await timelineEvents(page)).filter((type) => /success|failure|expired|cancel/.test(type));
  expect(outcomes).toEqual(['waftpay-expired']);
  expect((await shopOrder(page, orderId)).status).toBe('EXPIRED');
});

test('redirect: to the hosted page and back; the return page shows the verified order and leads back to it', async ({
  page,
  request,
}) => {
  await startPaying(page, { msisdn: '254700000001', mode: 'redirect' });
  await page.waitForURL(`${sandbox}/checkout/**`);
  const checkoutUrl = page.url();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'SUCCESS');
  await page.waitForURL(`${shop}/return/success?**`);
  const orderId = new URL(page.url()).searchParams.get('order') ?? '';
  await expect(page.locator('#status')).toHaveText('Paid');
  await expect(page.locator('#detail')).toContainText('confirmed by the shop’s server');
  await page.getByRole('link', { name: 'Back to your order' }).click();
  await page.waitForURL(`${shop}/?order=${orderId}`);
  await expect(page.locator('#order-id')).toHaveText(orderId);
  await expect(page.locator('#order-status')).toHaveText('Paid');
  await expect(page.getByRole('button', { name: 'Paid · thank you' })).toBeDisabled();
  await expect(page.locator('#checkout')).toContainText('Nothing more to pay');
  expect((await shopOrder(page, orderId)).status).toBe('PAID');
  expect(await sandboxState(request, checkoutUrl)).toBe('succeeded');
});

test('overlay: a test number pays inside the overlay; the order is verified', async ({ page }) => {
  const orderId = await startPaying(page, { msisdn: '254700000001', mode: 'overlay' });
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await expect(page.getByRole('dialog')).toContainText('Payment complete.');
  await page.getByRole('button', { name: 'Close checkout' }).click();
  await expect(page.locator('#order-status')).toHaveText('Paid');
  expect((await shopOrder(page, orderId)).status).toBe('PAID');
});

test('popup: one click on Pay opens the window within it, on the element’s own page until the order is made, then the checkout; paid there, verified here', async ({
  page,
}) => {
  // The shop's server answers once the test has seen the window wait for it.
  let answer = (): void => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await page.route(`${shop}/api/orders`, async (route) => {
    await answered;
    await route.continue();
  });
  await fillPayForm(page, { msisdn: '254700000001', mode: 'popup' });
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Pay KES 1,750' }).click(),
  ]);
  await expect(popup.locator('body')).toHaveText('Preparing your checkout…');
  expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
  answer();
  await expect(page.locator('#order-id')).toHaveText(/^ORDER-/);
  const orderId = (await page.locator('#order-id').textContent()) ?? '';
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await expect.poll(() => popup.isClosed()).toBe(true);
  await expect(page.locator('#order-status')).toHaveText('Paid');
  expect((await shopOrder(page, orderId)).status).toBe('PAID');
  expect((await shopOrders(page)).map((order) => order.id)).toEqual([orderId]);
});

test('popup: a double click on Pay is one window and one order', async ({ page, context }) => {
  await fillPayForm(page, { msisdn: newMsisdn(), mode: 'popup' });
  const windows: Page[] = [];
  context.on('page', (opened) => windows.push(opened));
  await page.getByRole('button', { name: 'Pay KES 1,750' }).dblclick();
  await expect(page.locator('#order-id')).toHaveText(/^ORDER-/);
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
  expect(windows).toHaveLength(1);
  expect(await windows[0].evaluate(() => location.origin)).toBe(sandbox);
  expect((await shopOrders(page)).map((order) => order.status)).toEqual(['CREATED']);
});

test('the hosted page refuses to be framed by a site that is not the merchant', async ({ page, request }) => {
  const order = await request.post(`${shop}/api/orders`, {
    data: { mode: 'iframe', msisdn: '254712345678' },
  });
  const { checkoutUrl } = (await order.json()) as { checkoutUrl: string };
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('frame-ancestors')) refusals.push(message.text());
  });
  await page.goto(`${intruderOrigin}/intruder/framer.html?src=${encodeURIComponent(checkoutUrl)}`);
  await expect.poll(() => refusals.length).toBeGreaterThan(0);
  const framed = page.frames().find((frame) => frame !== page.mainFrame());
  expect(framed?.url()).not.toBe(checkoutUrl);
  // The same page, framed by the merchant's own origin, loads (the other tests).
});

test('the shop’s pages carry its policy: nothing of theirs is refused, and no other site may frame them', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const refused: string[] = [];
    (window as unknown as { refused: string[] }).refused = refused;
    document.addEventListener('securitypolicyviolation', (event) =>
      refused.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  const refused = () => page.evaluate(() => (window as unknown as { refused: string[] }).refused);
  for (const [path, pay] of [
    ['/', 'Pay KES 1,750'],
    ['/demo/react/', 'Pay with Waftpay'],
    ['/demo/vue/', 'Pay with Waftpay'],
  ]) {
    const response = await page.goto(`${shop}${path}`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
    await expect(page.getByRole('button', { name: pay })).toBeEnabled();
    expect(await refused(), path).toEqual([]);
  }
  // Paid in a frame of the hosted page, which lands on the shop's return page inside it.
  const orderId = await startPaying(page, { msisdn: '254700000001' });
  await expect(page.locator('#order-status')).toHaveText('Paid');
  expect((await shopOrder(page, orderId)).status).toBe('PAID');
  expect(await refused()).toEqual([]);
  const framing: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('frame-ancestors')) framing.push(message.text());
  });
  await page.goto(`${intruderOrigin}/intruder/framer.html?src=${encodeURIComponent(`${shop}/`)}`);
  await expect.poll(() => framing.length).toBeGreaterThan(0);
});
