// The demo apps' calls to the shop's server: it creates the order and its Waftpay session in one
// request (when the customer asks to pay) and judges the order; the page only shows them. Every
// failure comes back as a ShopError with words for the customer.

export type CheckoutMode = 'iframe' | 'overlay' | 'popup' | 'redirect';

/** What the page needs to show an order's checkout. */
export interface CheckoutSession {
  orderId: string;
  mode: CheckoutMode;
  checkoutUrl: string;
  expiresAt: string;
  successRedirectUrl: string;
  failRedirectUrl: string;
  /** The sandbox's phone for the order's number, when the shop runs against the local sandbox. */
  phoneUrl?: string;
}

/** The order as the shop's server knows it (`GET /api/orders/<id>`). */
export interface ShopOrder {
  id: string;
  status:
    'CREATED' | 'ESCALATED' | 'PAID' | 'PARTIALLY_PAID' | 'FAILED' | 'EXPIRED' | 'REFUNDED' | 'REVERSED';
  amount: number;
  currency: string;
  paidAmount: number | null;
  /** What Waftpay confirmed it sent back (all or part of a refund). */
  refundedAmount: number;
  transactionReference: string | null;
  verifiedBy: 'webhook' | 'status-query' | null;
  verifiedAt: string | null;
  needsAttention: boolean;
  createdAt: string;
  expiresAt: string | null;
  /** Only to the browser the order was made in. */
  msisdn?: string;
  mode?: CheckoutMode;
  phoneUrl?: string;
  /** Only to that browser, and only while the session is open: the same checkout again. */
  checkout?: Omit<CheckoutSession, 'orderId' | 'mode' | 'phoneUrl'>;
}

/** A refusal or a failure, with words for the customer and the server's `code` (or `network`). */
export class ShopError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ShopError';
  }
}

const unreachable = 'The shop cannot be reached. Check your connection and try again.';
const failed = 'Something went wrong in the shop. Nothing was charged. Try again.';

async function request<T>(path: string, init?: RequestInit): Promise<{ status: number; body?: T }> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ShopError(unreachable, 'network');
  }
  let body: (T & { error?: string; code?: string }) | undefined;
  try {
    body = (await response.json()) as T & { error?: string; code?: string };
  } catch {
    // A proxy's error page, or a body cut off: said in general words below.
  }
  if (response.ok && body) return { status: response.status, body };
  if (response.status === 404) return { status: 404 };
  throw new ShopError(body?.error ?? failed, body?.code ?? `http-${response.status}`);
}

/** A key for one request to pay: random, and good in a page that is not a secure context. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * Asks the shop's server for a new order and its checkout session: the element's `createSession`
 * calls it when the customer asks to pay. The request carries an `Idempotency-Key` of its own, so
 * that sent twice (a double call, a retry after a lost answer) it makes one order.
 */
export async function createOrder(
  msisdn: string,
  mode: CheckoutMode = 'iframe',
  expiresInSeconds?: number,
): Promise<CheckoutSession> {
  const { body } = await request<CheckoutSession>('/api/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
    body: JSON.stringify({ mode, msisdn, expiresInSeconds }),
  });
  if (!body) throw new ShopError(failed, 'http-404');
  return body;
}

/** The order, or `undefined` when the shop has none with that id. */
export async function fetchOrder(
  id: string,
  { verify = false, signal }: { verify?: boolean; signal?: AbortSignal } = {},
): Promise<ShopOrder | undefined> {
  const path = `/api/orders/${encodeURIComponent(id)}${verify ? '/verify' : ''}`;
  return (await request<ShopOrder>(path, { method: verify ? 'POST' : 'GET', signal })).body;
}

/** The orders made in this browser, newest first. */
export async function fetchMyOrders(): Promise<ShopOrder[]> {
  return (await request<{ orders: ShopOrder[] }>('/api/orders')).body?.orders ?? [];
}

/** The order's checkout, to show again, while its session is open (and this browser made it). */
export function openSession(order: ShopOrder): CheckoutSession | undefined {
  if (!order.checkout) return undefined;
  return { orderId: order.id, mode: order.mode ?? 'iframe', phoneUrl: order.phoneUrl, ...order.checkout };
}

/** The order as known before the server's first answer about it: just created, open. */
export function justCreated(session: Pick<CheckoutSession, 'orderId' | 'expiresAt'>): ShopOrder {
  return {
    id: session.orderId,
    status: 'CREATED',
    amount: 1750,
    currency: 'KES',
    paidAmount: null,
    refundedAmount: 0,
    transactionReference: null,
    verifiedBy: null,
    verifiedAt: null,
    needsAttention: false,
    createdAt: new Date().toISOString(),
    expiresAt: session.expiresAt,
  };
}
