// One reconciliation pass over many open orders (the shop's logic called directly, Waftpay in this
// process, the real SQLite store): every order past its expiry is asked about, however many there
// are; a few status queries at once, never more; a 429 ends the pass; and an order another server
// asked about during the pass is not asked about twice. `npm run bench` measures the same pass over
// 10 000 orders, on SQLite and on two servers sharing PostgreSQL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../demo/merchant/open-store.js';
import { createShop, type ReconcileReport, type ShopConfig } from '../../demo/merchant/shop.js';
import type { OrderStore } from '../../demo/merchant/store.js';
import { createWaftpayClient } from '../../src/server.js';
import { inProcessWaftpay, type Answer, type Received } from './fake-waftpay.js';
import { newDataDir, roomyLimits } from './shop.js';
import { newOrder } from './stores.js';
import { statusReply } from './waftpay-documents.js';

const t0 = Date.UTC(2026, 2, 2, 12);

/** `count` orders whose checkouts expired an hour before `t0`, in the order they expired. */
async function expiredOrders(store: OrderStore, count: number): Promise<string[]> {
  const references: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `ORDER-${String(i).padStart(4, '0')}`;
    const expiresMs = t0 - 60 * 60_000 + i;
    await store.create(newOrder(id, expiresMs), roomyLimits.orders, expiresMs - 30 * 60_000);
    await store.attachCheckout(id, 'https://pay.example/c', new Date(expiresMs).toISOString(), expiresMs);
    references.push(`CHK-${id}`);
  }
  return references;
}

/** Waftpay's answer for a payment of `reference` in `state`. */
const payment = (reference: string, state: string): Answer => ({
  json: {
    ...statusReply,
    data: { ...statusReply.data, amount: 1750, transaction_reference: reference, state },
  },
});

const referenceOf = (request: Received) =>
  (request.body as { transaction_reference: string }).transaction_reference;

/** A shop server on `store`, its status queries answered by `query`, on a clock the test moves. */
function shopOn(
  store: OrderStore,
  query: (request: Received) => Answer | Promise<Answer>,
  config: Partial<ShopConfig> = {},
) {
  let now = t0;
  const waftpay = inProcessWaftpay({ query });
  const logs: string[] = [];
  const shop = createShop({
    store,
    waftpay: createWaftpayClient({
      baseUrl: waftpay.baseUrl,
      consumerKey: 'k',
      consumerSecret: 's',
      fetch: waftpay.fetch,
    }),
    clock: { now: () => now },
    log: (line) => logs.push(line),
    publicUrl: 'https://shop.example',
    basket: { amount: 1750, currency: 'KES' },
    limits: roomyLimits.orders,
    statusBackoffMs: [5_000, 10_000, 30_000, 60_000],
    reconcileGraceMs: 60_000,
    fulfil: async (order) => `packed ${order.id}`,
    serverId: 'reconcile-test',
    fulfilmentLeaseMs: 30_000,
    ...config,
  });
  return { shop, waftpay, logs, advance: (ms: number) => void (now += ms) };
}

/** What a pass did with the open orders (a report may say more, about other things). */
const ordersOf = ({ checked, settled, unreachable }: ReconcileReport) => ({ checked, settled, unreachable });

/** How many status queries asked about each reference. */
function queriesByReference(received: readonly Received[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of received.filter((r) => r.route === 'query'))
    counts.set(referenceOf(request), (counts.get(referenceOf(request)) ?? 0) + 1);
  return counts;
}

test('one pass asks about every open order past its expiry, more than a page of them, each once', async () => {
  const store = await openStore({ dataDir: newDataDir() });
  try {
    const references = await expiredOrders(store, 501);
    const { shop, waftpay } = shopOn(store, (request) => payment(referenceOf(request), 'failed'));
    assert.deepEqual(ordersOf(await shop.reconcile()), { checked: 501, settled: 501, unreachable: 0 });
    const asked = queriesByReference(waftpay.received);
    assert.equal(asked.size, 501);
    assert.ok([...asked.values()].every((n) => n === 1));
    for (const reference of references) assert.equal((await store.byReference(reference))?.status, 'EXPIRED');
    assert.equal((await store.openExpiredBefore(t0)).length, 0);
  } finally {
    await store.close();
  }
});

test('a pass makes reconcileConcurrency status queries at once, never more', async () => {
  const store = await openStore({ dataDir: newDataDir() });
  try {
    await expiredOrders(store, 12);
    let inFlight = 0;
    let most = 0;
    const { shop } = shopOn(
      store,
      async (request) => {
        most = Math.max(most, ++inFlight);
        // Waftpay takes a few turns of the event loop to answer: the shop may start others meanwhile.
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return payment(referenceOf(request), 'failed');
      },
      { reconcileConcurrency: 3 },
    );
    assert.deepEqual(ordersOf(await shop.reconcile()), { checked: 12, settled: 12, unreachable: 0 });
    assert.equal(most, 3);
  } finally {
    await store.close();
  }
});

test('a 429 ends the pass (the rest wait for the next one); the next pass goes on', async () => {
  const store = await openStore({ dataDir: newDataDir() });
  try {
    await expiredOrders(store, 10);
    let throttled = true;
    const { shop, waftpay, logs } = shopOn(
      store,
      (request) =>
        throttled
          ? {
              status: 429,
              json: { error: 'invalid_request', code: '429.000.429', message: 'Too many requests' },
            }
          : payment(referenceOf(request), 'failed'),
      { reconcileConcurrency: 2 },
    );
    const first = await shop.reconcile();
    assert.ok(first.checked <= 2 && first.unreachable === first.checked, JSON.stringify(first));
    assert.ok(waftpay.count('query') <= 2);
    assert.ok(
      logs.some((line) => line.startsWith('reconciliation stopped: Waftpay asks for fewer requests')),
    );
    assert.equal((await store.openExpiredBefore(t0)).length, 10);
    throttled = false;
    assert.deepEqual(ordersOf(await shop.reconcile()), { checked: 10, settled: 10, unreachable: 0 });
  } finally {
    await store.close();
  }
});

test('an order another server asked about during this pass is not asked about again', async () => {
  const store = await openStore({ dataDir: newDataDir() });
  try {
    // The last order is on the pass's second page, read after the other server has asked.
    const references = await expiredOrders(store, 501);
    const last = references[500];
    const other = shopOn(store, (request) => payment(referenceOf(request), 'processing'));
    let asked = false;
    const { shop, waftpay } = shopOn(
      store,
      async (request) => {
        if (!asked) {
          asked = true;
          other.advance(1);
          const order = await store.byReference(last);
          await other.shop.verifyOrder(order!.id);
        }
        return payment(referenceOf(request), 'failed');
      },
      { reconcileConcurrency: 1 },
    );
    const report = await shop.reconcile();
    assert.equal(other.waftpay.count('query'), 1);
    assert.equal(queriesByReference(waftpay.received).get(last), undefined);
    assert.deepEqual(ordersOf(report), { checked: 500, settled: 500, unreachable: 0 });
    assert.equal((await store.byReference(last))?.status, 'CREATED');
  } finally {
    await store.close();
  }
});
