import {
  paymentStatusCodes,
  type PaymentState,
  type PaymentStatus,
  type StatusQueryData,
} from './api-types.js';
import type { WaftpayClient } from './client.js';
import { definedFields } from './defined-fields.js';
import { verifyWebhook, type WebhookEvent } from './verify-webhook.js';

/**
 * What {@link confirmWebhook} found:
 * - `ok: true`: Waftpay's status query knows the payment (or its refund status the refund);
 *   `event` holds what it reports;
 * - `malformed`, `hash-mismatch`: the body is refused before asking Waftpay;
 * - `not-found`: Waftpay knows no payment with the body's `payment_uuid` (or refund with its
 *   `request_uuid`);
 * - `other-order`: what Waftpay knows by that reference belongs to another payment.
 */
export type WebhookConfirmation =
  | {
      readonly ok: true;
      /**
       * `status`, `amount`, the references, `currency` and `refundedAmount` (when reported) are
       * Waftpay's answer to the status query; the other fields come from the webhook body,
       * unconfirmed. For money sent back, asked about by its `request_uuid`, they are the refund
       * status's answer, and `amount` is the refund's.
       */
      readonly event: WebhookEvent;
      readonly verifiedBy: 'status-query';
      /** The status query's `state` (money sent back: the refund's own, `processing`, `succeeded` or `failed`). */
      readonly state: PaymentState;
      /** The status the webhook body claimed; differs from `event.status` when Waftpay disagrees. */
      readonly claimedStatus: PaymentStatus;
      /**
       * The status query's `data`, when the payment was asked about (not for money sent back). Its
       * `status` is absent when the reply named no word (Waftpay's documented reply): `event.status`
       * is then the `state`'s own word, and a `FAILED` may be an expiry.
       */
      readonly payment?: StatusQueryData;
    }
  | { readonly ok: false; readonly reason: 'malformed'; readonly problem: string }
  | {
      readonly ok: false;
      readonly reason: 'hash-mismatch' | 'not-found' | 'other-order';
      /** What the body claimed, unconfirmed. */
      readonly claimed: WebhookEvent;
    };

/** The status word of each state of the status query, when its reply names none. */
const stateWords: Record<PaymentState, PaymentStatus> = {
  succeeded: 'SUCCESS',
  failed: 'FAILED',
  canceled: 'FAILED',
  processing: 'PENDING',
};

/**
 * What a merchant calls before acting on a webhook. It checks the body with {@link verifyWebhook}
 * (a `validation_hash` that does not match is refused), then **always** asks Waftpay with the
 * authenticated status query, and answers with what Waftpay reports. So Waftpay's documented
 * payload, which lacks `payment_id`, is accepted, and a forged one, however self-consistent,
 * changes nothing.
 *
 * The query names the payment (`payment_uuid`): the status is the one Waftpay's reply names when
 * it names one (the sandbox's does), else its `state`'s own word (`SUCCESS`, `FAILED`, `PENDING`);
 * never the body's, which anyone can write. For money sent back (`REFUNDED`, `REVERSED`) with a
 * `request_uuid`, Waftpay's refund status ({@link WaftpayClient.queryRefund}) is asked instead,
 * and the refund's amount is the event's.
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
  if ((claimed.status === 'REFUNDED' || claimed.status === 'REVERSED') && claimed.requestUuid)
    return confirmRefund(client, claimed, claimed.requestUuid);
  const answer = await client.queryPayment({ payment_uuid: claimed.paymentUuid });
  if (!answer.found) return { ok: false, reason: 'not-found', claimed };
  const { payment } = answer;
  if (
    payment.transaction_reference !== claimed.transactionReference ||
    payment.payment_uuid !== claimed.paymentUuid
  )
    return { ok: false, reason: 'other-order', claimed };
  return confirmed(
    claimed,
    payment.status ?? stateWords[payment.state],
    payment.state,
    {
      amount: payment.amount,
      totalCharges: payment.total_charges,
      totalAmount: payment.total_amount,
      refundedAmount: payment.refunded_amount,
      currency: payment.currency,
      transactionReference: payment.transaction_reference,
      paymentUuid: payment.payment_uuid,
      requestUuid: undefined,
    },
    payment,
  );
}

/** The event Waftpay confirmed: its `status` and fields over the body's (whose words fit its own status only). */
function confirmed(
  claimed: WebhookEvent,
  status: PaymentStatus,
  state: PaymentState,
  reported: Partial<WebhookEvent> & Pick<WebhookEvent, 'transactionReference'>,
  payment?: StatusQueryData,
): WebhookConfirmation {
  const event: WebhookEvent = definedFields({
    ...claimed,
    status,
    code: paymentStatusCodes[status],
    description: status === claimed.status ? claimed.description : undefined,
    ...reported,
    checkoutReference: reported.transactionReference,
  });
  return definedFields({
    ok: true as const,
    event,
    verifiedBy: 'status-query' as const,
    state,
    claimedStatus: claimed.status,
    payment,
  });
}

/**
 * Money sent back: Waftpay's refund status (by the body's `request_uuid`) confirms it, for the
 * payment the body names. Done, it is the body's `REFUNDED` or `REVERSED` (or the word the reply
 * names: the sandbox's does); still processing, `PENDING`; failed, `FAILED`.
 */
async function confirmRefund(
  client: WaftpayClient,
  claimed: WebhookEvent,
  requestUuid: string,
): Promise<WebhookConfirmation> {
  const answer = await client.queryRefund(requestUuid);
  if (!answer.found) return { ok: false, reason: 'not-found', claimed };
  const { refund, state } = answer;
  if (
    refund.original_transaction_reference !== claimed.transactionReference ||
    refund.original_payment_uuid !== claimed.paymentUuid
  )
    return { ok: false, reason: 'other-order', claimed };
  const status: PaymentStatus =
    state === 'succeeded' ? (refund.type ?? claimed.status) : state === 'processing' ? 'PENDING' : 'FAILED';
  return confirmed(claimed, status, state, {
    amount: refund.amount,
    totalCharges: refund.total_charges,
    totalAmount: refund.total_amount,
    transactionReference: refund.original_transaction_reference,
    paymentUuid: refund.original_payment_uuid,
  });
}
