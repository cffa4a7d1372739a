// Waftpay's replies are checked field by field before anything is taken from them: a reply of
// another shape becomes a WaftpayApiError that names what was wrong, and carries none of it.
import {
  paymentStatusCodes,
  type CheckoutResponse,
  type PaymentStatus,
  type RefundResponse,
  type RefundStatusResponse,
  type RefundStatusResults,
  type StatusQueryData,
  type StatusQueryResponse,
} from './api-types.js';
import { definedFields } from './defined-fields.js';
import { WaftpayApiError } from './errors.js';
import type { JsonReply } from './post-json.js';

type Fields = Record<string, unknown>;

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A number, or a number written as text (Waftpay's refund status shows `"1015.00"`). */
function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d{1,15}(?:\.\d{1,10})?$/.test(value)) value = Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** One of Waftpay's status words, or nothing. */
function statusWord(value: unknown): PaymentStatus | undefined {
  return typeof value === 'string' && Object.hasOwn(paymentStatusCodes, value)
    ? (value as PaymentStatus)
    : undefined;
}

function unexpected(reply: JsonReply, what: string): WaftpayApiError {
  return new WaftpayApiError({
    httpStatus: reply.httpStatus,
    error: 'unexpected_reply',
    message: `Waftpay's reply (HTTP ${reply.httpStatus}) ${what}`,
  });
}

/** The error a non-2xx reply stands for: Waftpay's own fields when it used its error shape. */
export function errorFrom(reply: JsonReply, path: string): WaftpayApiError {
  const body = isObject(reply.body) ? reply.body : {};
  const message = optionalString(body.message) ?? optionalString(body.description);
  return new WaftpayApiError({
    httpStatus: reply.httpStatus,
    code: optionalString(body.code),
    error: optionalString(body.error) ?? (message ? undefined : 'unexpected_reply'),
    message: message
      ? message.slice(0, 500)
      : `Waftpay answered HTTP ${reply.httpStatus} to ${path} without an error in its shape`,
    param: optionalString(body.param),
    requestId: optionalString(body.request_id),
    status: optionalString(body.status),
  });
}

/** The token and its lifetime from the authentication service's reply. */
export function readToken(reply: JsonReply): { token: string; expiresInMs: number } {
  const body = isObject(reply.body) ? reply.body : undefined;
  if (!body) throw unexpected(reply, 'to the token request is not a JSON object');
  if (typeof body.token !== 'string' || body.token === '')
    throw unexpected(reply, 'to the token request has no token');
  const expiresIn = body.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0)
    throw unexpected(reply, 'to the token request has no positive expires_in (milliseconds)');
  return { token: body.token, expiresInMs: expiresIn };
}

function isAbsoluteWebUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Create Checkout Request's reply, with an absolute `checkout_url` and a readable `expires_at`. */
export function readCheckoutResponse(reply: JsonReply): CheckoutResponse {
  const body = isObject(reply.body) ? reply.body : undefined;
  if (!body) throw unexpected(reply, 'to Create Checkout Request is not a JSON object');
  const data = isObject(body.data) ? body.data : undefined;
  if (!data || !isAbsoluteWebUrl(data.checkout_url))
    throw unexpected(reply, 'to Create Checkout Request has no absolute data.checkout_url');
  if (typeof data.expires_at !== 'string' || Number.isNaN(Date.parse(data.expires_at)))
    throw unexpected(reply, 'to Create Checkout Request has no readable data.expires_at');
  return {
    code: String(body.code ?? ''),
    status: String(body.status ?? ''),
    description: String(body.description ?? ''),
    data: { checkout_url: data.checkout_url, expires_at: data.expires_at },
  };
}

/** The reply to an accepted refund/reversal request: its `request_uuid` (under `results`, or `data`). */
export function readRefundResponse(reply: JsonReply): RefundResponse {
  const body = isObject(reply.body) ? reply.body : undefined;
  const results =
    body && (isObject(body.results) ? body.results : isObject(body.data) ? body.data : undefined);
  const requestUuid = results?.request_uuid;
  if (typeof requestUuid !== 'string' || requestUuid === '')
    throw unexpected(reply, 'to the refund/reversal request has no results.request_uuid');
  return { ...refundEnvelope(body ?? {}), results: { request_uuid: requestUuid } };
}

/** The refund endpoints' `code` (a number in the documents), `status` and `description`. */
function refundEnvelope(body: Fields): { code: string | number; status: string; description: string } {
  return {
    code: typeof body.code === 'number' ? body.code : String(body.code ?? ''),
    status: String(body.status ?? ''),
    description: String(body.description ?? ''),
  };
}

const states = new Set(['processing', 'succeeded', 'failed', 'canceled']);

function readPayment(reply: JsonReply, data: Fields): StatusQueryData {
  if (typeof data.state !== 'string' || !states.has(data.state))
    throw unexpected(reply, 'to the status query has no known data.state');
  const amount = optionalNumber(data.amount);
  if (amount === undefined) throw unexpected(reply, 'to the status query has no numeric data.amount');
  if (typeof data.payment_uuid !== 'string' || data.payment_uuid === '')
    throw unexpected(reply, 'to the status query has no data.payment_uuid');
  if (typeof data.transaction_reference !== 'string')
    throw unexpected(reply, 'to the status query has no data.transaction_reference');
  const paymentReference = data.payment_reference;
  return definedFields({
    transaction_reference: data.transaction_reference,
    payment_reference:
      typeof paymentReference === 'string' || paymentReference === null ? paymentReference : undefined,
    time_received: optionalString(data.time_received),
    amount,
    total_charges: optionalNumber(data.total_charges),
    total_amount: optionalNumber(data.total_amount),
    payment_uuid: data.payment_uuid,
    state: data.state as StatusQueryData['state'],
    last_updated: optionalString(data.last_updated),
    currency: optionalString(data.currency),
    status: statusWord(data.status),
    refunded_amount: optionalNumber(data.refunded_amount),
    request_uuid: optionalString(data.request_uuid),
  });
}

/** The status query's reply: the payment, or none when Waftpay says `NOT_FOUND`. */
export function readStatusQuery(reply: JsonReply, path: string): StatusQueryResponse {
  const body = isObject(reply.body) ? reply.body : undefined;
  const envelope = {
    status: String(body?.status ?? ''),
    code: String(body?.code ?? ''),
    description: String(body?.description ?? ''),
  };
  if (body?.status === 'NOT_FOUND' && (reply.httpStatus === 404 || reply.httpStatus === 200)) return envelope;
  if (reply.httpStatus < 200 || reply.httpStatus > 299) throw errorFrom(reply, path);
  if (!body) throw unexpected(reply, 'to the status query is not a JSON object');
  if (!isObject(body.data)) throw unexpected(reply, 'to the status query has no data');
  return { ...envelope, data: readPayment(reply, body.data) };
}

/** Where a refund stands, by the refund status's word, else its code (`102`, a number there). */
const refundStates: Record<string, 'processing' | 'succeeded' | 'failed'> = {
  SUCCESS: 'succeeded',
  PENDING: 'processing',
  FAILED: 'failed',
  102: 'succeeded',
  101: 'processing',
  103: 'failed',
};

/** The refund status's fields that are text, kept when they are. */
const refundTexts = [
  'result_code',
  'result_description',
  'account',
  'original_external_reference',
  'external_reference',
  'time_processed',
] as const;

/**
 * The reply to "Query Refund Reversal": the refund and where it stands, or none when Waftpay
 * answers 404 (the sandbox says `NOT FOUND`; the documents show no such reply).
 */
export function readRefundStatus(
  reply: JsonReply,
  path: string,
): { response: RefundStatusResponse; state?: 'processing' | 'succeeded' | 'failed' } {
  const body = isObject(reply.body) ? reply.body : {};
  const envelope = refundEnvelope(body);
  if (reply.httpStatus === 404) return { response: envelope };
  if (reply.httpStatus < 200 || reply.httpStatus > 299) throw errorFrom(reply, path);
  const state = refundStates[envelope.status] ?? refundStates[envelope.code];
  const results = isObject(body.results) ? body.results : {};
  const refund = {
    amount: optionalNumber(results.amount),
    total_charges: optionalNumber(results.total_charges),
    total_amount: optionalNumber(results.total_amount),
    original_payment_uuid: results.original_payment_uuid,
    original_transaction_reference: results.original_transaction_reference,
    type: results.type === 'REFUNDED' || results.type === 'REVERSED' ? results.type : undefined,
  } as Fields;
  for (const name of refundTexts) refund[name] = optionalString(results[name]);
  if (
    !state ||
    refund.amount === undefined ||
    typeof refund.original_payment_uuid !== 'string' ||
    typeof refund.original_transaction_reference !== 'string'
  )
    throw unexpected(reply, 'to the refund status is not that of a known refund');
  return {
    response: { ...envelope, results: definedFields(refund as unknown as RefundStatusResults) },
    state,
  };
}
