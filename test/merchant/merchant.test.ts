import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startMerchant, type MerchantOptions, type RunningMerchant } from '../../demo/merchant/server.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/server.js';

const quiet = (): void => undefined;
const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'waftpay-shop-'));

function sandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, log: quiet, webhookRetryMs: 50, ...options });
}

function shop(waftpay: RunningSandbox, options: Partial<MerchantOptions> = {}): Promise<RunningMerchant> {
  return startMerchant({
    port: 0,
    dataDir: newDataDir(),
    waftpay: { baseUrl: waftpay.apiBaseUrl, consumerKey: 'shop', consumerSecret: 'secret' },
    log: quiet,
    ...options,
  });
}

async function createOrder(merchant: RunningMerchant, msisdn = '254700000001'): Promise<Record<string, any>> {
  const response = await fetch(`${merchant.url}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'iframe', msisdn }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as Record<string, any>;
}

/** The customer asks for the prompt on the hosted page (test numbers then answer by themselves). */
async function customerPays(checkoutUrl: string): Promise<void> {
  const response = await fetch(`${checkoutUrl}/prompt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(response.status, 200);
}

async function orderStatus(merchant: RunningMerchant, id: string): Promise<Record<string, any>> {
  return (await (await fetch(`${merchant.url}/api/orders/${id}`)).json()) as Record<string, any>;
}

async function settled(merchant: RunningMerchant, id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 150; i++) {
    const order = await orderStatus(merchant, id);
    if (order.status !== 'CREATED') return order;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`order ${id} never settled`);
}

/** A webhook as Waftpay documents it, for the order with `reference`. */
function webhook(
  reference: string,
  status = 'SUCCESS',
  amount = 1750,
  tamper = false,
): Record<string, unknown> {
  const paymentUuid = randomUUID();
  const paymentId = '424242';
  const hash = createHash('sha256').update(`${amount}${reference}${paymentUuid}${paymentId}`).digest('hex');
  return {
    status,
    code: status === 'SUCCESS' ? '102' : '103',
    description: status,
    results: {
      amount,
      total_charges: 0,
      total_amount: amount,
      transaction_reference: 'WTXTEST',
      payment_uuid: paymentUuid,
      payment_id: paymentId,
      client_reference: reference,
      external_reference: reference,
      validation_hash: tamper ? hash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : hash,
    },
  };
}

function deliver(merchant: RunningMerchant, body: unknown): Promise<Response> {
  return fetch(`${merchant.url}/webhooks/waftpay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the merchant server, end to end with the sandbox', () => {
  let waftpay: RunningSandbox;
  let merchant: RunningMerchant;
  before(async () => {
    waftpay = await sandbox({ duplicateWebhooks: true });
    merchant = await shop(waftpay);
  });
  after(async () => {
    await merchant.close();
    await waftpay.close();
  });

  test('creates checkout sessions server-side, with its own return URLs, on one cached token', async () => {
    const order = await createOrder(merchant);
    assert.match(order.orderId, /^ORDER-[0-9A-F]{8}$/);
    assert.ok(order.checkoutUrl.startsWith(`${waftpay.origin}/checkout/`));
    assert.equal(order.successRedirectUrl, `${merchant.url}/return/success?order=${order.orderId}`);
    assert.equal(order.failRedirectUrl, `${merchant.url}/return/fail?order=${order.orderId}`);
    await createOrder(merchant);
    await createOrder(merchant);
    assert.equal(merchant.waftpay.tokensIssued, 1);
  });

  test('paid: the webhook (delivered twice) is verified, the order is PAID once', async () => {
    const order = await createOrder(merchant, '254700000001');
    await customerPays(order.checkoutUrl);
    const paid = await settled(merchant, order.orderId);
    assert.equal(paid.status, 'PAID');
    assert.equal(paid.paidAmount, 1750);
    assert.equal(paid.verifiedBy, 'webhook');
    assert.match(paid.transactionReference, /^WTX/);
  });

  test('declined: the order is FAILED', async () => {
    const order = await createOrder(merchant, '254700000002');
    await customerPays(order.checkoutUrl);
    assert.equal((await settled(merchant, order.orderId)).status, 'FAILED');
  });

  test('bad requests get clear 4xx answers', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${merchant.url}/api/orders`, { method: 'POST', headers: { 'content-type': type }, body });
    assert.equal((await post(JSON.stringify({ msisdn: '0712345678' }))).status, 400);
    assert.equal((await post(JSON.stringify({ msisdn: '254712345678', expiresInSeconds: 5 }))).status, 400);
    assert.equal((await post('{nope')).status, 400);
    assert.equal((await post('{}', 'text/plain')).status, 415);
    assert.equal((await fetch(`${merchant.url}/api/orders/ORDER-NOPE`)).status, 404);
    assert.equal((await fetch(`${merchant.url}/api/orders/ORDER-NOPE`, { method: 'DELETE' })).status, 404);
  });
});

describe('webhook integrity and idempotency', () => {
  let waftpay: RunningSandbox;
  before(async () => (waftpay = await sandbox()));
  after(() => waftpay.close());

  test('ten concurrent deliveries of one webhook: one order update, one record', async () => {
    const dataDir = newDataDir();
    const merchant = await shop(waftpay, { dataDir });
    try {
      const { orderId } = await createOrder(merchant, '254712345678');
      const reference = merchant.orders.get(orderId)!.checkoutReference;
      const body = webhook(reference);
      const replies = await Promise.all(Array.from({ length: 10 }, () => deliver(merchant, body)));
      assert.deepEqual(
        replies.map((reply) => reply.status),
        Array(10).fill(200),
      );
      const answers = await Promise.all(
        replies.map((reply) => reply.json() as Promise<{ duplicate: boolean }>),
      );
      assert.equal(answers.filter((answer) => !answer.duplicate).length, 1);
      assert.equal((await orderStatus(merchant, orderId)).status, 'PAID');
      const db = new Database(join(dataDir, 'orders.sqlite'), { readonly: true });
      assert.equal((db.prepare('select count(*) as n from webhooks').get() as { n: number }).n, 1);
      db.close();
    } finally {
      await merchant.close();
    }
  });

  test('a wrong validation_hash is rejected and logged; the order is untouched', async () => {
    const logs: string[] = [];
    const merchant = await shop(waftpay, { log: (line) => logs.push(line) });
    try {
      const { orderId } = await createOrder(merchant, '254712345678');
      const reference = merchant.orders.get(orderId)!.checkoutReference;
      assert.equal((await deliver(merchant, webhook(reference, 'SUCCESS', 1750, true))).status, 400);
      const forgedAmount = webhook(reference, 'SUCCESS', 1750);
      (forgedAmount.results as Record<string, unknown>).amount = 1;
      assert.equal((await deliver(merchant, forgedAmount)).status, 400);
      assert.equal((await orderStatus(merchant, orderId)).status, 'CREATED');
      assert.ok(logs.some((line) => line.includes('webhook REJECTED')));
    } finally {
      await merchant.close();
    }
  });

  test('a final status is never overwritten by a later webhook', async () => {
    const merchant = await shop(waftpay);
    try {
      const { orderId } = await createOrder(merchant, '254712345678');
      const reference = merchant.orders.get(orderId)!.checkoutReference;
      await deliver(merchant, webhook(reference, 'SUCCESS'));
      await deliver(merchant, webhook(reference, 'FAILED'));
      assert.equal((await orderStatus(merchant, orderId)).status, 'PAID');
    } finally {
      await merchant.close();
    }
  });

  test('a smaller amount than the order is recorded as partly paid', async () => {
    const merchant = await shop(waftpay);
    try {
      const { orderId } = await createOrder(merchant, '254712345678');
      const reference = merchant.orders.get(orderId)!.checkoutReference;
      await deliver(merchant, webhook(reference, 'SUCCESS', 1000));
      const order = await orderStatus(merchant, orderId);
      assert.equal(order.status, 'PARTIALLY_PAID');
      assert.equal(order.paidAmount, 1000);
    } finally {
      await merchant.close();
    }
  });
});

describe('restarts and fallbacks', () => {
  test('the shop killed between the first delivery and the retry loses nothing', async () => {
    const waftpay = await sandbox({ webhookRetryMs: 400 });
    const dataDir = newDataDir();
    const first = await shop(waftpay, { dataDir });
    const port = Number(new URL(first.url).port);
    const { orderId, checkoutUrl } = await createOrder(first, '254700000001');
    await first.close();
    await customerPays(checkoutUrl);
    // The first delivery finds nobody; the shop is back before the retry.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await shop(waftpay, { dataDir, port });
    try {
      const order = await settled(second, orderId);
      assert.equal(order.status, 'PAID');
      assert.equal(order.verifiedBy, 'webhook');
    } finally {
      await second.close();
      await waftpay.close();
    }
  });

  test('a token Waftpay no longer knows is renewed once, on the 401', async () => {
    const first = await sandbox();
    const port = Number(new URL(first.origin).port);
    const merchant = await shop(first);
    try {
      await createOrder(merchant);
      assert.equal(merchant.waftpay.tokensIssued, 1);
      // Waftpay forgets every token (here: restarts); the shop's cached one now gets a 401.
      await first.close();
      const second = await sandbox({ port });
      try {
        await createOrder(merchant);
        assert.equal(merchant.waftpay.tokensIssued, 2);
      } finally {
        await second.close();
      }
    } finally {
      await merchant.close();
    }
  });

  test('when webhooks cannot reach the shop, a status query verifies the order', async () => {
    const waftpay = await sandbox();
    // Waftpay is told to call back an address where nobody listens.
    const merchant = await shop(waftpay, { publicUrl: 'http://127.0.0.1:9' });
    try {
      const { orderId, checkoutUrl } = await createOrder(merchant, '254700000001');
      await customerPays(checkoutUrl);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await orderStatus(merchant, orderId)).status, 'CREATED');
      const verified = (await (
        await fetch(`${merchant.url}/api/orders/${orderId}/verify`, { method: 'POST' })
      ).json()) as Record<string, any>;
      assert.equal(verified.status, 'PAID');
      assert.equal(verified.verifiedBy, 'status-query');
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });
});
