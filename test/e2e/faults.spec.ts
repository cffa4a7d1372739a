import { expect, test, type Page } from '@playwright/test';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { frameAt, press } from './frames.js';
import { checkoutOrigin, merchantOrigin, protocolPageUrl, recordedEvents, shopPage } from './origins.js';

// Faults: the hosted page's server down, hanging, slow or reloading; a sleeping tab; the
// element moved; many elements on one page.

const element = (page: Page) => page.locator('waftpay-checkout');
const types = async (page: Page) => (await recordedEvents(page)).map((event) => event.type);

/** The checkout origin behind a switch: down (refusing connections), hanging, or up. */
class FlakyCheckout {
  state: 'down' | 'hang' | 'up' = 'down';
  readonly #server: Server;
  port = 0;

  constructor() {
    this.#server = createServer((incoming, outgoing) => {
      if (this.state === 'hang') return;
      const upstream = new URL(incoming.url ?? '/', checkoutOrigin);
      const proxied = forward(
        upstream,
        { method: incoming.method, headers: { ...incoming.headers, host: upstream.host } },
        (reply) => {
          outgoing.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(outgoing);
        },
      );
      incoming.pipe(proxied);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((done) => this.#server.listen(0, 'localhost', done));
    this.port = (this.#server.address() as AddressInfo).port;
    if (this.state === 'down') await this.stop();
  }

  /** Refuses connections from now on (the port stays reserved for `start`). */
  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((done) => this.#server.close(() => done()));
  }

  start(): Promise<void> {
    return new Promise((done) => this.#server.listen(this.port, 'localhost', done));
  }

  url(session: string): string {
    return `http://localhost:${this.port}/hosted/protocol.html?session=${session}&merchants=${encodeURIComponent(merchantOrigin)}`;
  }
}

test('the hosted page’s server is down: load-failed; when it is back, retry() works', async ({ page }) => {
  const flaky = new FlakyCheckout();
  await flaky.listen();
  try {
    await page.goto(shopPage({ 'checkout-url': flaky.url('down'), 'expect-handshake': '' }));
    await expect(element(page)).toHaveAttribute('status', 'error');
    expect((await recordedEvents(page)).map((e) => [e.type, e.code])).toEqual([
      ['waftpay-error', 'load-failed'],
    ]);
    flaky.state = 'up';
    await flaky.start();
    await element(page).getByRole('button', { name: 'Try again' }).click();
    await expect(element(page)).toHaveAttribute('status', 'ready');
    expect(await types(page)).toEqual(['waftpay-error', 'waftpay-ready']);
  } finally {
    await flaky.stop().catch(() => undefined);
  }
});

test('the hosted page’s server hangs: load-timeout; when it answers, retry() works', async ({ page }) => {
  const flaky = new FlakyCheckout();
  flaky.state = 'hang';
  await flaky.listen();
  try {
    await page.goto(shopPage({ 'checkout-url': flaky.url('hang'), 'load-timeout': '1500' }), {
      waitUntil: 'domcontentloaded',
    });
    await expect(element(page)).toHaveAttribute('status', 'error');
    expect((await recordedEvents(page)).map((e) => e.code)).toEqual(['load-timeout']);
    flaky.state = 'up';
    // The short load-timeout was for the hanging load only: the retried page, through the proxy to
    // another origin, is given the time a busy machine may need.
    await page.evaluate(() => {
      const checkout = document.querySelector('waftpay-checkout') as HTMLElement & {
        loadTimeout: number;
        retry(): void;
      };
      checkout.loadTimeout = 20_000;
      checkout.retry();
    });
    await expect(element(page)).toHaveAttribute('status', 'ready');
    expect(await types(page)).toEqual(['waftpay-error', 'waftpay-ready']);
  } finally {
    await flaky.stop().catch(() => undefined);
  }
});

test('the hosted page reloads mid-session: it connects again; one ready, one outcome', async ({ page }) => {
  await page.goto(shopPage({ 'checkout-url': protocolPageUrl('reloads') }));
  let hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await hosted.evaluate(() => location.reload());
  hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await press(hosted, 'Pay');
  await expect(element(page)).toHaveAttribute('status', 'success');
  await page.waitForTimeout(300);
  expect(await types(page)).toEqual(['waftpay-ready', 'waftpay-success']);
});

test('a slow network: the page arrives late, and everything still works', async ({ page }) => {
  // The network holds the hosted page (and all it asks for) until the test has seen the element
  // wait for it.
  let held = 0;
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`${checkoutOrigin}/hosted/**`, async (route) => {
    held++;
    await released;
    await route.continue();
  });
  await page.goto(shopPage({ 'checkout-url': protocolPageUrl('slow') }), { waitUntil: 'domcontentloaded' });
  await expect.poll(() => held).toBeGreaterThan(0);
  await expect(element(page)).toHaveAttribute('status', 'loading');
  release();
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await press(hosted, 'Pay');
  await expect(element(page)).toHaveAttribute('status', 'success');
});

test('a hidden tab that passes expires-at: expired the moment it is visible', async ({ page }) => {
  await page.clock.install();
  const expiresAt = new Date(Date.now() + 10 * 60_000).toISOString();
  await page.goto(shopPage({ 'checkout-url': protocolPageUrl('sleepy'), 'expires-at': expiresAt }));
  await expect(element(page)).toHaveAttribute('status', 'ready');
  // An hour passes with the tab hidden: no timer runs, only the wall clock moves.
  await page.evaluate(() =>
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true }),
  );
  await page.clock.setSystemTime(Date.now() + 60 * 60_000);
  expect(await types(page)).toEqual(['waftpay-ready']);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  expect(await types(page)).toEqual(['waftpay-ready', 'waftpay-expired']);
});

test('the element moved to another container mid-session: one ready, one outcome', async ({ page }) => {
  await page.goto(shopPage({ 'checkout-url': protocolPageUrl('moved') }));
  await expect(element(page)).toHaveAttribute('status', 'ready');
  await page.evaluate(() => {
    const aside = document.createElement('aside');
    document.body.append(aside);
    aside.append(document.querySelector('waftpay-checkout')!);
  });
  await expect(element(page)).toHaveAttribute('status', 'ready');
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await press(hosted, 'Pay');
  await expect(element(page)).toHaveAttribute('status', 'success');
  expect(await types(page)).toEqual(['waftpay-ready', 'waftpay-success']);
});

for (const count of [2, 20]) {
  test(`${count} elements on one page: each its own session, no cross-talk`, async ({ page }) => {
    await page.goto(`/pages/many.html?n=${count}`);
    for (let i = 0; i < count; i++)
      await expect(page.locator(`#checkout-${i}`)).toHaveAttribute('status', 'ready');
    const chosen = count - 1;
    const hosted = await frameAt(page, `${checkoutOrigin}/hosted/protocol.html?session=many-${chosen}`);
    await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
    await press(hosted, 'Pay');
    await expect(page.locator(`#checkout-${chosen}`)).toHaveAttribute('status', 'success');
    await page.waitForTimeout(300);
    const events = await page.evaluate(
      () => (window as never as { __events: Record<number, string[]> }).__events,
    );
    for (let i = 0; i < count; i++) {
      expect(events[i]).toEqual(
        i === chosen ? ['waftpay-ready', `waftpay-success:many-${chosen}`] : ['waftpay-ready'],
      );
    }
  });
}
