import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../../demo/merchant/demo.js';
import { newMsisdn, shop, shopOrders, startPaying } from './demo-shop.js';

// The storefront when things go wrong, or when the customer is quick: words for the customer,
// nothing half-made on the server, one order however often Pay is pressed.

/** A port nothing listens on: Waftpay, down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('Waftpay down: the customer reads the 503’s words, nothing was made or charged, and may try again', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const demo = await startDemo({
    port: 0,
    sandboxPort: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'waftpay-demo-down-')),
    waftpayBaseUrl: `http://127.0.0.1:${await deadPort()}/api`,
    log: () => undefined,
    // Beside the demo the other tests use: a dependency cache of its own.
    viteCacheDir: mkdtempSync(join(tmpdir(), 'waftpay-demo-down-vite-')),
  });
  try {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const replies: number[] = [];
    page.on('response', (response) => {
      if (response.url() === `${demo.shop.url}/api/orders`) replies.push(response.status());
    });
    await page.goto(`${demo.shop.url}/`);
    await page.getByLabel('M-Pesa number').fill('254712345678');
    await page.getByRole('button', { name: 'Pay KES 1,750' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'Waftpay cannot be reached. Nothing was charged. Try again.',
    );
    expect(replies).toEqual([503]);
    await expect(page.getByRole('button', { name: 'Pay KES 1,750' })).toBeEnabled();
    await expect(page.getByLabel('M-Pesa number')).toBeEnabled();
    await expect(page.locator('#order-card')).toBeHidden();
    expect(new URL(page.url()).searchParams.has('order')).toBe(false);
    // Nothing half-made: no order in the shop's database, none for this browser.
    expect(await demo.shop.orders.count()).toBe(0);
    expect(
      ((await (await page.request.get(`${demo.shop.url}/api/orders`)).json()) as { orders: [] }).orders,
    ).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await demo.close();
  }
});

test('wrong input: the server’s words for the customer, and no order', async ({ page }) => {
  await page.goto(`${shop}/`);
  await page.getByLabel('M-Pesa number').fill('0712 345');
  await page.getByRole('button', { name: 'Pay KES 1,750' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Enter your M-Pesa number as 12 digits, like 254712345678.',
  );
  // A tampered expiry (not one of the list's) is refused in words too, not with the field's name.
  await page.getByLabel('M-Pesa number').fill('254712345678');
  await page.locator('select[name="expires"]').evaluate((select: HTMLSelectElement) => {
    select.add(new Option('5 seconds', '5'));
    select.value = '5';
  });
  await page.getByRole('button', { name: 'Pay KES 1,750' }).click();
  await expect(page.getByRole('alert')).toHaveText('Choose how long the payment may take from the list.');
  expect(await shopOrders(page)).toEqual([]);
});

test('Pay pressed again while the order is being made: one order; the button disabled while it is made and while it is open', async ({
  page,
}) => {
  await page.goto(`${shop}/`);
  // A slow shop server: the order's request waits until the test has seen the customer press again
  // while it works (later requests go straight through).
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`${shop}/api/orders`, async (route) => {
    await released;
    await route.continue();
  });
  await page.getByLabel('M-Pesa number').fill(newMsisdn());
  const submitTwice = page.locator('#pay-form').evaluate((form: HTMLFormElement) => {
    form.requestSubmit();
    form.requestSubmit();
  });
  await submitTwice;
  await expect(page.getByRole('button', { name: 'Starting your checkout…' })).toBeDisabled();
  await expect(page.getByLabel('M-Pesa number')).toBeDisabled();
  release();
  await expect(page.locator('#order-id')).toHaveText(/^ORDER-/);
  await expect(page.getByRole('button', { name: 'Payment in progress' })).toBeDisabled();
  await page.locator('#pay-form').evaluate((form: HTMLFormElement) => form.requestSubmit());
  await page.waitForTimeout(1200);
  const orders = await shopOrders(page);
  expect(orders).toHaveLength(1);
  expect(orders[0].status).toBe('CREATED');
});

test('at 360 px: nothing wider than the screen, and the checkout is scrolled into view after Pay', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await startPaying(page, { msisdn: '254700000003' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
  const checkout = page.locator('.card.checkout');
  await expect
    .poll(async () => {
      const box = await checkout.boundingBox();
      return box !== null && box.y >= 0 && box.y < 740 / 2;
    })
    .toBe(true);
  const widest = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(widest).toBeLessThanOrEqual(360);
});

test('at 1280×900: the checkout is in view after Pay, its hosted page above the fold', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await startPaying(page, { msisdn: '254700000003' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'pending');
  await expect
    .poll(async () => {
      const card = await page.locator('.card.checkout').boundingBox();
      const frame = await page.locator('waftpay-checkout iframe').boundingBox();
      return card !== null && card.y >= 0 && card.y < 900 / 2 && frame !== null && frame.y < 900;
    })
    .toBe(true);
});
