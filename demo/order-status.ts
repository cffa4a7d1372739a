// The order as the shop's server knows it, in words, and kept up to date until it is settled.
import { fetchOrder, ShopError, type ShopOrder } from './shop-api.js';

export interface OrderWords {
  /** A word or two for a badge: "Paid", "Awaiting payment"… */
  readonly label: string;
  /** A sentence: what the server confirmed, and how. */
  readonly detail: string;
  readonly tone: 'waiting' | 'good' | 'bad';
}

const money = (currency: string, amount: number | null): string =>
  `${currency} ${(amount ?? 0).toLocaleString('en-KE')}`;

/** How the server learned it: never from the page, always from Waftpay. */
function source(order: ShopOrder): string {
  return order.verifiedBy === 'webhook'
    ? 'confirmed by the shop’s server from Waftpay’s webhook'
    : 'confirmed by the shop’s server with a status query to Waftpay';
}

/**
 * The order in words: its status, what was sent back of it, and whether the shop's staff must look
 * at it (a late or contradicting payment, a reversal after fulfilment).
 */
export function describeOrder(order: ShopOrder): OrderWords {
  const words = statusWords(order);
  const refunded =
    order.refundedAmount > 0 && order.status !== 'REFUNDED'
      ? ` ${money(order.currency, order.refundedAmount)} of it was refunded.`
      : '';
  const attention = order.needsAttention ? ' The shop’s staff will look into this order.' : '';
  return { ...words, detail: `${words.detail}${refunded}${attention}` };
}

function statusWords(order: ShopOrder): OrderWords {
  switch (order.status) {
    case 'CREATED':
      return {
        label: 'Awaiting payment',
        detail: 'The shop’s server has not received a payment yet.',
        tone: 'waiting',
      };
    case 'PAID':
      return {
        label: 'Paid',
        detail: `${money(order.currency, order.paidAmount)} received, ${source(order)} (${order.transactionReference}).`,
        tone: 'good',
      };
    case 'PARTIALLY_PAID':
      return {
        label: 'Partly paid',
        detail: `${money(order.currency, order.paidAmount)} of ${money(order.currency, order.amount)} received, ${source(order)}.`,
        tone: 'bad',
      };
    case 'FAILED':
      return {
        label: 'Not paid',
        detail: `The payment was declined or cancelled, ${source(order)}.`,
        tone: 'bad',
      };
    case 'EXPIRED':
      return { label: 'Expired', detail: `The checkout expired unpaid, ${source(order)}.`, tone: 'bad' };
    case 'ESCALATED':
      return {
        label: 'Being reviewed',
        detail: 'Waftpay is looking into this payment; the shop’s server waits for its outcome.',
        tone: 'waiting',
      };
    case 'REFUNDED':
      return {
        label: 'Refunded',
        detail: `${money(order.currency, order.refundedAmount)} was sent back, ${source(order)}.`,
        tone: 'bad',
      };
    case 'REVERSED':
      return {
        label: 'Reversed',
        detail: `The payment of ${money(order.currency, order.paidAmount)} was reversed, ${source(order)}.`,
        tone: 'bad',
      };
  }
}

/** Whether the server has settled the order (its payment's outcome is known). */
export const isSettled = (order: ShopOrder): boolean =>
  order.status !== 'CREATED' && order.status !== 'ESCALATED';

/** What the timeline shows a change of: the status, what was sent back, whether staff must look. */
export const orderChange = (order: ShopOrder | undefined): string =>
  order ? `${order.status} ${order.refundedAmount} ${order.needsAttention}` : '';

/** After this long without a final status, the shop's server is asked to check with Waftpay. */
const verifyAfterMs = 8000;
/** Past the session's expiry by this much and still open, the page stops asking (the server goes on). */
const expiryGraceMs = 2 * 60_000;

export interface OrderWatch {
  /** The order as the server knows it, each time it is asked. */
  readonly show: (order: ShopOrder) => void;
  /** The server could not be reached (it is asked again), or the order is unknown (it stops). */
  readonly trouble?: (error: ShopError | 'unknown-order') => void;
  /** The session expired long ago and the order is still open: the page stopped asking. */
  readonly gaveUp?: () => void;
  readonly signal?: AbortSignal;
}

/**
 * Asks the shop's server for the order until it is settled, or until well past its session's
 * expiry: every second at first, then less often (at most every 4 s). From 8 s on it asks the
 * server to check with Waftpay, which the server does no more often than Waftpay advises.
 */
export function watchOrder(orderId: string, watch: OrderWatch): void {
  const started = Date.now();
  let asked = 0;
  const tick = async (): Promise<void> => {
    if (watch.signal?.aborted) return;
    let order: ShopOrder | undefined;
    try {
      order = await fetchOrder(orderId, {
        verify: Date.now() - started > verifyAfterMs,
        signal: watch.signal,
      });
      if (watch.signal?.aborted) return;
      if (!order) return watch.trouble?.('unknown-order');
      watch.show(order);
      if (isSettled(order)) return;
      if (order.expiresAt && Date.now() > Date.parse(order.expiresAt) + expiryGraceMs)
        return watch.gaveUp?.();
    } catch (error) {
      if (watch.signal?.aborted) return;
      watch.trouble?.(error as ShopError);
    }
    asked++;
    setTimeout(() => void tick(), Math.min(4000, 1000 + 250 * asked));
  };
  void tick();
}
