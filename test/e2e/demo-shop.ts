import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';

// The demo as `npm start` runs it (the Playwright config starts it): the storefront and the shop's
// server on 127.0.0.1, the Waftpay sandbox (API, hosted page, phone, webhooks) on localhost.
export const shop = `http://127.0.0.1:${process.env.DEMO_PORT ?? 4321}`;
export const sandbox = `http://localhost:${Number(process.env.DEMO_PORT ?? 4321) + 1}`;

export type Mode = 'iframe' | 'overlay' | 'popup' | 'redirect';
const modeLabels: Record<Mode, string> = {
  iframe: 'In the page',
  overlay: 'Over the page',
  popup: 'In a new window',
  redirect: 'On Waftpay’s page',
};

/** A number no other test pays with (not a test number: its prompt waits for the customer). */
export function newMsisdn(): string {
  return `25471${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

export interface PayOptions {
  msisdn: string;
  mode?: Mode;
}

/** The customer pays from the storefront; returns the order's id once the page shows it. */
export async function startPaying(page: Page, options: PayOptions): Promise<string> {
  await fillPayForm(page, options);
  await page.getByRole('button', { name: 'Pay KES 1,750' }).click();
  if (options.mode === 'redirect') return '';
  await expect(page.locator('#order-id')).toHaveText(/^ORDER-/);
  return (await page.locator('#order-id').textContent()) ?? '';
}

/**
 * The customer pays in a new window: one click on Pay opens it (within the click, before the
 * order exists), and the order is made meanwhile; returns the order's id and the window.
 */
export async function startPayingInPopup(
  page: Page,
  options: Omit<PayOptions, 'mode'>,
): Promise<{ orderId: string; popup: Page }> {
  await fillPayForm(page, { ...options, mode: 'popup' });
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Pay KES 1,750' }).click(),
  ]);
  await expect(page.locator('#order-id')).toHaveText(/^ORDER-/);
  return { orderId: (await page.locator('#order-id').textContent()) ?? '', popup };
}

/** The storefront, its form filled in as the customer would, before the click on Pay. */
export async function fillPayForm(page: Page, options: PayOptions): Promise<void> {
  await page.goto(`${shop}/`);
  await page.getByLabel(modeLabels[options.mode ?? 'iframe']).check();
  await page.getByLabel('M-Pesa number').fill(options.msisdn);
}

/** The order as the shop's server has it, asked with the page's own cookie (as its owner). */
export interface ServerOrder {
  id: string;
  status: string;
  paidAmount: number | null;
  verifiedBy: string | null;
  checkout?: { checkoutUrl: string; expiresAt: string };
}

export async function shopOrder(page: Page, id: string): Promise<ServerOrder> {
  const response = await page.request.get(`${shop}/api/orders/${id}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as ServerOrder;
}

/** Every order the shop's server has made for this browser. */
export async function shopOrders(page: Page): Promise<ServerOrder[]> {
  return ((await (await page.request.get(`${shop}/api/orders`)).json()) as { orders: ServerOrder[] }).orders;
}

/** What the sandbox's phone of `msisdn` shows: one prompt per session that reached it. */
export async function phonePrompts(
  request: APIRequestContext,
  msisdn: string,
): Promise<Array<{ state: string; amount: number }>> {
  return ((await (await request.get(`${sandbox}/phone/${msisdn}/prompts`)).json()) as { prompts: [] })
    .prompts;
}

/**
 * The sandbox's own record of a session (its status query, by the checkout URL's request id), asked
 * as the demo shop's merchant: the sandbox answers a merchant about its own payments only.
 */
export async function sandboxState(request: APIRequestContext, checkoutUrl: string): Promise<string> {
  return (await sandboxSession(request, checkoutUrl)).state;
}

/** The demo shop's Bearer token at the sandbox. */
async function merchantToken(request: APIRequestContext): Promise<string> {
  const reply = await request.post(`${sandbox}/api/authentication-service/v1/api/generate-token`, {
    data: { consumer_key: 'demo-shop', consumer_secret: 'demo-secret' },
  });
  return ((await reply.json()) as { token: string }).token;
}

async function sandboxSession(
  request: APIRequestContext,
  checkoutUrl: string,
): Promise<{ state: string; transaction_reference: string }> {
  const requestUuid = atob(new URL(checkoutUrl).pathname.split('/').pop() ?? '');
  const reply = await request.post(`${sandbox}/api/payments-tsq-service/v1/query/payments`, {
    headers: { authorization: `Bearer ${await merchantToken(request)}` },
    data: { request_uuid: requestUuid },
  });
  return ((await reply.json()) as { data: { state: string; transaction_reference: string } }).data;
}

/** The session's time runs out at the sandbox now (its test helper), as at its `expires_at`. */
export async function expireInSandbox(request: APIRequestContext, checkoutUrl: string): Promise<void> {
  const reference = (await sandboxSession(request, checkoutUrl)).transaction_reference;
  const reply = await request.post(
    `${sandbox}/api/sandbox/v1/sessions/${encodeURIComponent(reference)}/expire`,
    { headers: { authorization: `Bearer ${await merchantToken(request)}` }, data: {} },
  );
  expect(reply.ok()).toBe(true);
}

/** The customer's phone, in a tab of its own: answers the prompt as a handset does. */
export async function answerOnPhone(
  context: BrowserContext,
  msisdn: string,
  answer: 'Approve' | 'Decline' = 'Approve',
): Promise<Page> {
  const phone = await context.newPage();
  await phone.goto(`${sandbox}/phone/${msisdn}`);
  await phone.getByRole('button', { name: new RegExp(`^${answer} KES 1,750`) }).click();
  await expect(phone.getByRole('listitem').first()).toContainText(
    answer === 'Approve' ? 'You paid KES 1,750' : 'You declined',
  );
  return phone;
}

/** The element's events as the storefront's timeline shows them, oldest first. */
export function timelineEvents(page: Page): Promise<string[]> {
  return page
    .locator('#timeline li[data-event]')
    .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.event ?? ''));
}

/** The hosted page's document loads (one session shows one page, however often it is resumed). */
export function countHostedPageLoads(page: Page): () => number {
  let loads = 0;
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.url().startsWith(`${sandbox}/checkout/`)) loads++;
  });
  return () => loads;
}
