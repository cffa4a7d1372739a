// The order as the shop's server knows it, for the storefront and the return page.

export interface ShopOrder {
  id: string;
  status: 'CREATED' | 'PAID' | 'PARTIALLY_PAID' | 'FAILED' | 'EXPIRED';
  amount: number;
  currency: string;
  paidAmount: number | null;
  transactionReference: string | null;
  verifiedBy: 'webhook' | 'status-query' | null;
}

const pollMs = 1000;
/** After this long without a final status, ask Waftpay directly instead of waiting on the webhook. */
const verifyAfterMs = 8000;

export function describeOrder(order: ShopOrder): string {
  const by = order.verifiedBy === 'webhook' ? 'Waftpay’s webhook' : 'a status query to Waftpay';
  switch (order.status) {
    case 'CREATED':
      return 'awaiting payment (nothing confirmed by the server yet)';
    case 'PAID':
      return `paid ${order.currency} ${order.paidAmount} (verified by the server, from ${by}, ${order.transactionReference})`;
    case 'PARTIALLY_PAID':
      return `partly paid: ${order.currency} ${order.paidAmount} of ${order.amount} (verified from ${by})`;
    case 'FAILED':
      return `not paid (verified by the server, from ${by})`;
    case 'EXPIRED':
      return `expired unpaid (verified by the server, from ${by})`;
  }
}

/** Calls `show` with the order until its status is final; stops when `signal` aborts. */
export function watchOrder(orderId: string, show: (order: ShopOrder) => void, signal?: AbortSignal): void {
  const started = Date.now();
  const tick = async (): Promise<void> => {
    if (signal?.aborted) return;
    const verify = Date.now() - started > verifyAfterMs;
    let order: ShopOrder | undefined;
    try {
      const path = `/api/orders/${encodeURIComponent(orderId)}${verify ? '/verify' : ''}`;
      const response = await fetch(path, { method: verify ? 'POST' : 'GET', signal });
      if (response.ok) order = (await response.json()) as ShopOrder;
    } catch {
      // A dropped connection or a cut-off body: ask again on the next tick, never stop watching.
    }
    if (signal?.aborted) return;
    if (order) show(order);
    if (!order || order.status === 'CREATED') setTimeout(() => void tick(), pollMs);
  };
  void tick();
}
