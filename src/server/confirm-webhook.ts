import { paymentStatusCodes, type PaymentState, type PaymentStatus } from './api-types.js';
import type { WaftpayClient } from './client.js';
import { definedFields } from './defined-fields.js';
import { verifyWebhook, type WebhookEvent } from './verify-webhook.js';

/**
 * What {@link confirmWebhook} found:
 * - `ok: true`: Waftpay's status query knows the payment; `event` holds what it reports;
 * - `malformed`, `hash-mismatch`: the body is refused before asking Waftpay;
 * - `not-found`: Waftpay knows no payment with the body's `payment_uuid`;
 * - `other-order`: Waftpay's payment with that `payment_uuid` belongs to another reference.
 */
export type WebhookConfirmation =
  | {
      readonly ok: true;
      /**
       * `status`, `amount`, the references, `currency` and `refundedAmount` (when reported) are
       * Waftpay's answer to the status query; the other fields come from the webhook body,
       * unconfirmed. For money sent back, found by its `request_uuid`, `amount` is the refund's.
       */
      readonly event: WebhookEvent;
      readonly verifiedBy: 'status-query';
      /** The status query's `state`. */
      readonly state: PaymentState;
      /** The status the webhook body claimed; differs from `event.status` when Waftpay disagrees. */
      readonly claimedStatus: PaymentStatus;
    }
  | { readonly ok: false; readonly reason: 'malformed'; readonly problem: string }
  | {
      readonly ok: false;
      readonly reason: 'hash-mismatch' | 'not-found' | 'other-order';
      /** What the body claimed, unconfirmed. */
      readonly claimed: WebhookEvent;
    };

/** The status words each state of the status query agrees with; the first is its own. */
const agreeing: Record<PaymentState, readonly PaymentStatus[]> = {
  succeeded: ['SUCCESS'],
  failed: ['FAILED', 'EXPIRED', 'REVERSED'],
  canceled: ['FAILED', 'EXPIRED'],
  processing: ['PENDING', 'CREATED', 'ESCALATED'],
};

/**
 * What a merchant calls before acting on a webhook. It checks the body with {@link verifyWebhook}
 * (a `validation_hash` that does not match is refused), then **always** asks Waftpay with the
 * authenticated status query, and answers with what Waftpay reports. So Waftpay's documented
 * payload, which lacks `payment_id`, is accepted, and a forged one, however self-consistent,
 * changes nothing.
 *
 * The query names the payment (`payment_uuid`), or, for money sent back (`REFUNDED`, `REVERSED`)
 * with a `request_uuid`, the refund itself, whose amount is then the event's. The status is the
 * one Waftpay's reply names when it names one (the sandbox's does); otherwise the body's word when
 * it agrees with the reply's `state`, else the state's own word.
 *
 * Then compare `event.amount` (and `event.currency`, when known) with the order's, and deduplicate
 * on `event.paymentUuid` with `event.status` (money sent back: on `event.requestUuid`).
 *
 * @throws {WaftpayApiError} the status query failed: answer the webhook with a 5xx, so
 *   Waftpay delivers it again.
 * @throws {WaftpayNetworkError} likewise.
 */
export async function confirmWebhook(client: WaftpayClient, body: unknown): Promise<WebhookConfirmation> {
  const checked = await verifyWebhook(body);
  if (!checked.ok && checked.reason === 'malformed')
    return { ok: false, reason: 'malformed', problem: checked.problem };
  if (!checked.ok && checked.reason === 'hash-mismatch')
    return { ok: false, reason: 'hash-mismatch', claimed: checked.event };
  const claimed = checked.event;
  const refund = (claimed.status === 'REFUNDED' || claimed.status === 'REVERSED') && !!claimed.requestUuid;
  const answer = await client.queryPayment(
    refund ? { request_uuid: claimed.requestUuid as string } : { payment_uuid: claimed.paymentUuid },
  );
  if (!answer.found) return { ok: false, reason: 'not-found', claimed };
  const { payment } = answer;
  if (
    payment.transaction_reference !== claimed.transactionReference ||
    payment.payment_uuid !== claimed.paymentUuid
  )
    return { ok: false, reason: 'other-order', claimed };
  const words = agreeing[payment.state];
  const status =
    payment.status ??
    // A refund found by its own request_uuid, done: the body's word (refunded or reversed) stands.
    (refund && payment.request_uuid === claimed.requestUuid && payment.state === 'succeeded'
      ? claimed.status
      : words.includes(claimed.status)
        ? claimed.status
        : words[0]);
  const event: WebhookEvent = definedFields({
    ...claimed,
    status,
    code: paymentStatusCodes[status],
    // The body's words describe the status it claimed.
    description: status === claimed.status ? claimed.description : undefined,
    amount: payment.amount,
    totalCharges: payment.total_charges,
    totalAmount: payment.total_amount,
    refundedAmount: payment.refunded_amount,
    currency: payment.currency,
    checkoutReference: payment.transaction_reference,
    transactionReference: payment.transaction_reference,
    paymentUuid: payment.payment_uuid,
    requestUuid: refund ? (payment.request_uuid ?? claimed.requestUuid) : undefined,
  });
  return { ok: true, event, verifiedBy: 'status-query', state: payment.state, claimedStatus: claimed.status };
}
