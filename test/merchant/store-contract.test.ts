// The order store's contract, run against both stores (SQLite and a real PostgreSQL): what the
// shop's rules rely on, including what must hold when two shop servers (two handles on one
// database) do the same thing at the same moment.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewOrder, OrderLimits, OrderStore, Settlement } from '../../demo/merchant/store.js';
import { roomyLimits } from './shop.js';
import { newOrder as orderOf, open, storeKinds } from './stores.js';

const t0 = Date.parse('2026-12-01T08:00:00Z');
const newOrder = (id: string, extra: Partial<NewOrder> = {}): NewOrder =>
  orderOf(id, t0 + 30 * 60_000, extra);

const paid = (paymentUuid: string, from: Settlement['from'] = ['CREATED']): Settlement => ({
  from,
  status: 'PAID',
  paidAmount: 1750,
  paymentUuid,
  transactionReference: 'T',
  verifiedBy: 'webhook',
});
const failed = (paymentUuid: string): Settlement => ({
  ...paid(paymentUuid),
  status: 'FAILED',
  paidAmount: null,
});

async function made(store: OrderStore, id: string, extra: Partial<NewOrder> = {}, at = t0): Promise<void> {
  assert.equal(await store.create(newOrder(id, extra), roomyLimits.orders, at), undefined);
  await store.attachCheckout(
    id,
    `https://pay.example/checkout/${id}`,
    new Date(t0 + 1_800_000).toISOString(),
    t0 + 1_800_000,
  );
}

for (const kind of storeKinds()) {
  describe(`the order store on ${kind.name}`, () => {
    async function withStores(
      count: number,
      work: (...stores: OrderStore[]) => Promise<void>,
    ): Promise<void> {
      const place = await kind.place();
      const stores = [];
      for (let i = 0; i < count; i++) stores.push(await open(place));
      try {
        await work(...stores);
      } finally {
        for (const store of stores) await store.close();
      }
    }

    test('an order is made, given its checkout, found by id, reference and browser; one never given a checkout can be discarded', () =>
      withStores(1, async (store) => {
        await made(store, 'A', { customer: 'browser-1' });
        assert.equal(await store.create(newOrder('B'), roomyLimits.orders, t0 + 1), undefined);
        const a = await store.get('A');
        assert.equal(a?.status, 'CREATED');
        assert.equal(a?.checkoutUrl, 'https://pay.example/checkout/A');
        assert.equal(a?.createdAt, new Date(t0).toISOString());
        assert.equal((await store.byReference('CHK-A'))?.id, 'A');
        assert.deepEqual(
          (await store.byCustomer('browser-1')).map((o) => o.id),
          ['A'],
        );
        assert.equal(await store.count(), 2);
        await store.discard('A');
        await store.discard('B');
        assert.equal(await store.get('B'), undefined);
        assert.equal((await store.get('A'))?.id, 'A', 'an order with a checkout is never discarded');
      }));

    test('a browser’s orders come newest first, in the order made even within one millisecond', () =>
      withStores(1, async (store) => {
        for (const id of ['A', 'B', 'C']) await made(store, id, { customer: 'b' }, t0);
        assert.deepEqual(
          (await store.byCustomer('b')).map((o) => o.id),
          ['C', 'B', 'A'],
        );
        assert.deepEqual(
          (await store.byCustomer('b', 2)).map((o) => o.id),
          ['C', 'B'],
        );
      }));

    test('limits: open orders per number, orders per number and per browser in the window', () =>
      withStores(1, async (store) => {
        const limits: OrderLimits = { openPerNumber: 2, perNumber: 4, perCustomer: 3, windowMs: 60_000 };
        const create = (id: string, at: number, extra: Partial<NewOrder> = {}) =>
          store.create(newOrder(id, { expiresMs: at + 30_000, ...extra }), limits, at);
        assert.equal(await create('A', t0), undefined);
        assert.equal(await create('B', t0), undefined);
        assert.equal(await create('C', t0), 'number-busy', 'two open: the third waits');
        await store.apply('A', { settlement: failed('p-a') }, t0);
        assert.equal(await create('C', t0), undefined, 'a settled order is not open');
        // B and C expire at t0 + 30 s: no longer open, but still counted in the window.
        assert.equal(await create('D', t0 + 31_000), undefined);
        assert.equal(await create('E', t0 + 31_000), 'number-busy', 'four for the number within a minute');
        assert.equal(await create('E', t0 + 61_000), undefined, 'the window has moved on');
        // Per browser, whatever the number.
        for (const [i, msisdn] of ['254700000011', '254700000012', '254700000013'].entries())
          assert.equal(await create(`F${i}`, t0, { msisdn, customer: 'b' }), undefined);
        assert.equal(await create('F3', t0, { msisdn: '254700000014', customer: 'b' }), 'customer-busy');
        assert.equal(await create('F3', t0, { msisdn: '254700000014', customer: 'other' }), undefined);
      }));

    test('two servers make orders for one number at once: never more open than the cap', () =>
      withStores(2, async (first, second) => {
        const limits: OrderLimits = { openPerNumber: 3, perNumber: 100, perCustomer: 100, windowMs: 60_000 };
        const tries = Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? first : second).create(newOrder(`N${i}`), limits, t0),
        );
        const refusals = await Promise.all(tries);
        assert.equal(refusals.filter((refusal) => refusal === undefined).length, 3);
        assert.equal(await first.count(), 3);
      }));

    test('a webhook is recorded once; a status changes only from the statuses its settlement names', () =>
      withStores(1, async (store) => {
        await made(store, 'A');
        const delivery = { paymentUuid: 'p1', status: 'SUCCESS', body: { any: 'thing' } };
        assert.deepEqual(await store.apply('A', { settlement: paid('p1'), delivery }, t0), {
          recorded: true,
          applied: true,
        });
        assert.equal(await store.hasDelivery('p1', 'SUCCESS'), true);
        assert.equal(await store.hasDelivery('p1', 'FAILED'), false);
        assert.deepEqual(await store.apply('A', { settlement: paid('p1'), delivery }, t0), {
          recorded: false,
          applied: false,
        });
        assert.deepEqual(await store.apply('A', { settlement: failed('p2') }, t0), {
          recorded: false,
          applied: false,
        });
        const order = await store.get('A');
        assert.equal(order?.status, 'PAID');
        assert.equal(order?.paymentUuid, 'p1');
        assert.equal(order?.verifiedAt, new Date(t0).toISOString());
        // A later rule (a refund) names PAID among its `from`.
        const refunded = { ...paid('p1', ['PAID']), status: 'REFUNDED' as const };
        assert.equal((await store.apply('A', { settlement: refunded }, t0)).applied, true);
        assert.equal((await store.get('A'))?.status, 'REFUNDED');
      }));

    test('a fulfilment is due once an order is PAID, and only then', () =>
      withStores(1, async (store) => {
        for (const id of ['P', 'F', 'H']) await made(store, id);
        await store.apply('P', { settlement: paid('p') }, t0);
        await store.apply('F', { settlement: failed('f') }, t0);
        await store.apply(
          'H',
          { settlement: { ...paid('h'), status: 'PARTIALLY_PAID', paidAmount: 1000 } },
          t0,
        );
        assert.equal((await store.fulfilment('P'))?.state, 'due');
        assert.equal(await store.fulfilment('F'), undefined);
        assert.equal(await store.fulfilment('H'), undefined);
      }));

    test('two servers settle the same 300 orders at once, one as paid, one as failed: each once, each paid one due once', () =>
      withStores(2, async (first, second) => {
        const ids = Array.from({ length: 300 }, (_, i) => `O${i}`);
        for (const id of ids) await made(first, id);
        const settle = (store: OrderStore, how: typeof paid) =>
          Promise.all(
            ids.map(async (id) => {
              const delivery = {
                paymentUuid: `${id}-pay`,
                status: how === paid ? 'SUCCESS' : 'FAILED',
                body: {},
              };
              return (await store.apply(id, { settlement: how(`${id}-pay`), delivery }, t0)).applied;
            }),
          );
        const [byFirst, bySecond] = await Promise.all([settle(first, paid), settle(second, failed)]);
        for (const [i, id] of ids.entries()) {
          assert.equal(byFirst[i] !== bySecond[i], true, `${id} settled exactly once`);
          const order = await first.get(id);
          assert.equal(order?.status, byFirst[i] ? 'PAID' : 'FAILED');
          assert.equal((await first.fulfilment(id))?.state, byFirst[i] ? 'due' : undefined);
        }
      }));

    test('a status query is claimed by one server only, for the count it saw', () =>
      withStores(2, async (first, second) => {
        await made(first, 'A');
        const claims = await Promise.all(
          [first, second, first, second].map((store) => store.claimOrderQuery('A', 0, t0)),
        );
        assert.equal(claims.filter(Boolean).length, 1);
        assert.equal((await first.get('A'))?.statusQueries, 1);
        assert.equal(await second.claimOrderQuery('A', 0, t0), false);
        assert.equal(await second.claimOrderQuery('A', 1, t0 + 5000), true);
        assert.equal((await first.get('A'))?.lastQueriedAt, new Date(t0 + 5000).toISOString());
        await first.apply('A', { settlement: failed('x') }, t0);
        assert.equal(await first.claimOrderQuery('A', 2, t0), false, 'a settled order is not asked about');
        const payments = await Promise.all(
          [first, second, first].map((store) => store.claimPaymentQuery('p', 0, t0)),
        );
        assert.equal(payments.filter(Boolean).length, 1);
        assert.deepEqual(await second.paymentQueries('p'), { queries: 1, lastAt: t0 });
        assert.deepEqual(await second.paymentQueries('unknown'), { queries: 0, lastAt: 0 });
        assert.equal(await second.claimPaymentQuery('p', 1, t0 + 5000), true);
        assert.equal(await first.claimPaymentQuery('p', 1, t0 + 5000), false);
      }));

    test('a fulfilment is held by one server until its lease ends, then taken over; done once', () =>
      withStores(2, async (first, second) => {
        await made(first, 'A');
        await first.apply('A', { settlement: paid('p') }, t0);
        const [a, b] = await Promise.all([
          first.claimFulfilments('one', t0, t0 + 1000, 10),
          second.claimFulfilments('two', t0, t0 + 1000, 10),
        ]);
        assert.deepEqual([...a, ...b], ['A']);
        const holder = a.length ? 'one' : 'two';
        const other = holder === 'one' ? 'two' : 'one';
        assert.deepEqual(
          await second.claimFulfilments(other, t0 + 999, t0 + 2000, 10),
          [],
          'the lease holds',
        );
        // The holder stops (a crash): once its lease ends, the other takes the fulfilment over.
        assert.deepEqual(await second.claimFulfilments(other, t0 + 1001, t0 + 2000, 10), ['A']);
        assert.equal(await first.completeFulfilment('A', holder, t0 + 1002, 'late'), false, 'no longer its');
        assert.equal(await second.completeFulfilment('A', other, t0 + 1003, 'packed'), true);
        assert.equal(await second.completeFulfilment('A', other, t0 + 1004, 'packed again'), false);
        assert.deepEqual(await first.claimFulfilments(holder, t0 + 5000, t0 + 6000, 10), []);
        assert.deepEqual(await first.fulfilment('A'), {
          orderId: 'A',
          state: 'done',
          attempts: 2,
          dueAt: new Date(t0).toISOString(),
          doneAt: new Date(t0 + 1003).toISOString(),
          doneBy: other,
          note: 'packed',
        });
      }));

    test('open orders past a time, soonest first; notes for a person are kept in turn', () =>
      withStores(1, async (store) => {
        for (const [id, expiresMs] of [
          ['late', t0 + 3000],
          ['early', t0 + 1000],
          ['after', t0 + 9000],
        ] as const) {
          await store.create(newOrder(id, { expiresMs }), roomyLimits.orders, t0);
          await store.attachCheckout(
            id,
            'https://pay.example/c',
            new Date(expiresMs).toISOString(),
            expiresMs,
          );
        }
        await store.create(newOrder('unattached', { expiresMs: t0 + 2000 }), roomyLimits.orders, t0);
        assert.deepEqual(
          (await store.openExpiredBefore(t0 + 5000)).map((o) => o.id),
          ['early', 'unattached', 'late'],
        );
        assert.deepEqual(
          (await store.openExpiredBefore(t0 + 5000, 1)).map((o) => o.id),
          ['early'],
        );
        // Paged: after the last of the page before; equal expiries in id order.
        await store.create(newOrder('also-late', { expiresMs: t0 + 3000 }), roomyLimits.orders, t0);
        assert.deepEqual(
          (await store.openExpiredBefore(t0 + 5000, 2, 'early')).map((o) => o.id),
          ['unattached', 'also-late'],
        );
        assert.deepEqual(
          (await store.openExpiredBefore(t0 + 5000, 2, 'also-late')).map((o) => o.id),
          ['late'],
        );
        await store.flag('early', 'first note');
        await store.flag('early', 'second note');
        assert.equal((await store.get('early'))?.attention, 'first note\nsecond note');
      }));
  });
}
