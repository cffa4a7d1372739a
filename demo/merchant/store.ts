// What the shop keeps, and the operations on it that must hold however many shop servers share
// the database: each is one guarded statement or one transaction, never a read then a write.

export type OrderStatus =
  'CREATED' | 'PAID' | 'PARTIALLY_PAID' | 'FAILED' | 'EXPIRED' | 'ESCALATED' | 'REFUNDED' | 'REVERSED';

export interface Order {
  id: string;
  checkoutReference: string;
  amount: number;
  currency: string;
  msisdn: string;
  mode: string;
  checkoutUrl: string | null;
  /** Waftpay's `expires_at` as it was given (the element is given the same). */
  expiresAt: string | null;
  status: OrderStatus;
  paidAmount: number | null;
  paymentUuid: string | null;
  transactionReference: string | null;
  /** How the server learned the status: Waftpay's webhook (confirmed by a status query), or a status query. */
  verifiedBy: 'webhook' | 'status-query' | null;
  verifiedAt: string | null;
  /** What a person must look at: a late or contradicting outcome, a wrong currency, … */
  attention: string | null;
  /** Status queries made for this order, and when the last one was. */
  statusQueries: number;
  lastQueriedAt: string | null;
  /** The browser the order was made in (a hash of its cookie), if any. */
  customer: string | null;
  createdAt: string;
  /** What Waftpay confirmed it sent back of the payment (refunds done); a reversal is its status. */
  refundedAmount: number;
  /** Checks of a settled order with Waftpay after it was settled (a reversal, or a success after expiry, whose webhook was lost), and when it was settled or last checked (epoch ms). */
  rechecks: number;
  checkedMs: number | null;
}

/** Statuses of an order still waiting for its payment's outcome (ESCALATED: Waftpay is looking into it). */
export const openStatuses = ['CREATED', 'ESCALATED'] as const;
/** Statuses of an order whose payment succeeded (some or all of it may have been sent back since). */
export const paidStatuses = ['PAID', 'PARTIALLY_PAID', 'REFUNDED'] as const;
/** Settled statuses that Waftpay may yet change: by a reversal, or (expired) a success after expiry. */
export const recheckedStatuses = [...paidStatuses, 'EXPIRED'] as const;

/**
 * Money sent back of an order's payment: a refund the shop asked for (under the `key` its caller
 * gave, so asking again is answered with this one), or one Waftpay reported (a reversal, a refund
 * made elsewhere: keyed by its `request_uuid`).
 */
export interface Refund {
  readonly orderId: string;
  readonly key: string;
  readonly kind: 'REFUNDED' | 'REVERSED';
  readonly amount: number;
  /** Waftpay's `request_uuid`; none while Waftpay's answer to the request is unknown. */
  readonly requestUuid: string | null;
  /**
   * `asking`: asked, Waftpay's answer not (yet) heard (lost: reconciliation finds out, never by
   * asking again); `accepted`: Waftpay took it; `done`: the money went back; `failed`: it did not.
   */
  readonly state: 'asking' | 'accepted' | 'done' | 'failed';
  readonly askedMs: number;
  readonly doneAt: string | null;
}

/** Why a refund was not started. */
export type RefundRefusal = 'not-paid' | 'too-much' | 'refund-unknown';

/** Money Waftpay confirmed it sent back: a refund (or part) by its `request_uuid`, or the reversal. */
export interface MoneyBack {
  readonly kind: Refund['kind'];
  readonly amount: number;
  /** Unknown for a reversal learned from a status query of the payment. */
  readonly requestUuid: string | null;
  /** A reversal: the note for a person, added in the same transaction if the order's fulfilment was due or done. */
  readonly noteIfFulfilled?: string;
}

/** An order before its checkout session exists. */
export type NewOrder = Pick<
  Order,
  'id' | 'checkoutReference' | 'amount' | 'currency' | 'msisdn' | 'mode' | 'customer'
> & {
  /** When the session will expire, as asked of Waftpay (epoch ms). */
  readonly expiresMs: number;
};

/** How many orders one number and one browser may make: counted in the store, so across servers. */
export interface OrderLimits {
  /** Orders still open (not settled, not expired) for one number. */
  readonly openPerNumber: number;
  /** Orders for one number within `windowMs`. */
  readonly perNumber: number;
  /** Orders from one browser within `windowMs`. */
  readonly perCustomer: number;
  readonly windowMs: number;
}

/** Why an order was not made: its number has too many open or recent orders, or its browser too many. */
export type OrderRefusal = 'number-busy' | 'customer-busy';

/** A change of an order's status that Waftpay confirmed, applied only from one of `from`. */
export interface Settlement {
  readonly from: readonly OrderStatus[];
  readonly status: Exclude<OrderStatus, 'CREATED'>;
  readonly paidAmount: number | null;
  /** None when Waftpay has no record of a payment (the order is closed as expired). */
  readonly paymentUuid: string | null;
  readonly transactionReference: string | null;
  readonly verifiedBy: 'webhook' | 'status-query';
}

/** A webhook Waftpay confirmed, kept under its payment and the confirmed status. */
export interface Delivery {
  readonly paymentUuid: string;
  readonly status: string;
  readonly body: unknown;
}

/** An order's fulfilment: due once the order is paid, done exactly once. */
export interface Fulfilment {
  readonly orderId: string;
  readonly state: 'due' | 'done';
  /** Times a shop server took it on (more than one after a crash or a lost lease). */
  readonly attempts: number;
  readonly dueAt: string;
  readonly doneAt: string | null;
  /** The shop server that finished it. */
  readonly doneBy: string | null;
  /** What was done (the fulfilment's record). */
  readonly note: string | null;
}

export interface OrderStore {
  /** `sqlite` or `postgres`: what the log and the tests name. */
  readonly kind: string;
  /** Makes the order unless `limits` refuse it (checked and inserted in one transaction). */
  create(order: NewOrder, limits: OrderLimits, at: number): Promise<OrderRefusal | undefined>;
  attachCheckout(id: string, checkoutUrl: string, expiresAt: string, expiresMs: number): Promise<void>;
  /** Removes an order whose checkout was never created: nothing half-made stays behind. */
  discard(id: string): Promise<void>;
  get(id: string): Promise<Order | undefined>;
  byReference(checkoutReference: string): Promise<Order | undefined>;
  /** The orders made in one browser (`customer`) that got a checkout, newest first. */
  byCustomer(customer: string, limit?: number): Promise<Order[]>;
  count(): Promise<number>;
  /**
   * Orders still open whose checkout expired before `beforeMs`, soonest first (then by id), at most
   * `limit` (default 500); with `after`, only those that come after that order (the last of the
   * page before), so that a pass can page through them all.
   */
  openExpiredBefore(beforeMs: number, limit?: number, after?: string): Promise<Order[]>;
  /** Whether this webhook (payment and status) was recorded already. */
  hasDelivery(paymentUuid: string, status: string): Promise<boolean>;
  /**
   * In one transaction: records `delivery` (if given; a second one with the same payment and
   * status is refused: `recorded: false`, nothing else done), applies `settlement` if the order's
   * status is one of its `from`, and makes the order's fulfilment due when it becomes PAID.
   */
  apply(
    orderId: string,
    change: { settlement?: Settlement; delivery?: Delivery },
    at: number,
  ): Promise<{ recorded: boolean; applied: boolean }>;
  /** Adds a note for a person to the order (kept with the earlier ones). */
  flag(orderId: string, note: string): Promise<void>;
  /** Counts a status query for an open order, only if `seen` queries were made so far. */
  claimOrderQuery(orderId: string, seen: number, at: number): Promise<boolean>;
  /** Counts a status query made for the order, whatever came before (reconciliation). */
  noteOrderQuery(orderId: string, at: number): Promise<void>;
  /** Status queries made for a webhook's payment so far, and when the last one was (epoch ms). */
  paymentQueries(paymentUuid: string): Promise<{ queries: number; lastAt: number }>;
  /** Counts a status query for a payment, only if `seen` queries were made so far. */
  claimPaymentQuery(paymentUuid: string, seen: number, at: number): Promise<boolean>;
  /**
   * Takes on up to `limit` due fulfilments that no live lease holds, for `owner` until
   * `leaseUntil` (epoch ms): their order ids.
   */
  claimFulfilments(owner: string, at: number, leaseUntil: number, limit: number): Promise<string[]>;
  /** Marks a fulfilment done with its `note`, only if it is still due and `owner` holds it. */
  completeFulfilment(orderId: string, owner: string, at: number, note: string): Promise<boolean>;
  fulfilment(orderId: string): Promise<Fulfilment | undefined>;
  /**
   * In one transaction: the refund under `key` if there is one; else, if the order is paid and no
   * earlier refund's answer is unknown, records a new one (`asking`) of `amount`, refused when it is
   * more than is left (counting refunds under way).
   */
  startRefund(
    orderId: string,
    key: string,
    amount: number,
    at: number,
  ): Promise<{ refund: Refund; started: boolean } | { refusal: RefundRefusal }>;
  /** Waftpay's answer to a refund asked for: accepted (with its `request_uuid`) or failed. */
  answerRefund(orderId: string, key: string, answer: { requestUuid: string } | 'failed'): Promise<void>;
  /**
   * In one transaction, once per refund: records money Waftpay sent back (a refund by its
   * `request_uuid`, or one whose answer was lost, matched by its amount; a reversal), adds it to
   * the order's `refundedAmount`, and makes the order REFUNDED when all of it went back, or
   * REVERSED. Whether it was new.
   */
  moneyBack(orderId: string, money: MoneyBack, at: number): Promise<boolean>;
  refunds(orderId: string): Promise<Refund[]>;
  /** Refunds asked before `beforeMs` that are not done or failed, oldest first. */
  unfinishedRefunds(beforeMs: number, limit?: number): Promise<Refund[]>;
  /**
   * Settled orders to check again with Waftpay (paid ones, and expired ones: a success after
   * expiry), checked fewer than `times` times, the last before `beforeMs`; and the claim of one
   * such check (only if `seen` checks were made so far).
   */
  toRecheck(beforeMs: number, times: number, limit?: number): Promise<Order[]>;
  claimRecheck(orderId: string, seen: number, at: number): Promise<boolean>;
  /**
   * An order request's `Idempotency-Key`, across servers: claimed (this server makes the order),
   * or the answer recorded for it, or neither (another server is making it now). A claim older
   * than `staleBeforeMs` (its server stopped) is taken over.
   */
  claimOrderRequest(
    key: string,
    at: number,
    staleBeforeMs: number,
  ): Promise<{ claimed: true } | { claimed: false; response?: string }>;
  /** Records the answer to the request under `key`; or, with none, lets it be made again. */
  finishOrderRequest(key: string, response: string | undefined): Promise<void>;
  /** Forgets order requests claimed before `beforeMs`. */
  forgetOrderRequests(beforeMs: number): Promise<void>;
  close(): Promise<void>;
}
