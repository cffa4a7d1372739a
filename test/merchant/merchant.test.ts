// The demo shop's server end to end with the sandbox over real HTTP: checkout sessions, webhooks
// confirmed by the status query, duplicates, restarts, token renewal, and status queries when
// webhooks cannot come.
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../sandbox/clock.js';
import type { Sandbox } from '../sandbox/helpers.js';
import { receiver, until } from '../sandbox/helpers.js';
import {
  createOrder,
  customerPays,
  deliver,
  newDataDir,
  orderStatus,
  sandbox,
  sandboxAction,
  sandboxPayment,
  settled,
  shop,
  type TestShop,
} from './shop.js';

describe('the merchant server, end to end with the sandbox', () => {
  let waftpay: Sandbox;
  let merchant: TestShop;
  before(async () => {
    waftpay = await sandbox({ duplicateWebhooks: true });
    merchant = await shop(waftpay.apiBaseUrl);
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
    assert.equal(merchant.tokenRequests, 1);
  });

  test('paid: each webhook (PENDING, then SUCCESS, each delivered twice) is confirmed; the order is PAID once', async () => {
    const order = await createOrder(merchant, '254700000001');
    const before = merchant.statusQueries;
    await customerPays(order.checkoutUrl);
    const paid = await settled(merchant, order.orderId);
    assert.equal(paid.status, 'PAID');
    assert.equal(paid.paidAmount, 1750);
    assert.equal(paid.verifiedBy, 'webhook');
    assert.equal(paid.transactionReference, (await merchant.orders.get(order.orderId))!.checkoutReference);
    assert.equal(paid.needsAttention, false);
    // Every webhook was asked about, no more often than once per distinct (payment, status).
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(merchant.statusQueries - before >= 1 && merchant.statusQueries - before <= 4);
  });

  test('declined: the order is FAILED', async () => {
    const order = await createOrder(merchant, '254700000002');
    await customerPays(order.checkoutUrl);
    assert.equal((await settled(merchant, order.orderId)).status, 'FAILED');
  });

  test('expired (the sandbox’s test helper): the order is EXPIRED, the word the sandbox’s status query names', async () => {
    const order = await createOrder(merchant);
    const reference = (await merchant.orders.get(order.orderId))!.checkoutReference;
    await sandboxAction(waftpay, reference, 'expire');
    assert.equal((await settled(merchant, order.orderId)).status, 'EXPIRED');
  });

  test('bad requests get 4xx answers in words for the customer, with a code', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${merchant.url}/api/orders`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: Array<[Response, number, string]> = [
      [await post(JSON.stringify({ msisdn: '0712345678' })), 400, 'invalid-msisdn'],
      [await post(JSON.stringify({ msisdn: '254712345678', expiresInSeconds: 5 })), 400, 'invalid-expiry'],
      [await post('{nope'), 400, 'bad-request'],
      [await post('{}', 'text/plain'), 415, 'bad-request'],
      [await fetch(`${merchant.url}/api/orders/ORDER-NOPE`), 404, 'unknown-order'],
      [await fetch(`${merchant.url}/api/orders/ORDER-NOPE`, { method: 'DELETE' }), 404, 'unknown-order'],
    ];
    for (const [response, status, code] of cases) {
      assert.equal(response.status, status);
      const body = (await response.json()) as { error: string; code: string };
      assert.equal(body.code, code);
      // Words for a person: no field names, no ranges from the code.
      assert.doesNotMatch(body.error, /expiresInSeconds|msisdn|between \d+ and \d+|JSON/);
    }
  });
});

describe('webhook idempotency', () => {
  test('ten concurrent deliveries of one genuine webhook: one order update, one record', async () => {
    const waftpay = await sandbox();
    // Waftpay's webhooks go to a receiver of the test's, which keeps the genuine body.
    const hook = await receiver();
    const dataDir = newDataDir();
    const merchant = await shop(waftpay.apiBaseUrl, { dataDir, publicUrl: new URL(hook.url).origin });
    try {
      const { orderId } = await createOrder(merchant);
      const reference = (await merchant.orders.get(orderId))!.checkoutReference;
      await sandboxAction(waftpay, reference, 'approve');
      await until(() => hook.finals.length === 1);
      const body = hook.finals[0];
      const replies = await Promise.all(Array.from({ length: 10 }, () => deliver(merchant, body)));
      const answers = await Promise.all(
        replies.map((reply) => reply.json() as Promise<{ received: boolean; duplicate?: boolean }>),
      );
      // One is confirmed and applied; the others are duplicates, or (while that one's status query
      // is under way: one query per payment within Waftpay's back-off) refused, for Waftpay to
      // deliver again, when they are duplicates.
      assert.equal(answers.filter((answer) => answer.received && !answer.duplicate).length, 1);
      for (const [i, reply] of replies.entries())
        assert.ok(reply.status === 200 || (reply.status === 400 && !answers[i].received));
      const again = await deliver(merchant, body);
      assert.deepEqual([again.status, await again.json()], [200, { received: true, duplicate: true }]);
      assert.equal((await orderStatus(merchant, orderId)).status, 'PAID');
      const db = new Database(join(dataDir, 'orders.sqlite'), { readonly: true });
      const count = db.prepare("select count(*) as n from webhook_deliveries where status = 'SUCCESS'").get();
      assert.equal((count as { n: number }).n, 1);
      db.close();
    } finally {
      await merchant.close();
      await waftpay.close();
      await hook.close();
    }
  });
});

describe('restarts and fallbacks', () => {
  test('the shop killed between the first delivery and the retry loses nothing', async () => {
    // The retry waits on the sandbox's clock, which moves only once the shop is back.
    const clock = new ManualClock(Date.now());
    const sandboxLog: string[] = [];
    const waftpay = await sandbox({ webhookRetryMs: 400, clock, log: (line) => sandboxLog.push(line) });
    const dataDir = newDataDir();
    let first: TestShop | undefined = await shop(waftpay.apiBaseUrl, { dataDir });
    let second: TestShop | undefined;
    try {
      const port = Number(new URL(first.url).port);
      const { orderId, checkoutUrl } = await createOrder(first, '254700000001');
      await first.close();
      first = undefined;
      await customerPays(checkoutUrl);
      // The first delivery finds nobody.
      await waftpay.webhooksIdle();
      assert.ok(
        sandboxLog.some((line) => line.startsWith('webhook SUCCESS') && line.endsWith('retrying in 400 ms')),
        sandboxLog.join('\n'),
      );
      assert.ok(!sandboxLog.some((line) => line.includes('delivered')), sandboxLog.join('\n'));
      // The shop is back before the retry.
      second = await shop(waftpay.apiBaseUrl, { dataDir, port });
      clock.advance(400);
      await waftpay.webhooksIdle();
      const order = await settled(second, orderId);
      assert.equal(order.status, 'PAID');
      assert.equal(order.verifiedBy, 'webhook');
    } finally {
      await first?.close();
      await second?.close();
      await waftpay.close();
    }
  });

  test('a token Waftpay no longer knows is renewed once, on the 401', async () => {
    const first = await sandbox();
    const port = Number(new URL(first.origin).port);
    const merchant = await shop(first.apiBaseUrl);
    try {
      await createOrder(merchant);
      assert.equal(merchant.tokenRequests, 1);
      // Waftpay forgets every token (here: restarts); the shop's cached one now gets a 401.
      await first.close();
      const second = await sandbox({ port });
      try {
        await createOrder(merchant);
        assert.equal(merchant.tokenRequests, 2);
      } finally {
        await second.close();
      }
    } finally {
      await merchant.close();
    }
  });

  test('when webhooks cannot reach the shop, a status query (by transaction_reference) verifies the order', async () => {
    const waftpay = await sandbox();
    // Waftpay is told to call back an address where nobody listens.
    const merchant = await shop(waftpay.apiBaseUrl, {
      publicUrl: 'http://127.0.0.1:9',
      statusBackoffMs: [0],
    });
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
      assert.equal(
        (await sandboxPayment(waftpay, (await merchant.orders.get(orderId))!.checkoutReference)).state,
        'succeeded',
      );
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });
});
