import { expect, test, type Page } from '@playwright/test';

// The React (StrictMode) and Vue demo apps, against the sandbox, as `npm start` serves them. Each
// press of Pay puts the element in the page, and the element asks for the order (createSession).
const shop = `http://127.0.0.1:${process.env.DEMO_PORT ?? 4321}`;
const sandbox = `http://localhost:${Number(process.env.DEMO_PORT ?? 4321) + 1}`;

for (const framework of ['react', 'vue'] as const) {
  test.describe(`${framework} demo app`, () => {
    /** Counts the hosted page's document loads: one session shows one page. */
    function countHostedPageLoads(page: Page): () => number {
      let loads = 0;
      page.on('request', (request) => {
        if (request.isNavigationRequest() && request.url().startsWith(`${sandbox}/checkout/`)) loads++;
      });
      return () => loads;
    }

    async function pay(page: Page, msisdn: string): Promise<void> {
      await page.goto(`${shop}/demo/${framework}/`);
      await page.getByLabel('M-Pesa number').fill(msisdn);
      await page.getByRole('button', { name: 'Pay with Waftpay' }).click();
    }

    const events = (page: Page) => page.locator('#events li').allTextContents();

    test('pay: the framework hears pending, then one success; one frame, one page load; the server verifies', async ({
      page,
    }) => {
      test.setTimeout(60_000);
      const loads = countHostedPageLoads(page);
      await pay(page, '254700000004');
      await expect(page.locator('#events')).toContainText('pending: Approve the payment on your phone');
      expect(await page.locator('waftpay-checkout').count()).toBe(1);
      expect(await page.locator('waftpay-checkout iframe').count()).toBe(1);
      // A test number, approved after a few seconds in the demo's sandbox, on its real clock, which
      // the test cannot move; the hosted page learns it at its next question (at most 4 s later).
      await expect(page.locator('#events')).toContainText('success: SUCCESS (message)', { timeout: 30_000 });
      await expect(page.locator('#order-status')).toHaveText('Paid');
      await expect(page.locator('#order-detail')).toContainText('confirmed by the shop’s server');
      await expect(page.getByRole('button', { name: 'Paid · thank you' })).toBeDisabled();
      await page.waitForTimeout(300);
      expect(await events(page)).toEqual([
        'ready',
        'pending: Approve the payment on your phone',
        'success: SUCCESS (message)',
      ]);
      expect(loads()).toBe(1);
      // The element asked for the order itself, once (under React's StrictMode too): one order.
      const { orders } = (await (await page.request.get(`${shop}/api/orders`)).json()) as {
        orders: Array<{ status: string }>;
      };
      expect(orders.map((order) => order.status)).toEqual(['PAID']);
    });

    test('an invalid number: the shop’s words on the page, no uncaught error, no order', async ({ page }) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await pay(page, '0712');
      await expect(page.getByRole('alert')).toHaveText(
        'Enter your M-Pesa number as 12 digits, like 254712345678.',
      );
      await expect(page.getByRole('button', { name: 'Pay with Waftpay' })).toBeEnabled();
      expect(
        ((await (await page.request.get(`${shop}/api/orders`)).json()) as { orders: [] }).orders,
      ).toEqual([]);
      expect(errors).toEqual([]);
    });

    test('reload mid-payment: the same order and checkout, from the address; no second order', async ({
      page,
    }) => {
      const loads = countHostedPageLoads(page);
      await pay(page, '254700000003');
      await expect(page.locator('#events')).toContainText('pending');
      const orderId = (await page.locator('#order-id').textContent()) ?? '';
      expect(new URL(page.url()).searchParams.get('order')).toBe(orderId);
      const checkoutUrl = page
        .frames()
        .find((frame) => frame.url().startsWith(`${sandbox}/checkout/`))
        ?.url();
      await page.reload();
      await expect(page.locator('#order-id')).toHaveText(orderId);
      await expect(page.locator('#order-status')).toHaveText('Awaiting payment');
      await expect(page.locator('#events')).toContainText('pending');
      expect(
        page
          .frames()
          .find((frame) => frame.url().startsWith(`${sandbox}/checkout/`))
          ?.url(),
      ).toBe(checkoutUrl);
      await expect(page.getByRole('button', { name: 'Pay with Waftpay' })).toBeDisabled();
      expect(loads()).toBe(2);
      const { orders } = (await (await page.request.get(`${shop}/api/orders`)).json()) as {
        orders: Array<{ id: string }>;
      };
      expect(orders.map((order) => order.id)).toEqual([orderId]);
    });

    test('unmount mid-session: the frame and the channel go, and no late event arrives', async ({ page }) => {
      await pay(page, '254700000003');
      await expect(page.locator('#events')).toContainText('pending');
      const before = await events(page);
      await page.getByRole('button', { name: 'Remove the checkout' }).click();
      await expect(page.locator('waftpay-checkout')).toHaveCount(0);
      // The hosted page's pagehide handler runs as its frame goes, so the frame is gone a moment later.
      await expect
        .poll(() => page.frames().filter((frame) => frame.url().startsWith(sandbox)))
        .toHaveLength(0);
      await page.waitForTimeout(1500);
      expect(await events(page)).toEqual(before);
    });
  });
}
