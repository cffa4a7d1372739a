import { createHash, timingSafeEqual } from 'node:crypto';
import type { OrderStatus } from './orders.js';

/**
 * Checks a Waftpay webhook's integrity: `validation_hash` must be the lowercase hex SHA-256 of
 * `amount + client_reference + payment_uuid + payment_id`, the amount written as
 * `Number(n).toString()`. Waftpay sends no signature header; this is the whole check. (The
 * sandbox computes the same on its side; a shop has only Waftpay's documentation, so this file
 * stands alone as a shop's would.)
 */
export function hasValidHash(results: Record<string, unknown>): boolean {
  const { amount, payment_uuid: paymentUuid, payment_id: paymentId, validation_hash: given } = results;
  const clientReference = results.client_reference ?? results.external_reference;
  if (
    typeof amount !== 'number' ||
    typeof clientReference !== 'string' ||
    typeof paymentUuid !== 'string' ||
    typeof paymentId !== 'string' ||
    typeof given !== 'string'
  ) {
    return false;
  }
  const expected = createHash('sha256')
    .update(`${Number(amount).toString()}${clientReference}${paymentUuid}${paymentId}`)
    .digest('hex');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** A webhook whose hash checked out. */
export interface VerifiedWebhook {
  /** The shop's `checkout_reference`. */
  readonly reference: string;
  readonly status: 'SUCCESS' | 'FAILED' | 'EXPIRED';
  readonly amount: number;
  readonly paymentUuid: string;
  readonly transactionReference: string | null;
}

/** Reads a webhook body; `undefined` unless its hash is right and its status is a final one. */
export function verifyWebhook(body: Record<string, unknown>): VerifiedWebhook | undefined {
  const results = body.results;
  if (typeof results !== 'object' || results === null || !hasValidHash(results as Record<string, unknown>))
    return undefined;
  const fields = results as Record<string, unknown>;
  const status = body.status;
  if (status !== 'SUCCESS' && status !== 'FAILED' && status !== 'EXPIRED') return undefined;
  return {
    reference: String(fields.client_reference ?? fields.external_reference),
    status,
    amount: fields.amount as number,
    paymentUuid: fields.payment_uuid as string,
    transactionReference:
      typeof fields.transaction_reference === 'string' ? fields.transaction_reference : null,
  };
}

/** What a payment's outcome means for an order of `orderAmount`. */
export function orderStatusFor(
  status: 'SUCCESS' | 'FAILED' | 'EXPIRED',
  paid: number,
  orderAmount: number,
): OrderStatus {
  if (status === 'SUCCESS') return paid >= orderAmount ? 'PAID' : 'PARTIALLY_PAID';
  return status;
}
