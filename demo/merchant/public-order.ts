import type { Clock } from './clock.js';
import type { Order } from './store.js';

/**
 * The order as the storefront sees it: the shop's own fields, nothing of Waftpay's replies. The
 * browser it was made in (`mine`) also gets its phone number and, while its session is open, what
 * it needs to show the same checkout again (after a reload, or back from a return page).
 */
export function publicOrder(
  order: Order,
  {
    mine,
    clock,
    returnUrl,
    phoneUrl,
  }: {
    mine: boolean;
    clock: Clock;
    returnUrl: (kind: 'success' | 'fail', orderId: string) => string;
    phoneUrl: (msisdn: string) => { phoneUrl?: string };
  },
) {
  const open =
    order.status === 'CREATED' &&
    order.checkoutUrl !== null &&
    order.expiresAt !== null &&
    Date.parse(order.expiresAt) > clock.now();
  return {
    id: order.id,
    status: order.status,
    amount: order.amount,
    currency: order.currency,
    paidAmount: order.paidAmount,
    refundedAmount: order.refundedAmount,
    transactionReference: order.transactionReference,
    verifiedBy: order.verifiedBy,
    verifiedAt: order.verifiedAt,
    needsAttention: order.attention !== null,
    createdAt: order.createdAt,
    expiresAt: order.expiresAt,
    ...(mine ? { msisdn: order.msisdn, mode: order.mode, ...phoneUrl(order.msisdn) } : {}),
    ...(mine && open
      ? {
          checkout: {
            checkoutUrl: order.checkoutUrl,
            expiresAt: order.expiresAt,
            successRedirectUrl: returnUrl('success', order.id),
            failRedirectUrl: returnUrl('fail', order.id),
          },
        }
      : {}),
  };
}
