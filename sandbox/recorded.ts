import { fromCents, toCents } from './money.js';
import type { SessionStore } from './sessions.js';
import { amountOf, refundedAmount, stateOf, statusOf, type StateWord } from './status-query.js';

/** One checkout's payment, as the sandbox recorded it. */
export interface RecordedPayment {
  readonly checkout_reference: string;
  readonly payment_uuid: string;
  readonly request_uuid: string;
  readonly msisdn: string;
  /** What was asked. */
  readonly amount: number;
  /** What was paid: set once it succeeded. */
  readonly paid_amount?: number;
  readonly currency: string;
  /** The status query's word. */
  readonly state: StateWord;
  /** The latest webhook's word (`SUCCESS`, `REFUNDED`, `REVERSED`, …). */
  readonly status: string;
  /** It succeeded after the session had expired (a late approval). */
  readonly late: boolean;
  readonly created_at: string;
  readonly succeeded_at?: string;
  /** Sent back so far (refunds done, or the reversal). */
  readonly refunded_amount: number;
}

/** One refund or reversal, as the sandbox recorded it. */
export interface RecordedRefund {
  readonly request_uuid: string;
  readonly kind: 'REFUNDED' | 'REVERSED';
  readonly checkout_reference: string;
  readonly payment_uuid: string;
  readonly amount: number;
  readonly state: 'processing' | 'succeeded';
  readonly requested_at: string;
  readonly completed_at?: string;
}

/** What the sandbox holds for one merchant: for tests that check a shop against Waftpay's record. */
export interface RecordedPayments {
  readonly payments: readonly RecordedPayment[];
  readonly refunds: readonly RecordedRefund[];
  /** The sums, in major units: what succeeded, and what was sent back of it. */
  readonly totals: { readonly paid: number; readonly refunded: number };
}

const iso = (time: number | undefined): string | undefined =>
  time === undefined ? undefined : new Date(time).toISOString();

/**
 * The payments, refunds and reversals the sandbox remembers of one merchant (sessions are
 * forgotten `sessionRetentionMs` after they end, paid ones `paidRetentionMs` after their last
 * change), oldest first.
 */
export function recordedPayments(sessions: SessionStore, consumerKey: string): RecordedPayments {
  const payments: RecordedPayment[] = [];
  const refunds: RecordedRefund[] = [];
  let paid = 0;
  let refunded = 0;
  for (const session of sessions.ofMerchant(consumerKey)) {
    const succeeded = session.succeededAt !== undefined;
    if (succeeded) paid += toCents(amountOf(session));
    refunded += toCents(refundedAmount(session));
    payments.push({
      checkout_reference: session.transactionReference,
      payment_uuid: session.paymentUuid,
      request_uuid: session.id,
      msisdn: session.request.msisdn,
      amount: session.request.amount,
      ...(succeeded ? { paid_amount: amountOf(session) } : {}),
      currency: session.request.currency,
      state: stateOf(session),
      status: statusOf(session),
      late: session.late,
      created_at: iso(session.createdAt) as string,
      ...(succeeded ? { succeeded_at: iso(session.succeededAt) } : {}),
      refunded_amount: refundedAmount(session),
    });
    for (const refund of session.refunds)
      refunds.push({
        request_uuid: refund.requestUuid,
        kind: refund.kind,
        checkout_reference: session.transactionReference,
        payment_uuid: session.paymentUuid,
        amount: refund.amount,
        state: refund.state,
        requested_at: iso(refund.requestedAt) as string,
        ...(refund.completedAt === undefined ? {} : { completed_at: iso(refund.completedAt) }),
      });
  }
  return { payments, refunds, totals: { paid: fromCents(paid), refunded: fromCents(refunded) } };
}
