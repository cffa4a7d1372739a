import type { PaymentStatus, StatusQueryData } from '../../src/server.js';
import { openStatuses, type Order, type OrderStatus, type Settlement } from './store.js';

/** A payment as Waftpay confirmed it (by the status query), whichever way the shop asked. */
export interface ConfirmedPayment {
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly currency?: string;
  readonly paymentUuid: string;
  readonly transactionReference: string;
}

/** What a confirmed payment means for an order: a final status to apply, and what a person must know. */
export interface Verdict {
  readonly settlement?: Settlement;
  readonly attention?: string;
}

const paid = (order: Order) => order.status === 'PAID' || order.status === 'PARTIALLY_PAID';
/** Whether the order still waits for its payment's outcome. */
export const isOpen = (order: Order) => (openStatuses as readonly OrderStatus[]).includes(order.status);
/** Whether the order's payment succeeded, whatever became of the money since. */
const succeeded = (order: Order) => paid(order) || order.status === 'REFUNDED' || order.status === 'REVERSED';

/**
 * Whether a webhook that claims `status` for `paymentUuid` could change what the shop knows of
 * `order`, and so is worth a status query: any outcome for an open order; for a settled one only
 * what must be raised (a success after a failure or an expiry, a second payment) or, once paid, a
 * refund or reversal. PENDING changes nothing, so it is never asked about; ESCALATED only once.
 */
export function worthConfirming(order: Order, status: PaymentStatus, paymentUuid: string): boolean {
  if (status === 'PENDING' || status === 'CREATED') return false;
  if (isOpen(order)) return status !== 'ESCALATED' || order.status === 'CREATED';
  if (status === 'SUCCESS') return !succeeded(order) || order.paymentUuid !== paymentUuid;
  if (status === 'REFUNDED' || status === 'REVERSED') return paid(order) || order.status === 'REFUNDED';
  return false;
}

/**
 * Judges a confirmed payment against the order: paid only in the order's currency, in full (less
 * is partly paid; more is paid, and flagged). Statuses that are not outcomes change nothing.
 */
export function judge(
  order: Order,
  payment: ConfirmedPayment,
  verifiedBy: Settlement['verifiedBy'],
): Verdict {
  const base = {
    from: openStatuses,
    paymentUuid: payment.paymentUuid,
    transactionReference: payment.transactionReference,
    verifiedBy,
  };
  const money = (amount: number, currency = order.currency) => `${currency} ${amount}`;
  switch (payment.status) {
    case 'SUCCESS': {
      if (payment.currency !== undefined && payment.currency !== order.currency) {
        return {
          attention: `Waftpay reports a payment of ${money(payment.amount, payment.currency)} (payment ${payment.paymentUuid}) for an order in ${order.currency}: not marked paid.`,
        };
      }
      if (payment.amount < order.amount) {
        return { settlement: { ...base, status: 'PARTIALLY_PAID', paidAmount: payment.amount } };
      }
      return {
        settlement: { ...base, status: 'PAID', paidAmount: payment.amount },
        attention:
          payment.amount > order.amount
            ? `Paid ${money(payment.amount)} for an order of ${money(order.amount)} (payment ${payment.paymentUuid}): refund the difference.`
            : undefined,
      };
    }
    case 'FAILED':
    case 'EXPIRED':
      return { settlement: { ...base, status: payment.status, paidAmount: null } };
    case 'ESCALATED':
      // Waftpay is looking into it: the order waits (and says so) until the outcome comes.
      return { settlement: { ...base, from: ['CREATED'], status: 'ESCALATED', paidAmount: null } };
    case 'REVERSED':
      // Reversed before the shop learned it succeeded: nothing to fulfil, nothing to send back.
      return { settlement: { ...base, status: 'REVERSED', paidAmount: payment.amount } };
    default:
      return {};
  }
}

/** Statuses that say how a payment ended (or, once paid, what became of it): not still under way. */
export function isOutcome(status: PaymentStatus | undefined): status is PaymentStatus {
  return status !== undefined && status !== 'PENDING' && status !== 'CREATED' && status !== 'ESCALATED';
}

/** Statuses an open order takes from a status query: the outcomes, and ESCALATED. */
export const changesOrder = (status: PaymentStatus | undefined): status is PaymentStatus =>
  isOutcome(status) || status === 'ESCALATED';

/**
 * The status word of a status query's reply, the only thing that decides it (never a webhook
 * body's word): the word the reply names, when it names one (the sandbox's does); else its
 * `state`'s. The documented reply has no word for an expiry: a payment that failed or was canceled
 * once the checkout had expired (by the shop's clock) is then reported as EXPIRED, as its webhook
 * would be.
 */
export function statusOf(
  reply: Pick<StatusQueryData, 'state' | 'status'>,
  pastExpiry: boolean,
): PaymentStatus | undefined {
  // Refunded: the payment succeeded; what went back of it is the refunds' business (refunds.ts).
  if (reply.status === 'REFUNDED') return 'SUCCESS';
  if (reply.status) return reply.status;
  switch (reply.state) {
    case 'succeeded':
      return 'SUCCESS';
    case 'processing':
      return 'PENDING';
    case 'failed':
    case 'canceled':
      return pastExpiry ? 'EXPIRED' : 'FAILED';
    default:
      return undefined;
  }
}

/** A status query's answer as a payment (`undefined` for a status the shop does not know). */
export function paymentFromQuery(data: StatusQueryData, pastExpiry: boolean): ConfirmedPayment | undefined {
  const status = statusOf(data, pastExpiry);
  return (
    status && {
      status,
      amount: data.amount,
      currency: data.currency,
      paymentUuid: data.payment_uuid,
      transactionReference: data.transaction_reference,
    }
  );
}
