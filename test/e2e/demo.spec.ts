import { expect, test, type Page } from '@playwright/test';
import { frameAt, press } from './frames.js';
import { intruderOrigin } from './origins.js';

// The whole flow, as `npm start` runs it: the storefront and shop server on 127.0.0.1, the Waftpay
// sandbox (API, hosted page, webhooks) on localhost.
const shop = `http://127.0.0.1:${process.env.DEMO_PORT ?? 4321}`;
const sandbox = `http://localhost:${Number(process.env.DEMO_PORT ?? 4321) + 1}`;

const modeLabels = {
  iframe: 'in the page (iframe)',
  overlay: 'over the page (overlay)',
  popup: 'in a new window (popup)',
  redirect: 'on its own page (redirect)',
};

async function pay(
  page: Page,
  options: { msisdn: string; mode?: keyof typeof modeLabels; expires?: string },
): Promise<string> {
  await page.goto(`${shop}/`);
  await page.getByLabel(modeLabels[options.mode ?? 'iframe']).check();
  await page.getByLabel('M-Pesa number').fill(options.msisdn);
  if (options.expires) {
    await page.locator('select[name="expires"]').evaluate((select: HTMLSelectElement, seconds) => {
      select.add(new Option(`in ${seconds} seconds`, seconds));
      select.value = seconds;
    }, options.expires);
  }
  await page.locator('#order').getByRole('button', { name: 'Pay with Waftpay' }).click();
  if (options.mode === 'redirect') return '';
  await expect(page.locator('#order-id')).toHaveText(/^ORDER-/);
  return (await page.locator('#order-id').textContent()) ?? '';
}

function events(page: Page): Promise<string[]> {
  return page
    .locator('#log li')
    .evaluateAll((items) =>
      items.map((item) => item.firstChild?.textContent?.split('  ')[1] ?? '').reverse(),
    );
}

test('iframe: send prompt, approve on the phone → pending then success in the page, order paid per webhook', async ({
  page,
}) => {
  await pay(page, { msisdn: '254712345678' });
  const frame = await frameAt(page, `${sandbox}/checkout/`);
  // Clicked by the page itself: the frame is still growing to its page's height, and a pointer
  // click aimed at a moving button can land beside it.
  await press(frame, 'Send payment prompt');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
  await press(frame, 'Approve on phone');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await expect(page.locator('#order-status')).toContainText(
    'paid KES 1750 (verified by the server, from Waftpay’s webhook',
  );
  const seen = (await events(page)).filter((type) => type.startsWith('waftpay-'));
  expect(seen).toEqual(['waftpay-ready', 'waftpay-pending', 'waftpay-success']);
  await expect(page.locator('#log')).toContainText('"source": "message"');
});

test('iframe: a test number pays by itself after a few seconds of pending', async ({ page }) => {
  await pay(page, { msisdn: '254700000004' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success', { timeout: 10_000 });
  await expect(page.locator('#order-status')).toContainText('verified by the server');
});

test('iframe: declined → failure in the page, order not paid per webhook', async ({ page }) => {
  await pay(page, { msisdn: '254700000002' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'failure');
  await expect(page.locator('#order-status')).toContainText(
    'not paid (verified by the server, from Waftpay’s webhook)',
  );
  await expect(page.locator('#log')).toContainText('"status": "FAILED"');
});

test('iframe: a session that is never answered expires, in the page and on the server', async ({ page }) => {
  test.setTimeout(40_000);
  await pay(page, { msisdn: '254700000003', expires: '10' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'expired', { timeout: 20_000 });
  await expect(page.locator('#order-status')).toContainText('expired unpaid (verified by the server', {
    timeout: 10_000,
  });
  const outcomes = (await events(page)).filter((type) => /success|failure|expired|cancel/.test(type));
  expect(outcomes).toEqual(['waftpay-expired']);
});

test('redirect: to the hosted page and back to the shop, which shows the verified order', async ({
  page,
}) => {
  await pay(page, { msisdn: '254700000001', mode: 'redirect' });
  await page.waitForURL(`${sandbox}/checkout/**`);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'SUCCESS');
  await page.waitForURL(`${shop}/return/success?**`);
  await expect(page.locator('#status')).toContainText('paid KES 1750 (verified by the server');
});

test('overlay: a test number pays inside the overlay; the order is verified', async ({ page }) => {
  await pay(page, { msisdn: '254700000001', mode: 'overlay' });
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await expect(page.getByRole('dialog')).toContainText('Payment complete.');
  await expect(page.locator('#order-status')).toContainText('verified by the server');
});

test('popup: the element’s own button opens the window in the click; paid there, verified here', async ({
  page,
  context,
}) => {
  await pay(page, { msisdn: '254700000001', mode: 'popup' });
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.locator('waftpay-checkout').getByRole('button', { name: 'Pay with Waftpay' }).click(),
  ]);
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await expect.poll(() => popup.isClosed()).toBe(true);
  await expect(page.locator('#order-status')).toContainText('verified by the server');
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
