// Reconciliation: how the shop learns what its lost webhooks would have told it. A pass asks
// Waftpay (`queryPayment`) about every order still open past its expiry, a page at a time and a
// few at once, and stops at a 429; then it settles refunds (refunds.ts) and checks settled orders
// again; then it forgets old order requests. The shop (shop.ts) gives it what it applies with.
import { WaftpayApiError } from '../../src/server.js';
import { forEachConcurrently } from './concurrently.js';
import { changesOrder, isOpen, paymentFromQuery, type ConfirmedPayment } from './outcomes.js';
import type { ShopRefunds } from './refunds.js';
import type { ReconcileReport, ShopConfig } from './shop-types.js';
import type { Order, Settlement } from './store.js';
import { describe } from './waftpay-errors.js';

/** How long an order request's `Idempotency-Key` is remembered (in the store, for every server). */
export const orderRequestsKeptMs = 24 * 60 * 60_000;

export interface ReconciliationConfig extends Pick<
  ShopConfig,
  | 'store'
  | 'waftpay'
  | 'clock'
  | 'log'
  | 'reconcileGraceMs'
  | 'reconcileConcurrency'
  | 'recheckEveryMs'
  | 'rechecks'
> {
  /** The shop's money sent back: refunds to settle, reversals to reflect. */
  readonly refunds: ShopRefunds;
  /** The shop's way of applying a payment Waftpay confirmed to its order. */
  readonly apply: (
    order: Order,
    payment: ConfirmedPayment,
    verifiedBy: Settlement['verifiedBy'],
  ) => Promise<unknown>;
  /** Flags an order for a person (once per note). */
  readonly raise: (order: Order, note: string) => Promise<void>;
}

export function shopReconciliation(config: ReconciliationConfig) {
  const { store, waftpay, clock, log, refunds, apply, raise } = config;

  /**
   * Checks one open order past its expiry with Waftpay; whether it was settled, or Waftpay
   * unreachable (`throttled`: it answered 429, asking for fewer requests).
   */
  async function reconcileOne(
    order: Order,
    passStartedAt: number,
  ): Promise<'settled' | 'open' | 'unreachable' | 'throttled' | 'skipped'> {
    // Asked about since this pass began (by another server's pass beside this one, or a browser):
    // that answer is on its way.
    if (order.lastQueriedAt !== null && Date.parse(order.lastQueriedAt) > passStartedAt) return 'skipped';
    // Another server checking the same order at the same time has taken this query.
    if (!(await store.claimOrderQuery(order.id, order.statusQueries, clock.now()))) return 'skipped';
    let answer;
    try {
      answer = await waftpay.queryPayment({ transaction_reference: order.checkoutReference });
    } catch (error) {
      log(`reconciliation: order ${order.id} not checked: ${describe(error)}`);
      return error instanceof WaftpayApiError && error.httpStatus === 429 ? 'throttled' : 'unreachable';
    }
    if (!answer.found) {
      const expired = {
        from: ['CREATED'],
        status: 'EXPIRED',
        paidAmount: null,
        paymentUuid: null,
        transactionReference: null,
        verifiedBy: 'status-query',
      } as const;
      const { applied } = await store.apply(order.id, { settlement: expired }, clock.now());
      // An order whose checkout was never given out (the shop stopped while making it) has no session to find.
      if (applied && order.checkoutUrl)
        await raise(order, 'Waftpay has no record of its checkout; closed as expired.');
      return applied ? 'settled' : 'open';
    }
    const payment = paymentFromQuery(answer.payment, true);
    if (payment?.status === 'ESCALATED') {
      // Waftpay's people are looking into it: its outcome comes by webhook, or a later pass.
      await apply(order, payment, 'status-query');
      return 'open';
    }
    if (!payment || !changesOrder(payment.status)) {
      await raise(
        order,
        `Waftpay reports its payment ${answer.payment.payment_uuid} still ${answer.payment.state} after the checkout expired.`,
      );
      return 'open';
    }
    await apply(order, payment, 'status-query');
    const now = (await store.get(order.id)) as Order;
    return isOpen(now) ? 'open' : 'settled';
  }

  /**
   * A settled order checked again (daily for a week, by default): a reversal of a paid one, or a
   * success after an expiry, whose webhooks were lost, are found this way.
   */
  async function recheck(order: Order): Promise<void> {
    if (!(await store.claimRecheck(order.id, order.rechecks, clock.now()))) return;
    const answer = await waftpay.queryPayment(
      order.paymentUuid
        ? { payment_uuid: order.paymentUuid }
        : { transaction_reference: order.checkoutReference },
    );
    const payment = answer.found ? paymentFromQuery(answer.payment, true) : undefined;
    if (order.status === 'EXPIRED' && payment?.status === 'SUCCESS')
      await apply(order, payment, 'status-query');
    if (order.status !== 'EXPIRED' && payment?.status === 'REVERSED')
      await refunds.moneyBack(order, {
        kind: 'REVERSED',
        amount: order.paidAmount ?? payment.amount,
        requestUuid: null,
      });
  }

  /** Refunds not settled yet, then settled orders due a check again. */
  async function reconcileSettled(): Promise<ReconcileReport['moneyBack']> {
    const report = await refunds.reconcile();
    const due = await store.toRecheck(
      clock.now() - (config.recheckEveryMs ?? 24 * 60 * 60_000),
      config.rechecks ?? 7,
    );
    for (const order of due) {
      try {
        await recheck(order);
      } catch (error) {
        report.unreachable++;
        log(`reconciliation: order ${order.id} not checked again: ${describe(error)}`);
      }
    }
    return { checked: report.checked + due.length, unreachable: report.unreachable };
  }

  let reconciling: Promise<ReconcileReport> | undefined;
  /**
   * Orders still open past their expiry (plus the grace): their webhooks never came, so ask Waftpay
   * about every one of them, a page at a time, `reconcileConcurrency` status queries at once. A 429
   * (Waftpay asks for fewer requests) ends the pass: the rest wait for the next one.
   */
  function reconcile(): Promise<ReconcileReport> {
    reconciling ??= (async () => {
      const report = { checked: 0, settled: 0, unreachable: 0, moneyBack: { checked: 0, unreachable: 0 } };
      const startedAt = clock.now();
      const before = startedAt - config.reconcileGraceMs;
      let throttled = false;
      for (let after: string | undefined; !throttled;) {
        const page = await store.openExpiredBefore(before, 500, after);
        if (page.length === 0) break;
        after = page[page.length - 1].id;
        await forEachConcurrently(page, config.reconcileConcurrency ?? 4, async (order) => {
          if (throttled) return;
          const result = await reconcileOne(order, startedAt);
          if (result === 'skipped') return;
          report.checked++;
          if (result === 'settled') report.settled++;
          if (result === 'unreachable' || result === 'throttled') report.unreachable++;
          throttled ||= result === 'throttled';
        });
      }
      if (throttled)
        log('reconciliation stopped: Waftpay asks for fewer requests (429); the rest wait for the next pass');
      report.moneyBack = await reconcileSettled();
      await store.forgetOrderRequests(clock.now() - orderRequestsKeptMs);
      if (report.checked || report.moneyBack.checked) log(`reconciliation: ${JSON.stringify(report)}`);
      return report;
    })().finally(() => (reconciling = undefined));
    return reconciling;
  }

  return {
    reconcile,
    /** The pass under way, if any. */
    idle: () => reconciling,
  };
}
