// What the shared scenarios (scenarios.ts) read and do on the test pages, through any driver:
// the element's status and recorded events, a hosted page's buttons, what the servers served,
// and the demo shop's order form.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { BrowsingContext, EnginePage, EnginePopup } from './driver.js';
import { waitFor } from './wait.js';
import { checkoutOrigin, merchantOrigin, shopPage, type RecordedEvent } from '../origins.js';

export const element = { host: 'waftpay-checkout' };
export const payWithWaftpay = { ...element, selector: '[part~="open-button"]' };
export const closeCheckout = { ...element, selector: '[part~="close-button"]' };

export const shop = (attributes: Record<string, string>) =>
  new URL(shopPage(attributes), merchantOrigin).href;

/** The shop's page as its server renders it with renderCheckoutMarkup (server-rendered-page.mjs). */
export const serverRenderedShop = (options: Record<string, string>) =>
  new URL(`/server-rendered?${new URLSearchParams(options)}`, merchantOrigin).href;

export function status(page: BrowsingContext): Promise<string | null | undefined> {
  return page.evaluate(() => document.querySelector('waftpay-checkout')?.getAttribute('status'));
}

export async function untilStatus(page: BrowsingContext, wanted: string): Promise<void> {
  await waitFor(
    `status ${wanted}`,
    () => status(page),
    (seen) => seen === wanted,
  );
}

export function events(page: BrowsingContext): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { __events?: RecordedEvent[] }).__events ?? []);
}

export const types = async (page: BrowsingContext) => (await events(page)).map((event) => event.type);

/** Asserts the page heard `waftpay-ready` then one `waftpay-success`, and nothing else; its result. */
export async function onlySuccess(page: BrowsingContext): Promise<RecordedEvent['result']> {
  const seen = await events(page);
  assert.deepEqual(
    seen.map((e) => e.type),
    ['waftpay-ready', 'waftpay-success'],
  );
  return seen[1].result;
}

/** Waits until the page in `context` (protocol.html) has connected to the shop. */
export async function connected(context: BrowsingContext): Promise<void> {
  await waitFor('the hosted page to connect', () =>
    context.evaluate(() => document.body?.dataset.connected === 'yes'),
  );
}

/**
 * Presses a hosted page's button by its label. The click comes a moment after the call returns:
 * it may end the session, and the element then removes the frame (or closes the window) that the
 * call would still be running in.
 */
export async function press(context: BrowsingContext, label: string): Promise<void> {
  const found = await waitFor(`a button "${label}"`, () =>
    context.evaluate((text: string) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === text);
      if (button) setTimeout(() => button.click(), 30);
      return Boolean(button);
    }, label),
  );
  assert.ok(found);
}

/** Whether the element's shadow root has a frame. */
export const hasFrame = (page: BrowsingContext) =>
  page.evaluate(() =>
    Boolean(document.querySelector('waftpay-checkout')?.shadowRoot?.querySelector('iframe')),
  );

export interface Served {
  origin: 'merchant' | 'checkout' | 'intruder';
  method: string;
  path: string;
}

/** What the test servers were asked for, whose path contains `fragment`. */
export async function served(fragment: string): Promise<Served[]> {
  const all = (await (await fetch(`${merchantOrigin}/__served`)).json()) as Served[];
  return all.filter((entry) => entry.path.includes(fragment));
}

export const hostedFrame = `${checkoutOrigin}/hosted/`;

/** The demo as `npm start` runs it: the shop and its server, and the Waftpay sandbox. */
export const demoPort = Number(process.env.DEMO_PORT ?? 4321);
export const demoShop = `http://127.0.0.1:${demoPort}`;
export const demoSandbox = `http://localhost:${demoPort + 1}`;

/** A port on this machine where nothing listens: a checkout server that is down. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The element's events as the demo storefront's timeline shows them, oldest first. */
export const demoTimeline = (page: BrowsingContext) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('#timeline li[data-event]')].map(
      (item) => item.dataset.event ?? '',
    ),
  );

/** A number no other test pays with (not a test number: its prompt waits for the customer). */
export const newMsisdn = () => `25471${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/**
 * The customer orders on the demo shop, to pay in `mode` (with a session that expires after
 * `expiresInSeconds`, if given), in one click: the order's id once the page shows it (none in
 * redirect mode, which leaves), and in popup mode the window the click opened.
 */
export async function orderInDemo(
  page: EnginePage,
  mode: 'iframe' | 'overlay' | 'popup' | 'redirect',
  msisdn = '254712345678',
  expiresInSeconds?: number,
): Promise<{ orderId: string; popup?: EnginePopup }> {
  await page.goto(`${demoShop}/`);
  // The element is defined as the storefront's module graph runs, in the same go as the form's
  // submit handler: before that, a click would submit the form to nowhere.
  await waitFor('the storefront’s script', () =>
    page.evaluate(() => customElements.get('waftpay-checkout') !== undefined),
  );
  await page.evaluate(
    (chosen: string, number: string, seconds: number | null) => {
      // What the shop's policy (Content-Security-Policy) refuses from here on: nothing, it must be.
      const refused: string[] = [];
      (window as unknown as { refused: string[] }).refused = refused;
      document.addEventListener('securitypolicyviolation', (event) =>
        refused.push(`${event.effectiveDirective} ${event.blockedURI}`),
      );
      document.querySelector<HTMLInputElement>(`input[name="mode"][value="${chosen}"]`)!.checked = true;
      document.querySelector<HTMLInputElement>('input[name="msisdn"]')!.value = number;
      if (seconds === null) return;
      const expires = document.querySelector<HTMLSelectElement>('select[name="expires"]')!;
      expires.add(new Option(`${seconds} seconds`, String(seconds)));
      expires.value = String(seconds);
    },
    mode,
    msisdn,
    expiresInSeconds ?? null,
  );
  const pay = (): Promise<void> => page.click({ selector: '#pay-form button[type="submit"]' });
  // One click: the popup opens within it, and the element asks the shop's server for the order.
  const popup = mode === 'popup' ? await page.popup(pay) : await pay();
  // Redirect mode leaves once the order is made: it is in the shop's address when the customer comes back.
  if (mode === 'redirect') return { orderId: '' };
  const orderId = await waitFor(
    'the order',
    () => page.evaluate(() => document.querySelector('#order-id')?.textContent ?? ''),
    (text) => text.startsWith('ORDER-'),
  );
  return { orderId, popup: popup ?? undefined };
}

/**
 * Orders on the demo shop in `mode` and pays on the sandbox's hosted page, as a customer does:
 * "Send payment prompt", then "Approve on phone" (the sandbox's stand-in for the phone).
 */
export async function payInDemo(page: EnginePage, mode: 'iframe' | 'popup'): Promise<void> {
  const { orderId, popup } = await orderInDemo(page, mode);
  const hosted: BrowsingContext = popup ?? (await page.frame(`${demoSandbox}/checkout/`));
  await press(hosted, 'Send payment prompt');
  await untilStatus(page, 'pending');
  await press(hosted, 'Approve on phone');
  await untilStatus(page, 'success');
  // What the shop's server learnt from Waftpay (its webhook, confirmed by a status query), not
  // what the page was told: the page shows the server's word, and the server has it recorded.
  await waitFor(
    `order ${orderId} shown paid as the shop's server verified it`,
    () =>
      page.evaluate(() => [
        document.querySelector('#order-status')?.textContent ?? '',
        document.querySelector('#order-detail')?.textContent ?? '',
      ]),
    ([badge, detail]) =>
      badge === 'Paid' && detail.includes('KES 1,750 received, confirmed by the shop’s server'),
  );
  const recorded = (await (await fetch(`${demoShop}/api/orders/${orderId}`)).json()) as {
    status: string;
    paidAmount: number | null;
    verifiedBy: string | null;
  };
  assert.equal(recorded.status, 'PAID');
  assert.equal(recorded.paidAmount, 1750);
  assert.ok(recorded.verifiedBy, 'verified with Waftpay by the shop’s server');
  // The shop knows this browser by its cookie, which this engine kept: the order is among its own.
  const mine = await page.evaluate(async () =>
    ((await (await fetch('/api/orders')).json()) as { orders: Array<{ id: string }> }).orders.map(
      (o) => o.id,
    ),
  );
  assert.ok(mine.includes(orderId), `the browser's orders (${mine.join(', ')}) include ${orderId}`);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { refused: string[] }).refused), []);
}
