// Waftpay's request and reply bodies, with Waftpay's own field names (docs.waftpay.io), so code
// written against these types reads like Waftpay's documentation.

/** Waftpay's payment status words (a webhook's `status`), each with its code (a webhook's `code`). */
export const paymentStatusCodes = {
  CREATED: '100',
  PENDING: '101',
  SUCCESS: '102',
  FAILED: '103',
  ESCALATED: '104',
  EXPIRED: '105',
  REFUNDED: '106',
  REVERSED: '107',
} as const;

/** One of Waftpay's payment status words: `SUCCESS`, `FAILED`, `PENDING`, … */
export type PaymentStatus = keyof typeof paymentStatusCodes;

/** The status query's `data.state`. */
export type PaymentState = 'processing' | 'succeeded' | 'failed' | 'canceled';

/** The customer in a Create Checkout Request. */
export interface CheckoutCustomer {
  first_name: string;
  other_names?: string;
  email?: string;
  /** International format without `+`, e.g. `254733112244`. */
  phone_number?: string;
}

/** The body of Create Checkout Request (`POST /checkout-backend-api/v1/request`). */
export interface CheckoutRequest {
  customer: CheckoutCustomer;
  /** ISO-8601, e.g. `2025-11-18T09:45:30.540Z`. */
  timestamp: string;
  /** Yours, unique per request. Webhooks and status queries call it `transaction_reference`. */
  checkout_reference: string;
  payment_reference?: string;
  /** The phone that gets the mobile-money prompt, e.g. `254711223344` (no `+`). */
  msisdn: string;
  /** `KEN`. */
  country: string;
  /** `KES`. */
  currency: string;
  /** In major units, e.g. `1750`. */
  amount: number;
  /** `redirect` is the only value Waftpay documents. */
  mode?: 'redirect';
  /** Where Waftpay POSTs the webhook. */
  callback_url: string;
  success_redirect_url: string;
  fail_redirect_url: string;
  meta_data?: Record<string, unknown>;
  extra_params?: {
    /** `en`. */
    language?: string;
    /** `YYYY-MM-DD HH:mm:ss`; a default applies when left out. */
    expiry?: string;
    /** Full payment only (`true`) or partial payments too. */
    strict_amount?: boolean;
  };
}

/** Create Checkout Request's reply when accepted. */
export interface CheckoutResponse {
  /** `"200"`: a string. */
  code: string;
  /** `SUCCESS`. */
  status: string;
  description: string;
  data: {
    /** The hosted payment page: redirect to it or embed it. */
    checkout_url: string;
    /** ISO-8601. */
    expires_at: string;
  };
}

/** The authentication service's reply. */
export interface TokenResponse {
  status: boolean;
  message: string;
  /** A JWT bearer token for one product (Checkout needs the Collections product's). */
  token: string;
  /** The token's lifetime in **milliseconds** (7 200 000 is two hours). */
  expires_in: number;
}

/** What a status query names: exactly one of three references. */
export type StatusQueryReference =
  | { transaction_reference: string; request_uuid?: never; payment_uuid?: never }
  | { request_uuid: string; transaction_reference?: never; payment_uuid?: never }
  | { payment_uuid: string; transaction_reference?: never; request_uuid?: never };

/** One payment, as the status query reports it. */
export interface StatusQueryData {
  /** Your reference (for Checkout: the `checkout_reference`). */
  transaction_reference: string;
  payment_reference?: string | null;
  time_received?: string;
  amount: number;
  total_charges?: number;
  total_amount?: number;
  /** Waftpay's reference for the payment, a numeric string. */
  payment_uuid: string;
  state: PaymentState;
  last_updated?: string;
  /** Not in Waftpay's documented reply; read when present. */
  currency?: string;
  /**
   * The payment's status word (`ESCALATED`, `REFUNDED`, …), which `state` cannot tell apart. Not in
   * Waftpay's documented reply (the sandbox sends it); read when present.
   */
  status?: PaymentStatus;
  /** What has been sent back of the payment so far. Not in Waftpay's documented reply; read when present. */
  refunded_amount?: number;
  /** When the query named a refund or reversal: its `request_uuid`. Read when present. */
  request_uuid?: string;
}

/** The status query's reply (`POST /payments-tsq-service/v1/query/payments`). */
export interface StatusQueryResponse {
  status: string;
  code: string;
  description: string;
  /** Absent when the reply is `NOT_FOUND`. */
  data?: StatusQueryData;
}

/** A webhook's `results`. */
export interface WebhookResults {
  /** The processor's code, e.g. `"0"`. */
  result_code?: string;
  result_description?: string;
  amount: number;
  total_charges?: number;
  total_amount?: number;
  account?: string;
  /** Your reference (Waftpay's other pages call it `client_reference`). */
  transaction_reference: string;
  /** Waftpay's reference for the payment: deduplicate on it. */
  payment_uuid: string;
  /** Waftpay's numeric id; covered by `validation_hash` but absent from the documented example. */
  payment_id?: string | number;
  client_reference?: string;
  /** The mobile network's reference, when there is one. */
  external_reference?: string;
  /** A refund's or reversal's `request_uuid` (what `refund()` returned), when the webhook is about one. */
  request_uuid?: string;
  /** For money sent back: the network's reference of the payment it came from. */
  original_external_reference?: string;
  msisdn?: string;
  time_processed?: string;
  validation_hash?: string;
  metadata?: Record<string, unknown>;
  /** Not in Waftpay's documented payload; read when present. */
  currency?: string;
}

/** A webhook body, as Waftpay POSTs it to `callback_url`. */
export interface WebhookBody {
  status: PaymentStatus;
  code: string;
  description?: string;
  results: WebhookResults;
}

/**
 * The body of a refund or reversal of a collection (`POST /payments-api-service/v1/refund-reversal`,
 * with the Collections token).
 */
export interface RefundRequest {
  /** The payment's `transaction_reference` (for Checkout, your `checkout_reference`). */
  transaction_reference: string;
  /** The payment's `payment_uuid` (from its webhook or a status query). */
  payment_uuid: string;
  /** How much to send back, in major units: all of the payment, or part of it. */
  amount: number;
  /** Where Waftpay POSTs the outcome (a `REFUNDED` or `REVERSED` webhook). */
  notification_url: string;
  /** Why, for your records and Waftpay's. */
  remarks?: string;
}

/** The reply to an accepted refund/reversal request. */
export interface RefundResponse {
  /** `102` in the documents (a number there, unlike the other endpoints' string codes). */
  code: string | number;
  /** `SUCCESS`: the request was accepted; the outcome comes later. */
  status: string;
  description: string;
  results: {
    /** Waftpay's reference for the request: its webhook carries it; the status query finds it. */
    request_uuid: string;
  };
}

/** A refund or reversal, as "Query Refund Reversal" reports it (its `results`). */
export interface RefundStatusResults {
  /** The processor's code (`"21"` in the documents, done). */
  result_code?: string;
  result_description?: string;
  /** What is sent back, in major units (text in the documents' reply, `"1015.00"`; read as a number). */
  amount: number;
  total_charges?: number;
  total_amount?: number;
  account?: string;
  /** The `payment_uuid` of the payment the money came from. */
  original_payment_uuid: string;
  /** Its `transaction_reference` (for Checkout, your `checkout_reference`). */
  original_transaction_reference: string;
  /** The network's reference of that payment. */
  original_external_reference?: string;
  /** The network's reference of the money sent back, once sent. */
  external_reference?: string;
  time_processed?: string;
  /** Not in Waftpay's documented reply (the sandbox sends it): a refund or a reversal. Read when present. */
  type?: 'REFUNDED' | 'REVERSED';
}

/** The reply to "Query Refund Reversal" (`POST /refund-reversal` with `{request_uuid}`). */
export interface RefundStatusResponse {
  /** `102` (done) or `101` (processing): a number in the documents. */
  code: string | number;
  /** `SUCCESS` (done), `PENDING` (processing), `FAILED`; `NOT FOUND` for a `request_uuid` Waftpay does not know. */
  status: string;
  description: string;
  /** Absent when Waftpay knows no such refund. */
  results?: RefundStatusResults;
}

/** Waftpay's error body, the same on every endpoint. */
export interface ErrorBody {
  /** `invalid_request`, `authentication_error`, `authorization_error`, `validation_error`, `service_error`, … */
  error: string;
  message: string;
  /** The field at fault, when there is one. */
  param?: string;
  request_id?: string;
  /** `HTTP.SERVICE.SPECIFIC`, e.g. `400.001.300`. */
  code: string;
  /** `REJECTED` (4xx) or `ERROR` (5xx). */
  status: string;
  details?: unknown;
}
