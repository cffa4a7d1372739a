import type { Order } from './orders.js';

/** Waftpay's advice for polling one payment's status: 5 s, then 10 s, 30 s, and 60 s from then on. */
export const waftpayBackoffMs: readonly number[] = [5_000, 10_000, 30_000, 60_000];

/**
 * When the next status query for `order` may be made: the n-th query waits the n-th step after
 * the previous one (the first, after the order was created). However often the page asks, Waftpay
 * is asked no more often than this.
 */
export function nextQueryAt(order: Order, steps: readonly number[] = waftpayBackoffMs): number {
  const since = Date.parse(order.lastQueriedAt ?? order.createdAt);
  return since + steps[Math.min(order.statusQueries, steps.length - 1)];
}
