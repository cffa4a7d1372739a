import { createHash } from 'node:crypto';
// Waftpay's code for each status word (`code` is a string, e.g. `"102"`): the one table, shared
// with waftpay-checkout/server.
import { paymentStatusCodes } from '../src/server/api-types.js';
import type { Fees } from './money.js';
import type { PaymentEvent, Session, StatusWord } from './sessions.js';
import { moneyFields } from './status-query.js';

/** The statuses after which nothing more happens to the payment but money sent back. */
export const finalStatuses: ReadonlySet<StatusWord> = new Set([
  'SUCCESS',
  'FAILED',
  'EXPIRED',
  'REFUNDED',
  'REVERSED',
]);

/**
 * What each webhook says, and what the processor (the mobile network) said: `result_code` "0" is
 * a completed payment; the others are M-Pesa's codes for a prompt the customer refused (1032) and
 * one nobody answered in time (1037); "21" is the documents' code for a refund or reversal done.
 * A payment not yet decided has no processor result.
 */
const words: Record<
  StatusWord | 'CANCELLED',
  { description: string; result?: readonly [code: string, description: string] }
> = {
  CREATED: { description: 'Payment request created' },
  PENDING: { description: 'Payment prompt sent to the customer' },
  ESCALATED: { description: 'The payment is being reviewed by Waftpay' },
  SUCCESS: {
    description: 'Payment completed successfully',
    result: ['0', 'The service request is processed successfully.'],
  },
  FAILED: {
    description: 'The customer declined the payment',
    result: ['1032', 'The customer declined the request.'],
  },
  CANCELLED: {
    description: 'The customer cancelled the payment',
    result: ['1032', 'The customer cancelled the request.'],
  },
  EXPIRED: {
    description: 'The checkout expired before payment',
    result: ['1037', 'The customer could not be reached in time.'],
  },
  REFUNDED: {
    description: 'Payment refunded',
    result: ['21', 'The service request is processed successfully'],
  },
  REVERSED: {
    description: 'Payment reversed',
    result: ['21', 'The service request is processed successfully'],
  },
};

/**
 * Waftpay's integrity check: lowercase hex SHA-256 of `amount + client_reference + payment_uuid +
 * payment_id` concatenated with no separator, the amount written as `Number(n).toString()`.
 */
export function validationHash(
  amount: number,
  clientReference: string,
  paymentUuid: string,
  paymentId: string | number,
): string {
  return createHash('sha256')
    .update(`${Number(amount).toString()}${clientReference}${paymentUuid}${paymentId}`)
    .digest('hex');
}

/**
 * `time_processed` as the documents' webhook shows it: no zone, seven digits of fraction
 * (`2026-01-07T09:48:08.8485958`). The sandbox writes UTC.
 */
export function processedTime(time: number): string {
  return `${new Date(time).toISOString().slice(0, 23)}0000`;
}

/**
 * The webhook body for an event of a session, with Waftpay's documented fields, plus the one the
 * hash covers that the documents' example leaves out (`payment_id`) and, for money sent back,
 * the refund's `request_uuid` and the payment's receipt (`original_external_reference`).
 */
export function webhookBody(session: Session, event: PaymentEvent, fees: Fees, time: number): string {
  const said = words[event.cancelled ? 'CANCELLED' : event.status];
  const refund = event.refund;
  const amount = refund?.amount ?? session.paidAmount ?? session.request.amount;
  const external = refund ? refund.externalReference : session.externalReference;
  return JSON.stringify({
    status: event.status,
    code: paymentStatusCodes[event.status],
    description: said.description,
    results: {
      ...(said.result ? { result_code: said.result[0], result_description: said.result[1] } : {}),
      // Money sent back carries no fees.
      ...moneyFields(amount, refund ? {} : fees),
      account: session.request.msisdn,
      transaction_reference: session.transactionReference,
      payment_uuid: session.paymentUuid,
      payment_id: session.paymentId,
      ...(refund ? { request_uuid: refund.requestUuid } : {}),
      ...(external ? { external_reference: external } : {}),
      ...(refund && session.externalReference
        ? { original_external_reference: session.externalReference }
        : {}),
      msisdn: session.request.msisdn,
      time_processed: processedTime(time),
      validation_hash: validationHash(
        amount,
        session.transactionReference,
        session.paymentUuid,
        session.paymentId,
      ),
      metadata: session.request.metaData,
    },
  });
}
