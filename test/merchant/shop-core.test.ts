// The shop's logic (demo/merchant/shop.ts) called directly: no HTTP server, no socket (Waftpay
// answers in this process, through the real waftpay-checkout/server client), no sleep (the clock
// moves when a test moves it), and the real store (SQLite in a fresh folder).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWaftpayClient } from '../../src/server.js';
import { openStore } from '../../demo/merchant/open-store.js';
import { createShop, ShopRefusal, type ShopConfig } from '../../demo/merchant/shop.js';
import type { Order } from '../../demo/merchant/store.js';
import { inProcessWaftpay, type InProcessWaftpay } from './fake-waftpay.js';
import { forgedWebhook, newDataDir } from './shop.js';
import { checkoutReply, statusReply } from './waftpay-documents.js';

/** The documented Create Checkout reply's session expires at this time; the tests start 30 min before. */
const expiry = Date.parse(checkoutReply.data.expires_at);

interface Payment {
  transaction_reference: string;
  payment_uuid: string;
  amount: number;
  state: string;
  currency?: string;
}

/** A shop over an in-process Waftpay that knows the payments a test gives it. */
async function coreShop(config: Partial<ShopConfig> = {}) {
  let now = expiry - 30 * 60_000;
  const clock = { now: () => now };
  const payments: Payment[] = [];
  const waftpay: InProcessWaftpay = inProcessWaftpay({
    query: (request) => {
      const [key, value] = Object.entries(request.body as Record<string, string>)[0];
      const found = payments.find((payment) => payment[key as keyof Payment] === value);
      return found
        ? { json: { ...statusReply, data: { ...statusReply.data, ...found } } }
        : { status: 404, json: { status: 'NOT_FOUND', code: '404', description: 'No payment found' } };
    },
  });
  const logs: string[] = [];
  const fulfilled: string[] = [];
  const store = await openStore({ dataDir: newDataDir() });
  const shop = createShop({
    store,
    waftpay: createWaftpayClient({
      baseUrl: waftpay.baseUrl,
      consumerKey: 'k',
      consumerSecret: 's',
      fetch: waftpay.fetch,
    }),
    clock,
    log: (line) => logs.push(line),
    publicUrl: 'https://shop.example',
    basket: { amount: 1750, currency: 'KES' },
    limits: { openPerNumber: 3, perNumber: 10, perCustomer: 20, windowMs: 3_600_000 },
    statusBackoffMs: [5_000, 10_000, 30_000, 60_000],
    reconcileGraceMs: 60_000,
    fulfil: async (order) => {
      fulfilled.push(order.id);
      return `packed ${order.id}`;
    },
    serverId: 'core-test',
    fulfilmentLeaseMs: 30_000,
    ...config,
  });
  return {
    shop,
    store,
    waftpay,
    payments,
    logs,
    fulfilled,
    advance: (ms: number) => void (now += ms),
    queries: () => waftpay.count('query'),
    async order(msisdn = '254712345678'): Promise<Order> {
      return (await shop.createOrder({ msisdn, mode: 'iframe', expiresInSeconds: 1800, customer: 'browser' }))
        .order;
    },
    /** Waftpay's record of a payment for `order`, as its status query will report it. */
    pay(order: Order, state: string, extra: Partial<Payment> = {}): Payment {
      const payment = {
        transaction_reference: order.checkoutReference,
        payment_uuid: `9${String(payments.length).padStart(17, '0')}`,
        amount: 1750,
        state,
        ...extra,
      };
      payments.push(payment);
      return payment;
    },
  };
}

describe('creating an order', () => {
  test('the documented Create Checkout request, the expiry from the shop’s clock; the order keeps Waftpay’s session', async () => {
    const { shop, waftpay, store } = await coreShop();
    const { order, checkout } = await shop.createOrder({
      msisdn: '+254 712 345 678',
      mode: 'popup',
      expiresInSeconds: 600,
      customer: 'browser',
    });
    const sent = waftpay.received.find((request) => request.route === 'checkout')?.body;
    assert.equal(sent.msisdn, '254712345678');
    assert.equal(sent.payment_reference, order.id);
    assert.equal(sent.callback_url, 'https://shop.example/webhooks/waftpay');
    assert.equal(sent.success_redirect_url, `https://shop.example/return/success?order=${order.id}`);
    assert.equal(
      sent.extra_params.expiry,
      new Date(expiry - 20 * 60_000).toISOString().slice(0, 19).replace('T', ' '),
    );
    assert.equal(checkout.checkoutUrl, checkoutReply.data.checkout_url);
    assert.deepEqual(
      [order.status, order.mode, order.expiresAt, order.checkoutUrl],
      ['CREATED', 'popup', checkoutReply.data.expires_at, checkoutReply.data.checkout_url],
    );
    assert.equal(await store.count(), 1);
  });

  test('wrong input is refused with a code and words, before Waftpay is asked', async () => {
    const { shop, waftpay } = await coreShop();
    for (const [input, code] of [
      [{ msisdn: '0712345678', expiresInSeconds: 600 }, 'invalid-msisdn'],
      [{ msisdn: '254712345678', expiresInSeconds: 5 }, 'invalid-expiry'],
      [{ msisdn: '254712345678', expiresInSeconds: 1.5 }, 'invalid-expiry'],
    ] as const) {
      await assert.rejects(
        shop.createOrder({ ...input, mode: 'iframe', customer: 'b' }),
        (error) => error instanceof ShopRefusal && error.code === code,
      );
    }
    assert.equal(waftpay.count('checkout'), 0);
  });

  test('Waftpay refusing: the order is not kept', async () => {
    const { shop, store, waftpay } = await coreShop();
    waftpay.on('checkout', () => ({ status: 503, text: 'down' }));
    await assert.rejects(
      shop.createOrder({ msisdn: '254712345678', mode: 'iframe', expiresInSeconds: 600, customer: 'b' }),
    );
    assert.equal(await store.count(), 0);
  });

  test('three open orders for one number: the fourth waits until one is settled or expired', async () => {
    const lab = await coreShop();
    const orders = [await lab.order(), await lab.order(), await lab.order()];
    await assert.rejects(
      lab.order(),
      (error) => error instanceof ShopRefusal && error.code === 'number-busy',
    );
    assert.equal(lab.waftpay.count('checkout'), 3, 'no fourth prompt for that phone');
    await lab.order('254712345679');
    lab.pay(orders[0], 'failed');
    lab.advance(5_000);
    await lab.shop.verifyOrder(orders[0].id);
    await lab.order();
    await assert.rejects(lab.order(), ShopRefusal);
    lab.advance(30 * 60_000);
    await lab.order();
  });
});

describe('webhooks', () => {
  test('a confirmed SUCCESS: PAID from the webhook, fulfilled once; the same webhook again is a duplicate, not asked about', async () => {
    const lab = await coreShop();
    const order = await lab.order();
    const payment = lab.pay(order, 'succeeded');
    const body = forgedWebhook(order.checkoutReference, { paymentUuid: payment.payment_uuid });
    assert.deepEqual(await lab.shop.receiveWebhook(body), { taken: true, duplicate: false });
    const paid = await lab.store.get(order.id);
    assert.deepEqual([paid?.status, paid?.paidAmount, paid?.verifiedBy], ['PAID', 1750, 'webhook']);
    await lab.shop.fulfilDue();
    assert.deepEqual(await lab.shop.receiveWebhook(body), { taken: true, duplicate: true });
    assert.equal(lab.queries(), 1);
    await lab.shop.fulfilDue();
    assert.deepEqual(lab.fulfilled, [order.id]);
    assert.equal((await lab.store.fulfilment(order.id))?.note, `packed ${order.id}`);
  });

  test('the status word is the status query’s: a failed payment announced as EXPIRED is FAILED until the checkout’s time has come', async () => {
    const lab = await coreShop();
    const early = await lab.order();
    const late = await lab.order();
    for (const order of [early, late]) lab.pay(order, 'failed');
    const announce = (order: Order) =>
      lab.shop.receiveWebhook(
        forgedWebhook(order.checkoutReference, {
          status: 'EXPIRED',
          paymentUuid: lab.payments.find((p) => p.transaction_reference === order.checkoutReference)
            ?.payment_uuid,
        }),
      );
    assert.equal((await announce(early)).taken, true);
    assert.equal((await lab.store.get(early.id))?.status, 'FAILED');
    assert.equal(await lab.store.hasDelivery(lab.payments[0].payment_uuid, 'FAILED'), true);
    lab.advance(30 * 60_000 + 1);
    assert.equal((await announce(late)).taken, true);
    assert.equal((await lab.store.get(late.id))?.status, 'EXPIRED');
  });

  test('PENDING is taken without a status query; a claim Waftpay does not confirm yet is refused, for a retry', async () => {
    const lab = await coreShop();
    const order = await lab.order();
    const payment = lab.pay(order, 'processing');
    const pending = forgedWebhook(order.checkoutReference, {
      status: 'PENDING',
      paymentUuid: payment.payment_uuid,
    });
    assert.deepEqual(await lab.shop.receiveWebhook(pending), { taken: true, duplicate: false });
    assert.equal(lab.queries(), 0);
    const success = forgedWebhook(order.checkoutReference, { paymentUuid: payment.payment_uuid });
    assert.deepEqual(await lab.shop.receiveWebhook(success), { taken: false });
    assert.equal(lab.queries(), 1);
    // Delivered again within the back-off: refused without asking; 5 s on, asked and applied.
    payment.state = 'succeeded';
    assert.deepEqual(await lab.shop.receiveWebhook(success), { taken: false });
    assert.equal(lab.queries(), 1);
    lab.advance(5_000);
    assert.deepEqual(await lab.shop.receiveWebhook(success), { taken: true, duplicate: false });
    assert.equal((await lab.store.get(order.id))?.status, 'PAID');
  });

  test('a success after the order expired: the order stays EXPIRED, flagged; nothing fulfilled', async () => {
    const lab = await coreShop();
    const order = await lab.order();
    const payment = lab.pay(order, 'failed');
    lab.advance(31 * 60_000);
    await lab.shop.receiveWebhook(
      forgedWebhook(order.checkoutReference, { status: 'EXPIRED', paymentUuid: payment.payment_uuid }),
    );
    payment.state = 'succeeded';
    lab.advance(5_000);
    assert.equal(
      (
        await lab.shop.receiveWebhook(
          forgedWebhook(order.checkoutReference, { paymentUuid: payment.payment_uuid }),
        )
      ).taken,
      true,
    );
    const late = await lab.store.get(order.id);
    assert.equal(late?.status, 'EXPIRED');
    assert.match(late?.attention ?? '', /reports SUCCESS .* already EXPIRED/);
    await lab.shop.fulfilDue();
    assert.deepEqual(lab.fulfilled, []);
  });
});

describe('verifying and reconciling', () => {
  test('verify asks Waftpay no more often than its back-off: 5 s after the order, then 10, 30 and 60 s apart', async () => {
    const lab = await coreShop();
    const order = await lab.order();
    lab.pay(order, 'processing');
    const asked: number[] = [];
    for (let second = 0; second <= 200; second++) {
      const before = lab.queries();
      const answer = await lab.shop.verifyOrder(order.id);
      if (lab.queries() > before) asked.push(second);
      else assert.ok((answer?.retryAfterMs ?? 0) > 0);
      lab.advance(1_000);
    }
    assert.deepEqual(asked, [5, 15, 45, 105, 165]);
  });

  test('reconciliation: open orders a grace past their expiry are settled from the status query, each asked once per pass', async () => {
    const lab = await coreShop();
    const [paid, failed, unknown, processing] = [
      await lab.order(),
      await lab.order(),
      await lab.order(),
      await lab.order('254712345679'),
    ];
    lab.pay(paid, 'succeeded');
    lab.pay(failed, 'failed');
    lab.pay(processing, 'processing');
    lab.advance(30 * 60_000 + 59_000);
    assert.equal((await lab.shop.reconcile()).checked, 0, 'still within the grace');
    lab.advance(2_000);
    assert.deepEqual(await lab.shop.reconcile(), {
      checked: 4,
      settled: 3,
      unreachable: 0,
      moneyBack: { checked: 0, unreachable: 0 },
    });
    assert.equal((await lab.store.get(paid.id))?.status, 'PAID');
    assert.equal((await lab.store.get(failed.id))?.status, 'EXPIRED');
    const gone = await lab.store.get(unknown.id);
    assert.deepEqual(
      [gone?.status, gone?.attention],
      ['EXPIRED', 'Waftpay has no record of its checkout; closed as expired.'],
    );
    assert.equal((await lab.store.get(processing.id))?.status, 'CREATED');
    assert.deepEqual(await lab.shop.reconcile(), {
      checked: 1,
      settled: 0,
      unreachable: 0,
      moneyBack: { checked: 0, unreachable: 0 },
    });
    assert.equal((await lab.store.get(processing.id))?.attention?.split('\n').length, 1, 'raised once');
    await lab.shop.fulfilDue();
    assert.deepEqual(lab.fulfilled, [paid.id]);
  });
});

describe('fulfilment', () => {
  test('an action that fails leaves the fulfilment due; it is done once its lease ends, and done once', async () => {
    let failures = 1;
    const lab = await coreShop({
      fulfil: async (order) => {
        if (failures-- > 0) throw new Error('the packing list is down');
        return `packed ${order.id}`;
      },
    });
    const order = await lab.order();
    lab.pay(order, 'succeeded');
    lab.advance(5_000);
    await lab.shop.verifyOrder(order.id);
    assert.equal(await lab.shop.fulfilDue(), 0);
    assert.equal((await lab.store.fulfilment(order.id))?.state, 'due');
    lab.advance(29_000);
    assert.equal(await lab.shop.fulfilDue(), 0, 'its lease still holds');
    lab.advance(2_000);
    assert.equal(await lab.shop.fulfilDue(), 1);
    assert.equal(await lab.shop.fulfilDue(), 0);
    const done = await lab.store.fulfilment(order.id);
    assert.deepEqual([done?.state, done?.attempts, done?.doneBy], ['done', 2, 'core-test']);
    assert.ok(lab.logs.some((line) => line.includes('fulfilment failed')));
  });
});
