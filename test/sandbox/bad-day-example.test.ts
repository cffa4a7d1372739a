// The worked example of docs/sandbox.md ("Testing your webhook handler on a bad day"), run: a
// shop's webhook handler, stored the way that page advises, against webhooks the sandbox drops,
// duplicates and reorders on purpose. Each order must end paid once, and fulfilled once.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { confirmWebhook, createWaftpayClient, type WaftpayClient } from '../../src/server.js';
import { checkoutBody, sandbox, until, type Sandbox } from './helpers.js';

// ---- The shop (what the example on docs/sandbox.md shows) -------------------------------------

/** The order's state: it only moves forward (a PENDING never overwrites SUCCESS). */
const rank: Record<string, number> = {
  CREATED: 0,
  PENDING: 1,
  ESCALATED: 1,
  SUCCESS: 2,
  FAILED: 2,
  EXPIRED: 2,
};
interface Order {
  reference: string;
  checkoutUrl: string;
  amount: number;
  status: string;
  fulfilled: number;
}
const orders = new Map<string, Order>();
/** Each event applied once: a payment's status by (payment_uuid, status), money sent back by request_uuid. */
const applied = new Set<string>();

function apply(order: Order, event: { status: string; amount: number }): void {
  if (event.status === 'SUCCESS' && event.amount !== order.amount) return; // flag it instead
  if ((rank[event.status] ?? 2) <= (rank[order.status] ?? 0)) return;
  order.status = event.status;
  if (event.status === 'SUCCESS') order.fulfilled++; // ship, e-mail, credit…: once
}

async function handleWebhook(waftpay: WaftpayClient, body: unknown): Promise<number> {
  const result = await confirmWebhook(waftpay, body); // throws: answer 503, it comes again
  if (!result.ok) return 400;
  const { event } = result;
  const order = orders.get(event.checkoutReference);
  if (!order) return 404;
  const key = event.requestUuid ?? `${event.paymentUuid}:${event.status}`;
  if (!applied.has(key)) {
    applied.add(key);
    apply(order, event);
  }
  return 200;
}

/** What a shop runs every minute or so: open orders are asked about. */
async function reconcile(waftpay: WaftpayClient): Promise<void> {
  for (const order of orders.values()) {
    if (rank[order.status] === 2) continue;
    const answer = await waftpay.queryPayment({ transaction_reference: order.reference });
    if (answer.found && answer.payment.state === 'succeeded')
      apply(order, { status: 'SUCCESS', amount: answer.payment.amount });
  }
}

// ---- The tests ---------------------------------------------------------------------------------

let api: Sandbox;
let waftpay: WaftpayClient;
let shop: Server;
let callbackUrl: string;
before(async () => {
  api = await sandbox({ webhookRetryMs: 50 });
  waftpay = createWaftpayClient({ baseUrl: api.apiBaseUrl, consumerKey: 'shop', consumerSecret: 'secret' });
  shop = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      handleWebhook(waftpay, JSON.parse(body)).then(
        (status) => response.writeHead(status).end(),
        () => response.writeHead(503).end(),
      );
    });
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/webhooks/waftpay`;
});
after(async () => {
  await api.close();
  await new Promise((resolve) => shop.close(resolve));
});

/** The sandbox's own routes, as the shop's merchant (its token, a JSON body). */
async function asMerchant(method: string, path: string, body?: unknown) {
  return (await api.send(method, path, body, await api.token('shop'))).body;
}

/** The customer asks for the payment prompt on the hosted page (its own route): PENDING. */
async function prompt(made: Order): Promise<void> {
  const response = await fetch(`${made.checkoutUrl}/prompt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(response.status, 200);
}

async function order(): Promise<Order> {
  const request = checkoutBody({ callback_url: callbackUrl });
  const { checkoutUrl } = await waftpay.createCheckout(request as never);
  const made = {
    reference: request.checkout_reference as string,
    checkoutUrl,
    amount: 1750,
    status: 'CREATED',
    fulfilled: 0,
  };
  orders.set(made.reference, made);
  return made;
}

// A handler that keeps the first webhook of a payment_uuid fails this one: the PENDING, confirmed
// while the payment waits, comes first, and the SUCCESS is thrown away.
test('duplicated webhooks, the PENDING first: paid once, fulfilled once', async () => {
  await asMerchant('PUT', '/sandbox/v1/faults', { webhooks: { duplicate: 1 } });
  const paid = await order();
  await prompt(paid);
  await api.webhooksIdle();
  assert.equal(paid.status, 'PENDING');
  await asMerchant('POST', `/sandbox/v1/sessions/${paid.reference}/approve`, {});
  await api.webhooksIdle();
  const { injected } = await asMerchant('DELETE', '/sandbox/v1/faults');
  assert.equal(injected.webhooks.duplicated, 2);
  assert.deepEqual([paid.status, paid.fulfilled], ['SUCCESS', 1]);
});

// A handler that keeps the last status the body claims fails this one: the late PENDING overwrites
// the SUCCESS. (confirmWebhook reports the status Waftpay reports by then: SUCCESS.)
test('reordered webhooks: the PENDING that comes after the SUCCESS changes nothing', async () => {
  await asMerchant('PUT', '/sandbox/v1/faults', { webhooks: { reorder: true } });
  const paid = await order();
  await asMerchant('POST', `/sandbox/v1/sessions/${paid.reference}/approve`, {});
  await api.webhooksIdle();
  const { injected } = await asMerchant('DELETE', '/sandbox/v1/faults');
  assert.equal(injected.webhooks.reordered, 1);
  assert.deepEqual([paid.status, paid.fulfilled], ['SUCCESS', 1]);
});

test('dropped webhooks: the order waits; reconciliation finds the payment; still fulfilled once', async () => {
  await asMerchant('PUT', '/sandbox/v1/faults', { webhooks: { drop: 1 } });
  const paid = await order();
  await asMerchant('POST', `/sandbox/v1/sessions/${paid.reference}/approve`, {});
  await api.webhooksIdle();
  assert.equal(paid.status, 'CREATED');
  await reconcile(waftpay);
  assert.deepEqual([paid.status, paid.fulfilled], ['SUCCESS', 1]);
  await asMerchant('DELETE', '/sandbox/v1/faults');
});

test('a random mix, seeded: many orders, each paid once and fulfilled once after reconciliation', async () => {
  await asMerchant('PUT', '/sandbox/v1/faults', {
    seed: 2026,
    webhooks: { drop: 0.3, duplicate: 0.3, reorder: 0.5 },
  });
  const made = await Promise.all(Array.from({ length: 20 }, () => order()));
  for (const each of made) await asMerchant('POST', `/sandbox/v1/sessions/${each.reference}/approve`, {});
  await api.webhooksIdle();
  await reconcile(waftpay);
  await until(() => made.every((each) => each.status === 'SUCCESS'));
  assert.ok(made.every((each) => each.fulfilled === 1));
  await asMerchant('DELETE', '/sandbox/v1/faults');
});
