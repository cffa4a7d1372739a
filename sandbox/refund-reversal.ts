// Waftpay's refund/reversal of a collection: `POST {BASE}/payments-api-service/v1/refund-reversal`
// to ask, `POST {BASE}/refund-reversal` with the `request_uuid` to learn how it ended (the paths
// Waftpay's pages show), both with the Collections token.
import { fail, requiredString, webhookUrl } from './checkout-request.js';
import { SandboxError } from './errors.js';
import { hasAtMostTwoDecimals } from './money.js';
import type { Refund, Session, SessionStore } from './sessions.js';

/** A refund/reversal request that passed every check. */
export interface RefundRequest {
  readonly session: Session;
  readonly amount: number;
  readonly notificationUrl: string;
  readonly remarks?: string;
}

/**
 * Checks the body of a refund/reversal request: the payment it names (by `transaction_reference`
 * and `payment_uuid`, both the merchant's), `amount` and `notification_url` (required, as the
 * documents say), `remarks` (optional).
 *
 * @throws {SandboxError} a missing or wrong field (400), or `notFound` (404) when the merchant has
 *   no payment with both references.
 */
export function readRefundRequest(
  sessions: SessionStore,
  consumerKey: string,
  body: Record<string, unknown>,
  webhookHosts: readonly string[],
): RefundRequest {
  const transactionReference = requiredString(body, 'transaction_reference');
  const paymentUuid = requiredString(body, 'payment_uuid');
  const amount = body.amount;
  if (amount === undefined || amount === null) fail('missingField', 'amount', 'amount is required');
  if (typeof amount !== 'number' || !(amount > 0) || !hasAtMostTwoDecimals(amount))
    fail('invalidAmount', 'amount', 'amount must be a number more than 0, with at most 2 decimals');
  const notificationUrl = webhookUrl(body, 'notification_url', webhookHosts);
  const remarks = body.remarks;
  if (remarks !== undefined && remarks !== null && (typeof remarks !== 'string' || remarks.length > 200))
    fail('invalidValue', 'remarks', 'remarks must be a string of at most 200 characters');
  const session = sessions.find(consumerKey, 'payment_uuid', paymentUuid);
  if (!session || session.transactionReference !== transactionReference)
    throw new SandboxError(
      'notFound',
      `No payment has transaction_reference ${transactionReference} and payment_uuid ${paymentUuid}`,
    );
  return { session, amount, notificationUrl, remarks: typeof remarks === 'string' ? remarks : undefined };
}

/** The documents' reply to an accepted request: `code` is a number here, `results` holds the UUID. */
export function refundAccepted(refund: Refund): Record<string, unknown> {
  return {
    code: 102,
    status: 'SUCCESS',
    description: 'Request accepted',
    results: { request_uuid: refund.requestUuid },
  };
}

/** `2025-08-26T05:20:27Z`, as the documents' refund status shows times. */
const secondsTime = (time: number): string => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The refund/reversal status, in the documents' shape: amounts as strings with two decimals,
 * the payment's references as `original_…`. Not found: HTTP 404, `status: "NOT FOUND"`.
 */
export function refundStatus(
  sessions: SessionStore,
  consumerKey: string,
  body: Record<string, unknown>,
): { http: number; body: unknown } {
  const requestUuid = requiredString(body, 'request_uuid');
  const found = sessions.findRefund(consumerKey, requestUuid);
  if (!found)
    return {
      http: 404,
      body: {
        code: 404,
        status: 'NOT FOUND',
        description: `No refund or reversal has request_uuid ${requestUuid}`,
      },
    };
  const { session, refund } = found;
  const done = refund.state === 'succeeded';
  const amount = refund.amount.toFixed(2);
  return {
    http: 200,
    body: {
      code: done ? 102 : 101,
      status: done ? 'SUCCESS' : 'PENDING',
      description: done ? 'Transaction success' : 'Transaction in progress',
      results: {
        ...(done
          ? { result_code: '21', result_description: 'The service request is processed successfully' }
          : {}),
        amount,
        total_charges: '0.00',
        total_amount: amount,
        account: session.request.msisdn,
        original_payment_uuid: session.paymentUuid,
        original_transaction_reference: session.transactionReference,
        ...(session.externalReference ? { original_external_reference: session.externalReference } : {}),
        ...(refund.externalReference ? { external_reference: refund.externalReference } : {}),
        ...(refund.completedAt === undefined ? {} : { time_processed: secondsTime(refund.completedAt) }),
        // The sandbox's own: which of the two it was, and the UUID asked about.
        request_uuid: refund.requestUuid,
        type: refund.kind,
      },
    },
  };
}
