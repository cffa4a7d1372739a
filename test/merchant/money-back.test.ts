// The whole lifecycle in the shop, on both stores, with two shop servers sharing one: refunds
// started from the shop (its staff's route, through waftpay-checkout/server's refund()), whole and
// in part, with Waftpay's answer lost; a reversal after the order was paid and fulfilled; an
// escalation; a success after expiry. Each reaches the order (its JSON and its timeline's words),
// and the log; and the order request's Idempotency-Key holds across the two servers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeOrder } from '../../demo/order-status.js';
import type { ShopOrder } from '../../demo/shop-api.js';
import { ManualClock } from '../../sandbox/clock.js';
import type { Sandbox } from '../sandbox/helpers.js';
import {
  createOrder,
  customerPays,
  eventually,
  orderStatus,
  sandbox,
  sandboxAction,
  shop,
  type TestShop,
} from './shop.js';
import { storeKinds } from './stores.js';

const staffToken = 'staff-token-0123456789';
const day = 24 * 60 * 60_000;

for (const kind of storeKinds()) {
  describe(`the whole lifecycle in the shop, two servers on one ${kind.name}`, () => {
    let waftpay: Sandbox;
    let left: TestShop;
    let right: TestShop;
    // The shops' clock: real time, moved on by a test when a day must pass.
    let ahead = 0;
    const clock = { now: () => Date.now() + ahead };
    // The sandbox's: still unless a test moves it (only what a test delays on purpose waits on it).
    const sandboxClock = new ManualClock(Date.now());
    before(async () => {
      waftpay = await sandbox({ clock: sandboxClock });
      const place = await kind.place();
      const options = { ...place, clock, adminToken: staffToken, fulfilEveryMs: 0 };
      left = await shop(waftpay.apiBaseUrl, { ...options, serverId: 'left' });
      right = await shop(waftpay.apiBaseUrl, { ...options, serverId: 'right' });
    });
    after(async () => {
      await left?.close();
      await right?.close();
      await waftpay?.close();
      waftpay?.clearFaults('shop');
    });

    const logs = () => [...left.logs, ...right.logs];
    const stored = async (id: string) => (await left.orders.get(id))!;
    const view = async (id: string) => (await orderStatus(left, id)) as ShopOrder;

    /** An order, its checkout reference, and (after `action`) the order as the store holds it once `until` holds. */
    async function order(msisdn = '254712345678') {
      const { orderId } = await createOrder(left, msisdn);
      return { id: orderId as string, reference: (await stored(orderId)).checkoutReference };
    }
    async function paid(amount?: number) {
      const made = await order();
      await sandboxAction(waftpay, made.reference, 'approve', amount ? { amount } : {});
      await eventually('the order paid', async () => (await stored(made.id)).paidAmount !== null);
      return made;
    }
    const refund = (
      server: TestShop,
      id: string,
      key: string,
      body: Record<string, unknown> = {},
      token = staffToken,
    ) =>
      fetch(`${server.url}/api/orders/${id}/refund`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
    const refundsAtWaftpay = (reference: string) =>
      waftpay.recorded('shop').refunds.filter((known) => known.checkout_reference === reference);

    test('a refund from the shop, asked again on the other server with its key: one refund at Waftpay; the order REFUNDED, on its timeline and in the log', async () => {
      const { id, reference } = await paid();
      assert.equal((await refund(left, id, 'refund-0001', {}, 'not-the-token')).status, 404);
      const first = await refund(left, id, 'refund-0001', { remarks: 'out of stock' });
      assert.ok([200, 202].includes(first.status), String(first.status));
      const { refund: made } = (await first.json()) as { refund: { requestUuid: string; amount: number } };
      assert.equal(made.amount, 1750);
      const again = (await (await refund(right, id, 'refund-0001')).json()) as typeof first extends never
        ? never
        : { refund: { requestUuid: string } };
      assert.equal(again.refund.requestUuid, made.requestUuid);
      await eventually('the order refunded', async () => (await stored(id)).status === 'REFUNDED');
      assert.equal(refundsAtWaftpay(reference).length, 1, 'asked once');
      const known = await view(id);
      assert.equal(known.refundedAmount, 1750);
      assert.equal(describeOrder(known).label, 'Refunded');
      assert.ok(logs().some((line) => line.includes(`order ${id}: REFUNDED KES 1750`)));
      const more = await refund(right, id, 'refund-0002', { amount: 1 });
      assert.equal(more.status, 409);
      assert.equal(((await more.json()) as { code: string }).code, 'too-much');
    });

    test('a partial refund: the order stays PAID and says what went back; more than is left is refused; the rest makes it REFUNDED', async () => {
      const { id, reference } = await paid();
      await refund(left, id, 'part-0001', { amount: 500 });
      await eventually('500 refunded', async () => (await stored(id)).refundedAmount === 500);
      const known = await view(id);
      assert.equal(known.status, 'PAID');
      assert.match(describeOrder(known).detail, /KES 500 of it was refunded/);
      const tooMuch = await refund(right, id, 'part-0002', { amount: 1300 });
      assert.equal(tooMuch.status, 409);
      await refund(right, id, 'part-0003');
      await eventually('all refunded', async () => (await stored(id)).status === 'REFUNDED');
      assert.equal((await stored(id)).refundedAmount, 1750);
      assert.deepEqual(
        refundsAtWaftpay(reference).map((known) => known.amount),
        [500, 1250],
      );
    });

    test('Waftpay’s answer to a refund lost (and its webhook): asked again with its key, Waftpay is asked nothing; another refund waits; reconciliation finds it, once', async () => {
      const { id, reference } = await paid();
      waftpay.setFaults('shop', {
        refund: { lostReply: 1, hangMs: 0 },
        webhooks: { drop: 1, references: [reference] },
      });
      try {
        const first = await refund(left, id, 'lost-0001', { amount: 700 });
        assert.equal(first.status, 202);
        assert.equal(((await first.json()) as { refund: { state: string } }).refund.state, 'asking');
        assert.equal((await refund(right, id, 'lost-0001', { amount: 700 })).status, 202);
        const other = await refund(right, id, 'lost-0002', { amount: 100 });
        assert.equal(other.status, 409);
        assert.equal(((await other.json()) as { code: string }).code, 'refund-unknown');
      } finally {
        waftpay.clearFaults('shop');
      }
      assert.equal(refundsAtWaftpay(reference).length, 1, 'one refund at Waftpay');
      await right.reconcile();
      assert.equal((await stored(id)).refundedAmount, 0, 'not asked before the refund had its time');
      ahead += 2 * 60 * 60_000;
      await Promise.all([left.reconcile(), right.reconcile()]);
      await left.reconcile();
      assert.equal((await stored(id)).refundedAmount, 700);
      const [known] = await left.orders.refunds(id);
      assert.equal(known.state, 'done');
      assert.equal(refundsAtWaftpay(reference).length, 1);
      assert.equal(logs().filter((line) => line.startsWith(`order ${id}: REFUNDED`)).length, 1);
    });

    test('a lost answer found out by reconciliation, then the refund’s late webhook: reflected once, its request_uuid learned', async () => {
      const { id, reference } = await paid();
      waftpay.setFaults('shop', {
        refund: { lostReply: 1, hangMs: 0 },
        webhooks: { delayMs: 1500, references: [reference] },
      });
      try {
        assert.equal((await refund(left, id, 'late-0001', { amount: 300 })).status, 202);
      } finally {
        waftpay.clearFaults('shop');
      }
      ahead += 2 * 60 * 60_000;
      await right.reconcile();
      assert.equal((await stored(id)).refundedAmount, 300);
      const [atWaftpay] = refundsAtWaftpay(reference);
      assert.equal((await left.orders.refunds(id))[0]?.requestUuid, null, 'the webhook not taken yet');
      // Only now, its delay over, does the refund's webhook go.
      sandboxClock.advance(1500);
      await waftpay.webhooksIdle();
      await eventually(
        'the webhook taken',
        async () => (await left.orders.refunds(id))[0]?.requestUuid === atWaftpay.request_uuid,
      );
      assert.equal((await stored(id)).refundedAmount, 300);
      assert.equal((await left.orders.refunds(id)).length, 1);
    });

    test('a reversal after the order was paid and fulfilled: REVERSED, flagged, in the log; its webhook lost, the daily check finds it', async () => {
      for (const lost of [false, true]) {
        const { id, reference } = await paid();
        await eventually('fulfilled', async () => (await left.orders.fulfilment(id))?.state === 'done');
        if (lost) waftpay.setFaults('shop', { webhooks: { drop: 1, references: [reference] } });
        try {
          assert.equal((await waftpay.act(reference, 'reverse')).status, 200);
          if (lost) {
            await left.reconcile();
            assert.equal((await stored(id)).status, 'PAID', 'not checked again before a day');
            ahead += day + 1000;
            await Promise.all([left.reconcile(), right.reconcile()]);
          }
        } finally {
          waftpay.clearFaults('shop');
        }
        await eventually('reversed', async () => (await stored(id)).status === 'REVERSED');
        const known = await view(id);
        assert.ok(known.needsAttention);
        assert.equal(describeOrder(known).label, 'Reversed');
        assert.ok(logs().some((line) => line.startsWith(`NEEDS ATTENTION order ${id}: Waftpay reversed`)));
        assert.equal(
          logs().filter((line) => line.startsWith(`order ${id}: REVERSED`)).length,
          1,
          'reflected once',
        );
      }
    });

    test('ESCALATED: the order says so until its outcome, which settles it', async () => {
      const { id, reference } = await order('254712345670');
      assert.equal((await waftpay.act(reference, 'escalate')).status, 200);
      await eventually('escalated', async () => (await stored(id)).status === 'ESCALATED');
      assert.equal(describeOrder(await view(id)).label, 'Being reviewed');
      assert.ok(logs().some((line) => line.startsWith(`order ${id}: ESCALATED`)));
      // The payment was asked about for its ESCALATED webhook: its SUCCESS is asked about once the back-off allows.
      ahead += 5_000;
      await sandboxAction(waftpay, reference, 'approve');
      await eventually('paid', async () => (await stored(id)).status === 'PAID');
      await eventually('fulfilled', async () => (await left.orders.fulfilment(id))?.state === 'done');
    });

    test('a success after expiry: the order stays EXPIRED, flagged, on its timeline and in the log', async () => {
      const { orderId: id, checkoutUrl } = await createOrder(left, '254712345671');
      const { checkoutReference: reference } = await stored(id);
      await customerPays(checkoutUrl);
      await sandboxAction(waftpay, reference, 'expire');
      await eventually('expired', async () => (await stored(id)).status === 'EXPIRED');
      ahead += 5_000;
      await sandboxAction(waftpay, reference, 'approve');
      await eventually('flagged', async () => (await stored(id)).attention !== null);
      const known = await view(id);
      assert.equal(known.status, 'EXPIRED');
      assert.match(describeOrder(known).detail, /staff will look into this order/);
      assert.ok(
        logs().some((line) => line.startsWith(`NEEDS ATTENTION order ${id}: Waftpay reports SUCCESS`)),
      );
      assert.equal(await left.orders.fulfilment(id), undefined, 'nothing fulfilled');
    });

    test('a success after expiry whose webhook was lost: the daily check finds it, and flags the order once', async () => {
      const { orderId: id, checkoutUrl } = await createOrder(left, '254712345673');
      const { checkoutReference: reference } = await stored(id);
      await customerPays(checkoutUrl);
      await sandboxAction(waftpay, reference, 'expire');
      await eventually('expired', async () => (await stored(id)).status === 'EXPIRED');
      waftpay.setFaults('shop', { webhooks: { drop: 1, references: [reference] } });
      try {
        await sandboxAction(waftpay, reference, 'approve');
      } finally {
        waftpay.clearFaults('shop');
      }
      await left.reconcile();
      assert.equal((await stored(id)).attention, null, 'not checked again before a day');
      ahead += day + 1000;
      await Promise.all([left.reconcile(), right.reconcile()]);
      const known = await stored(id);
      assert.equal(known.status, 'EXPIRED');
      assert.match(known.attention ?? '', /^Waftpay reports SUCCESS/);
      assert.equal(logs().filter((line) => line.startsWith(`NEEDS ATTENTION order ${id}:`)).length, 1);
    });

    test('an order request’s Idempotency-Key holds across the two servers: one order', async () => {
      const post = (server: TestShop, key: string) =>
        fetch(`${server.url}/api/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ mode: 'iframe', msisdn: '254712345672' }),
        });
      const before = await left.orders.count();
      const first = (await (await post(left, 'pay-click-0001')).json()) as { orderId: string };
      const again = (await (await post(right, 'pay-click-0001')).json()) as { orderId: string };
      assert.equal(again.orderId, first.orderId);
      // At once on both: one makes it; the other answers it, or asks to try again in a moment.
      const both = await Promise.all([post(left, 'pay-click-0002'), post(right, 'pay-click-0002')]);
      assert.deepEqual(
        both.map((response) => response.status).sort(),
        both[0].status === 409 || both[1].status === 409 ? [201, 409] : [201, 201],
      );
      const retried = (await (await post(left, 'pay-click-0002')).json()) as { orderId: string };
      const answered = await Promise.all(both.filter((r) => r.status === 201).map((r) => r.json()));
      for (const one of answered) assert.equal((one as { orderId: string }).orderId, retried.orderId);
      assert.equal(await left.orders.count(), before + 2);
    });
  });
}
