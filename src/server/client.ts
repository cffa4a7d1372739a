import type {
  CheckoutRequest,
  CheckoutResponse,
  RefundRequest,
  RefundResponse,
  RefundStatusResponse,
  RefundStatusResults,
  StatusQueryData,
  StatusQueryReference,
  StatusQueryResponse,
} from './api-types.js';
import { postJson, type Fetch, type JsonReply } from './post-json.js';
import {
  errorFrom,
  readCheckoutResponse,
  readRefundResponse,
  readRefundStatus,
  readStatusQuery,
  readToken,
} from './replies.js';
import { checkBaseUrl } from './base-url.js';
import { TokenCache } from './token-cache.js';

/** How to reach Waftpay. */
export interface WaftpayClientOptions {
  /**
   * Waftpay's base URL: `https://sandbox.waftpay.io/api` (sandbox), `https://api.waftpay.io`
   * (production), or a local `waftpay-sandbox`'s (it prints it). `https:` only (plain `http:` on
   * loopback): the consumer secret and the tokens travel in it.
   */
  readonly baseUrl: string;
  /** The Collections product's `consumer_key` (Checkout and status queries need its token). */
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** The `fetch` to call; the platform's by default. */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** How long one HTTP request to Waftpay may take, reply included. Default 15 000 ms. */
  readonly timeoutMs?: number;
  /**
   * The clock the token's lifetime is measured on, in ms since the epoch; `Date.now` by default.
   * Tests (and simulations) pass their own, so a token expires without waiting hours.
   */
  readonly now?: () => number;
}

/** A refund or reversal Waftpay accepted; its outcome comes later. */
export interface RequestedRefund {
  /**
   * `results.request_uuid`: keep it with the order. The outcome's webhook (to `notification_url`)
   * carries it, and {@link WaftpayClient.queryRefund} finds the refund by it.
   */
  readonly requestUuid: string;
  /** Waftpay's whole reply. */
  readonly response: RefundResponse;
}

/**
 * A refund's or reversal's status: the refund and where it stands (`succeeded`: the money was sent
 * back), or `found: false` when Waftpay knows no refund by that `request_uuid`.
 */
export type RefundQueryResult =
  | {
      readonly found: true;
      readonly state: 'processing' | 'succeeded' | 'failed';
      readonly refund: RefundStatusResults;
      readonly response: RefundStatusResponse;
    }
  | { readonly found: false; readonly response: RefundStatusResponse };

/** A checkout session Waftpay accepted. */
export interface CreatedCheckout {
  /** `data.checkout_url`: give it to `<waftpay-checkout checkout-url>`, or redirect to it. */
  readonly checkoutUrl: string;
  /** `data.expires_at` (ISO-8601): give it to `<waftpay-checkout expires-at>`. */
  readonly expiresAt: string;
  /** Waftpay's whole reply. */
  readonly response: CheckoutResponse;
}

/** A status query's answer: the payment, or `found: false` when Waftpay answers `NOT_FOUND`. */
export type PaymentQueryResult =
  | { readonly found: true; readonly payment: StatusQueryData; readonly response: StatusQueryResponse }
  | { readonly found: false; readonly response: StatusQueryResponse };

/** The merchant's server-to-server calls to Waftpay. Create one per set of credentials and keep it. */
export interface WaftpayClient {
  /**
   * Create Checkout Request.
   *
   * @throws {WaftpayApiError} Waftpay refused the request (`httpStatus` 4xx, with its `code`,
   *   `message`, `param`), failed (5xx, `retryable`), or answered something unreadable.
   * @throws {WaftpayNetworkError} Waftpay could not be reached in time (`retryable`).
   */
  createCheckout(request: CheckoutRequest): Promise<CreatedCheckout>;
  /**
   * The status query, by exactly one of `transaction_reference` (for Checkout, your
   * `checkout_reference`), `request_uuid` or `payment_uuid`. Waftpay advises backing off between
   * queries of one payment: 5 s, 10 s, 30 s, then 60 s.
   *
   * @throws {WaftpayApiError} as {@link WaftpayClient.createCheckout}.
   * @throws {WaftpayNetworkError} as {@link WaftpayClient.createCheckout}.
   */
  queryPayment(reference: StatusQueryReference): Promise<PaymentQueryResult>;
  /**
   * Asks Waftpay to send back all or part of a payment that succeeded (its refund/reversal of a
   * collection). Asynchronous: it resolves with the request's `request_uuid` once Waftpay accepts
   * it; the outcome is a `REFUNDED` (or `REVERSED`) webhook to `notification_url`, which
   * {@link confirmWebhook} confirms. Never repeated by the client: after a timeout, find out (a
   * status query by `payment_uuid`, or the webhook) before asking again, or the customer may be
   * paid back twice.
   *
   * @throws {WaftpayApiError} as {@link WaftpayClient.createCheckout} (e.g. more than was paid: 400).
   * @throws {WaftpayNetworkError} as {@link WaftpayClient.createCheckout}.
   */
  refund(request: RefundRequest): Promise<RequestedRefund>;
  /**
   * Where a refund or reversal stands, by the `request_uuid` {@link WaftpayClient.refund} returned
   * (Waftpay's "Query Refund Reversal", `POST {base}/refund-reversal`). {@link confirmWebhook}
   * asks it about a `REFUNDED` or `REVERSED` webhook.
   *
   * @throws {WaftpayApiError} as {@link WaftpayClient.createCheckout}.
   * @throws {WaftpayNetworkError} as {@link WaftpayClient.createCheckout}.
   */
  queryRefund(requestUuid: string): Promise<RefundQueryResult>;
}

const paths = {
  token: '/authentication-service/v1/api/generate-token',
  checkout: '/checkout-backend-api/v1/request',
  query: '/payments-tsq-service/v1/query/payments',
  refund: '/payments-api-service/v1/refund-reversal',
  refundStatus: '/refund-reversal',
} as const;

const defaultTimeoutMs = 15_000;
const queryKeys = ['transaction_reference', 'request_uuid', 'payment_uuid'] as const;

function checkOptions(options: WaftpayClientOptions): void {
  checkBaseUrl(options.baseUrl);
  for (const name of ['consumerKey', 'consumerSecret'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '')
      throw new TypeError(`${name} must be a non-empty string`);
  }
  if (options.now !== undefined && typeof options.now !== 'function')
    throw new TypeError('now must be a function returning milliseconds since the epoch');
  const { timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)
  )
    throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
}

/**
 * A client for Waftpay's Checkout API, on the merchant's server. It needs nothing but `fetch`
 * (Node 20+, Deno, Bun, edge workers). The bearer token is requested once and reused until it
 * expires; concurrent calls share one token request; a token Waftpay refuses (401) is renewed
 * once and the call made again. Every HTTP request ends within `timeoutMs`.
 *
 * @example
 * const waftpay = createWaftpayClient({
 *   baseUrl: 'https://sandbox.waftpay.io/api',
 *   consumerKey: process.env.WAFTPAY_CONSUMER_KEY,
 *   consumerSecret: process.env.WAFTPAY_CONSUMER_SECRET,
 * });
 * const { checkoutUrl, expiresAt } = await waftpay.createCheckout({ ... });
 *
 * @throws {WaftpayCheckoutError} `invalid-base-url`: `baseUrl` is not an absolute `https:` URL
 *   (plain `http:` only on loopback).
 * @throws {TypeError} a missing credential, or a `timeoutMs` that is not a positive number.
 */
export function createWaftpayClient(options: WaftpayClientOptions): WaftpayClient {
  checkOptions(options);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const custom = options.fetch;
  const fetch: Fetch = custom
    ? (input, init) => custom(input, init)
    : (input, init) => globalThis.fetch(input, init);

  const tokens = new TokenCache(async () => {
    const reply = await postJson(
      fetch,
      `${baseUrl}${paths.token}`,
      { consumer_key: options.consumerKey, consumer_secret: options.consumerSecret },
      { timeoutMs },
    );
    if (reply.httpStatus < 200 || reply.httpStatus > 299) throw errorFrom(reply, paths.token);
    return readToken(reply);
  }, options.now);

  /** POSTs with the current token; on a 401, once more with a new one. */
  async function call(path: string, body: unknown): Promise<JsonReply> {
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.get();
      const reply = await postJson(fetch, `${baseUrl}${path}`, body, { timeoutMs, token });
      if (reply.httpStatus !== 401 || attempt === 2) return reply;
      tokens.reject(token);
    }
  }

  /** {@link call}, and any answer but a 2xx is thrown. */
  async function accepted(path: string, body: unknown): Promise<JsonReply> {
    const reply = await call(path, body);
    if (reply.httpStatus < 200 || reply.httpStatus > 299) throw errorFrom(reply, path);
    return reply;
  }

  return {
    async createCheckout(request) {
      const response = readCheckoutResponse(await accepted(paths.checkout, request));
      return { checkoutUrl: response.data.checkout_url, expiresAt: response.data.expires_at, response };
    },

    async refund(request) {
      const response = readRefundResponse(await accepted(paths.refund, request));
      return { requestUuid: response.results.request_uuid, response };
    },

    async queryRefund(requestUuid) {
      if (typeof requestUuid !== 'string' || requestUuid === '')
        throw new TypeError('queryRefund needs the request_uuid, as a non-empty string');
      const reply = await call(paths.refundStatus, { request_uuid: requestUuid });
      const { response, state } = readRefundStatus(reply, paths.refundStatus);
      return state && response.results
        ? { found: true, state, refund: response.results, response }
        : { found: false, response };
    },

    async queryPayment(reference) {
      const given = queryKeys.filter((key) => (reference as Record<string, unknown>)[key] !== undefined);
      const value = given.length === 1 ? (reference as Record<string, unknown>)[given[0]] : undefined;
      if (typeof value !== 'string' || value === '')
        throw new TypeError(
          `queryPayment needs exactly one of ${queryKeys.join(', ')}, as a non-empty string`,
        );
      const response = readStatusQuery(await call(paths.query, { [given[0]]: value }), paths.query);
      return response.data ? { found: true, payment: response.data, response } : { found: false, response };
    },
  };
}
