// Money sent back: refunds the shop starts (with waftpay-checkout/server's refund()), and what
// Waftpay reports sent back (refunds, reversals), each reflected on its order once, however often
// it is reported and whichever way (webhook, refund status, status query) the shop learns it.
import { WaftpayApiError, type WaftpayClient } from '../../src/server.js';
import type { Clock } from './clock.js';
import { ShopRefusal } from './shop-types.js';
import { paidStatuses, type MoneyBack, type Order, type OrderStore, type Refund } from './store.js';
import { describe } from './waftpay-errors.js';

export interface RefundsConfig {
  readonly store: OrderStore;
  readonly waftpay: WaftpayClient;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Where Waftpay sends the refund's webhook (the shop's webhook route). */
  readonly notificationUrl: string;
  /** How long a refund may take at Waftpay before reconciliation asks about it. */
  readonly refundCheckAfterMs: number;
}

/** What starting a refund asks. */
export interface RefundRequest {
  /** The caller's key for this refund: asking again with it answers the same refund, never a second. */
  readonly key: string;
  /** In the order's currency; by default all that is left. */
  readonly amount?: number;
  readonly remarks?: string;
}

const refusals = {
  'not-paid': 'Only a paid order can be refunded.',
  'too-much': 'That is more than is left to refund of this order.',
  'refund-unknown':
    'Waftpay’s answer to an earlier refund of this order was lost; the shop finds out before another is asked.',
} as const;

const isPaid = (order: Order) => (paidStatuses as readonly string[]).includes(order.status);
const money = (order: Order, amount: number) => `${order.currency} ${amount}`;

export function shopRefunds(config: RefundsConfig) {
  const { store, waftpay, clock, log } = config;

  /**
   * Starts a refund of a paid order, once per `key`: recorded first (`asking`), then asked of
   * Waftpay. Asked again with the same key, it answers the refund as it stands and asks nothing:
   * when Waftpay's answer was lost, reconciliation finds out whether the money went back.
   */
  async function refund(orderId: string, request: RefundRequest): Promise<Refund> {
    const order = await store.get(orderId);
    if (!order) throw new ShopRefusal('unknown-order', 'There is no such order.');
    const amount = request.amount ?? (order.paidAmount ?? 0) - order.refundedAmount;
    if (!(amount > 0) || Math.round(amount * 100) !== amount * 100)
      throw new ShopRefusal('invalid-amount', 'The amount must be more than 0, with at most 2 decimals.');
    const started = await store.startRefund(orderId, request.key, amount, clock.now());
    if ('refusal' in started) throw new ShopRefusal(started.refusal, refusals[started.refusal]);
    if (started.started) await ask(order, started.refund, request.remarks);
    return (await store.refunds(orderId)).find((known) => known.key === request.key) as Refund;
  }

  async function ask(order: Order, refund: Refund, remarks?: string): Promise<void> {
    try {
      const { requestUuid } = await waftpay.refund({
        transaction_reference: order.transactionReference as string,
        payment_uuid: order.paymentUuid as string,
        amount: refund.amount,
        notification_url: config.notificationUrl,
        remarks,
      });
      await store.answerRefund(order.id, refund.key, { requestUuid });
      log(`order ${order.id}: refund of ${money(order, refund.amount)} accepted by Waftpay (${requestUuid})`);
    } catch (error) {
      // Waftpay answered, refusing: nothing was sent back. No answer: it may have been done.
      if (error instanceof WaftpayApiError) {
        await store.answerRefund(order.id, refund.key, 'failed');
        log(`order ${order.id}: refund of ${money(order, refund.amount)} refused: ${describe(error)}`);
        throw error;
      }
      log(
        `order ${order.id}: refund of ${money(order, refund.amount)} asked, Waftpay's answer lost (${describe(error)}); reconciliation finds out, never by asking again`,
      );
    }
  }

  /** Money Waftpay confirmed it sent back, reflected on the order once; whether it was new. */
  async function moneyBack(order: Order, back: MoneyBack): Promise<boolean> {
    // Flagged with the reversal, in one transaction: no crash can leave one without the other.
    const note = `Waftpay reversed the payment ${order.paymentUuid} of an order whose fulfilment was due or done: recover the goods or ask for payment again.`;
    const recorded = await store.moneyBack(
      order.id,
      back.kind === 'REVERSED' ? { ...back, noteIfFulfilled: note } : back,
      clock.now(),
    );
    if (!recorded) return false;
    log(
      `order ${order.id}: ${back.kind} ${money(order, back.amount)}${back.requestUuid ? ` (${back.requestUuid})` : ''}`,
    );
    if (back.kind === 'REVERSED' && (await store.get(order.id))?.attention?.split('\n').includes(note))
      log(`NEEDS ATTENTION order ${order.id}: ${note}`);
    return true;
  }

  /** Whether Waftpay's refund `requestUuid` of the order was reflected already. */
  const reflected = async (orderId: string, requestUuid: string) =>
    (await store.refunds(orderId)).some(
      (known) => known.requestUuid === requestUuid && known.state === 'done',
    );

  /** Finds out how a refund whose webhook has not come (or whose answer was lost) ended. */
  async function settleRefund(refund: Refund): Promise<void> {
    const order = (await store.get(refund.orderId)) as Order;
    if (refund.requestUuid) {
      const answer = await waftpay.queryRefund(refund.requestUuid);
      if (answer.found && answer.state === 'succeeded')
        await moneyBack(order, {
          kind: answer.refund.type ?? refund.kind,
          amount: answer.refund.amount,
          requestUuid: refund.requestUuid,
        });
      else if (!answer.found || answer.state === 'failed') {
        await store.answerRefund(order.id, refund.key, 'failed');
        log(`order ${order.id}: refund ${refund.requestUuid} did not go through`);
      }
      return;
    }
    // Its answer was lost: what Waftpay sent back of the payment, less what the shop knows of, says.
    const answer = await waftpay.queryPayment({ payment_uuid: order.paymentUuid as string });
    if (!answer.found) return;
    const unknown = Math.round(((answer.payment.refunded_amount ?? 0) - order.refundedAmount) * 100);
    if (unknown >= Math.round(refund.amount * 100))
      await moneyBack(order, { kind: 'REFUNDED', amount: refund.amount, requestUuid: null });
    else {
      await store.answerRefund(order.id, refund.key, 'failed');
      log(
        `order ${order.id}: refund of ${money(order, refund.amount)} never reached Waftpay; ask again if still due`,
      );
    }
  }

  /** Refunds not yet settled, asked about: what reconciliation does for money sent back. */
  async function reconcile(): Promise<{ checked: number; unreachable: number }> {
    const report = { checked: 0, unreachable: 0 };
    for (const refund of await store.unfinishedRefunds(clock.now() - config.refundCheckAfterMs)) {
      report.checked++;
      try {
        await settleRefund(refund);
      } catch (error) {
        report.unreachable++;
        log(`reconciliation: refund of order ${refund.orderId} not checked: ${describe(error)}`);
      }
    }
    return report;
  }

  return { refund, moneyBack, reflected, reconcile, isPaid };
}

export type ShopRefunds = ReturnType<typeof shopRefunds>;
