import { paymentStatusCodes, type PaymentStatus } from './api-types.js';
import { definedFields } from './defined-fields.js';
import { isObject } from './replies.js';
import { sameInConstantTime, validationHash } from './validation-hash.js';
import { readWaftpayTime } from './waftpay-time.js';

/** A webhook, read: Waftpay's fields in camelCase. */
export interface WebhookEvent {
  /** Waftpay's word: `SUCCESS`, `FAILED`, `EXPIRED`, `PENDING`, … */
  readonly status: PaymentStatus;
  /** Waftpay's code for the status, e.g. `"102"`. */
  readonly code: string;
  readonly description?: string;
  readonly amount: number;
  readonly totalCharges?: number;
  readonly totalAmount?: number;
  /**
   * What has been sent back of the payment so far, as Waftpay's status query reports it (the
   * sandbox's does; Waftpay's documents show no such field). Only in {@link confirmWebhook}'s events.
   */
  readonly refundedAmount?: number;
  /** Only when the payload says (Waftpay's documented payloads do not). */
  readonly currency?: string;
  /** Your `checkout_reference`: Waftpay's `transaction_reference`. */
  readonly checkoutReference: string;
  /** As Waftpay names it; the same as {@link WebhookEvent.checkoutReference}. */
  readonly transactionReference: string;
  /** Waftpay's reference for the payment: deduplicate on it (with the status). */
  readonly paymentUuid: string;
  readonly paymentId?: string;
  /** The mobile network's reference (e.g. an M-Pesa receipt), when there is one. */
  readonly externalReference?: string;
  /** A refund's or reversal's `request_uuid` (what `refund()` returned): deduplicate money sent back on it. */
  readonly requestUuid?: string;
  readonly account?: string;
  readonly msisdn?: string;
  /** The processor's code, e.g. `"0"`. */
  readonly resultCode?: string;
  readonly resultDescription?: string;
  /** `time_processed` as Waftpay wrote it. */
  readonly timeProcessed?: string;
  /** `time_processed` read as ISO-8601 UTC (a time with no zone is read as UTC). */
  readonly processedAt?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * What {@link verifyWebhook} found:
 * - `ok: true`: the body has Waftpay's shape and its `validation_hash` matches;
 * - `malformed`: it is not a webhook in Waftpay's shape (`problem` says why);
 * - `hash-mismatch`: `validation_hash` is not the hash of what the body says;
 * - `unverifiable`: well-formed, but it lacks what the hash covers (Waftpay's documented example
 *   has no `payment_id`), so the hash could not be checked.
 * `event` is what the body says, unconfirmed, for logs and for a status query.
 */
export type WebhookVerification =
  | { readonly ok: true; readonly event: WebhookEvent }
  | { readonly ok: false; readonly reason: 'hash-mismatch' | 'unverifiable'; readonly event: WebhookEvent }
  | { readonly ok: false; readonly reason: 'malformed'; readonly problem: string };

/** References longer than this are not Waftpay's. */
const maxReferenceLength = 256;

class Malformed extends Error {}

function reference(results: Record<string, unknown>, name: string): string {
  const value = results[name];
  if (typeof value !== 'string' || value === '' || value.length > maxReferenceLength)
    throw new Malformed(`results.${name} must be a non-empty string`);
  return value;
}

function optionalReference(results: Record<string, unknown>, name: string): string | undefined {
  return results[name] === undefined ? undefined : reference(results, name);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function money(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function read(body: unknown): { event: WebhookEvent; hash?: string; clientReference: string } {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      throw new Malformed('the body is not JSON');
    }
  }
  if (!isObject(body)) throw new Malformed('the body is not a JSON object');
  const status = body.status;
  if (typeof status !== 'string' || !Object.hasOwn(paymentStatusCodes, status))
    throw new Malformed("status is not one of Waftpay's status words");
  const code = body.code;
  if (code !== undefined && typeof code !== 'string' && typeof code !== 'number')
    throw new Malformed('code must be a string');
  const results = body.results;
  if (!isObject(results)) throw new Malformed('results must be an object');
  const amount = money(results.amount);
  if (amount === undefined || amount < 0) throw new Malformed('results.amount must be a number');
  const transactionReference = reference(results, 'transaction_reference');
  const paymentUuid = reference(results, 'payment_uuid');
  const clientReference = results.client_reference ?? transactionReference;
  if (clientReference !== transactionReference)
    throw new Malformed('results.client_reference differs from results.transaction_reference');
  const hash = results.validation_hash;
  if (hash !== undefined && typeof hash !== 'string')
    throw new Malformed('results.validation_hash must be a string');
  const paymentId = results.payment_id;
  const event: WebhookEvent = definedFields({
    status: status as PaymentStatus,
    code: code === undefined ? paymentStatusCodes[status as PaymentStatus] : String(code),
    description: text(body.description),
    amount,
    totalCharges: money(results.total_charges),
    totalAmount: money(results.total_amount),
    currency: text(results.currency),
    checkoutReference: transactionReference,
    transactionReference,
    paymentUuid,
    paymentId:
      typeof paymentId === 'string' || (typeof paymentId === 'number' && Number.isFinite(paymentId))
        ? String(paymentId)
        : undefined,
    externalReference: text(results.external_reference),
    requestUuid: optionalReference(results, 'request_uuid'),
    account: text(results.account),
    msisdn: text(results.msisdn),
    resultCode: text(results.result_code),
    resultDescription: text(results.result_description),
    timeProcessed: text(results.time_processed),
    processedAt: readWaftpayTime(results.time_processed),
    metadata: isObject(results.metadata) ? results.metadata : undefined,
  });
  return { event, hash, clientReference };
}

/**
 * Checks a webhook body (parsed JSON, or its text): Waftpay's documented shape, and, when the
 * payload carries what the hash covers, its `validation_hash` (SHA-256 of `amount +
 * client_reference + payment_uuid + payment_id`, compared in constant time, whatever was sent).
 *
 * **The hash has no secret.** Anyone who knows an order's reference (the customer does) can
 * compute it for any payment ids they invent: a matching hash proves the body is
 * self-consistent, not that Waftpay sent it. Before fulfilling an order, use
 * {@link confirmWebhook}, which asks Waftpay.
 */
export async function verifyWebhook(body: unknown): Promise<WebhookVerification> {
  let parsed: ReturnType<typeof read>;
  try {
    parsed = read(body);
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, reason: 'malformed', problem: error.message };
    throw error;
  }
  const { event, hash, clientReference } = parsed;
  if (hash === undefined || event.paymentId === undefined)
    return { ok: false, reason: 'unverifiable', event };
  const expected = await validationHash(event.amount, clientReference, event.paymentUuid, event.paymentId);
  return sameInConstantTime(hash, expected)
    ? { ok: true, event }
    : { ok: false, reason: 'hash-mismatch', event };
}
