import type { PaymentStatus, StatusQueryData } from '../../src/server.js';
import type { Order, Settlement } from './orders.js';

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
    case 'REFUNDED':
    case 'REVERSED':
      return { attention: `Waftpay reports the payment ${payment.paymentUuid} ${payment.status}.` };
    default:
      return {};
  }
}

/**
 * A status query's answer as a payment. A payment that failed or was canceled after the
 * checkout's expiry is reported as EXPIRED, as its webhook would have.
 */
export function paymentFromQuery(data: StatusQueryData, pastExpiry: boolean): ConfirmedPayment {
  const status: PaymentStatus =
    data.state === 'succeeded'
      ? 'SUCCESS'
      : data.state === 'processing'
        ? 'PENDING'
        : pastExpiry
          ? 'EXPIRED'
          : 'FAILED';
  return {
    status,
    amount: data.amount,
    currency: data.currency,
    paymentUuid: data.payment_uuid,
    transactionReference: data.transaction_reference,
  };
}
