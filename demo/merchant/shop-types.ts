// What the shop's logic (shop.ts) is given and gives back.
import type { WaftpayClient } from '../../src/server.js';
import type { Clock } from './clock.js';
import type { FulfilAction } from './fulfilment.js';
import type { OrderLimits, OrderStore } from './store.js';

export interface ShopConfig {
  readonly store: OrderStore;
  readonly waftpay: WaftpayClient;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Where Waftpay and customers' browsers reach the shop (callback and return URLs). */
  readonly publicUrl: string;
  /** What the shop sells: one basket. */
  readonly basket: { readonly amount: number; readonly currency: string };
  readonly limits: OrderLimits;
  /** Waits between status queries of one order, and of one webhook's payment. */
  readonly statusBackoffMs: readonly number[];
  /** How long after its expiry an open order is left to its webhook before reconciliation asks. */
  readonly reconcileGraceMs: number;
  /** Status queries reconciliation makes at once. Default 4. */
  readonly reconcileConcurrency?: number;
  readonly fulfil: FulfilAction;
  /** This server, as the fulfilments it holds name it. */
  readonly serverId: string;
  readonly fulfilmentLeaseMs: number;
  readonly newCheckoutReference?: () => string;
  /** Waftpay's `strict_amount`: false lets the customer pay part (the order is then PARTIALLY_PAID). Default true. */
  readonly strictAmount?: boolean;
  /** How long a refund may take at Waftpay before reconciliation asks about it. Default 1 hour. */
  readonly refundCheckAfterMs?: number;
  /**
   * Settled orders (paid, or expired) are checked again with Waftpay this often (a reversal, or a
   * success after expiry, whose webhook was lost)… Default daily.
   */
  readonly recheckEveryMs?: number;
  /** …this many times after they were settled. Default 7. */
  readonly rechecks?: number;
}

/** Input the shop refuses, or a limit reached: `code` is stable, `message` is for the customer. */
export class ShopRefusal extends Error {
  constructor(
    readonly code:
      | 'invalid-msisdn'
      | 'invalid-expiry'
      | 'number-busy'
      | 'customer-busy'
      | 'unknown-order'
      | 'invalid-amount'
      | 'not-paid'
      | 'too-much'
      | 'refund-unknown',
    message: string,
  ) {
    super(message);
  }
}

export interface OrderRequest {
  readonly msisdn: string;
  readonly mode: string;
  readonly expiresInSeconds: number;
  /** The browser's key (a hash of its cookie), when it has one. */
  readonly customer: string;
}

/** Whether the shop took a webhook (then answer 2xx), and whether it had it already. */
export type WebhookReceipt =
  { readonly taken: true; readonly duplicate: boolean } | { readonly taken: false };

/** What one reconciliation pass did. */
export interface ReconcileReport {
  /** Open orders past their expiry that were checked (by this server). */
  readonly checked: number;
  /** Of those, settled from Waftpay's answer. */
  readonly settled: number;
  /** Of those, Waftpay could not be asked (tried again next pass). */
  readonly unreachable: number;
  /** Refunds not settled yet and settled orders checked again, and how many of those Waftpay could not answer. */
  readonly moneyBack: { readonly checked: number; readonly unreachable: number };
}
