import { SandboxError } from './errors.js';
import { chargesFor, fromCents, toCents, type Fees } from './money.js';
import type { Refund, Session, SessionStore, StatusWord } from './sessions.js';

const keys = ['transaction_reference', 'request_uuid', 'payment_uuid'] as const;

/** The status query's `state`: Waftpay's four words. */
export type StateWord = 'processing' | 'succeeded' | 'failed' | 'canceled';

/** The payment's status word now, as its latest webhook says it. */
export function statusOf(session: Session): StatusWord {
  switch (session.state) {
    case 'CREATED':
      return 'CREATED';
    case 'PENDING':
      return session.escalated ? 'ESCALATED' : 'PENDING';
    case 'SUCCESS': {
      const done = session.refunds.filter((refund) => refund.state === 'succeeded');
      if (done.some((refund) => refund.kind === 'REVERSED')) return 'REVERSED';
      return done.length > 0 ? 'REFUNDED' : 'SUCCESS';
    }
    case 'EXPIRED':
      return 'EXPIRED';
    default:
      return 'FAILED';
  }
}

/**
 * The status query's `state` of a payment. A reversed payment is `failed`: the network undid it,
 * and the merchant keeps nothing. A refunded one is still `succeeded`: it was paid, and the
 * merchant sent (some of) it back.
 */
export function stateOf(session: Session): StateWord {
  switch (statusOf(session)) {
    case 'CREATED':
    case 'PENDING':
    case 'ESCALATED':
      return 'processing';
    case 'SUCCESS':
    case 'REFUNDED':
      return 'succeeded';
    default:
      return session.state === 'CANCELLED' ? 'canceled' : 'failed';
  }
}

/** What was paid (once it succeeded), else what is asked. */
export function amountOf(session: Session): number {
  return session.state === 'SUCCESS'
    ? (session.paidAmount ?? session.request.amount)
    : session.request.amount;
}

/** `amount`, `total_charges`, `total_amount`: the customer pays the amount and the fees. */
export function moneyFields(
  amount: number,
  fees: Fees,
): { amount: number; total_charges: number; total_amount: number } {
  const charges = chargesFor(amount, fees);
  return { amount, total_charges: charges, total_amount: fromCents(toCents(amount) + toCents(charges)) };
}

/** What has been sent back of a payment so far (refunds done, or its reversal). */
export function refundedAmount(session: Session): number {
  return fromCents(
    session.refunds
      .filter((refund) => refund.state === 'succeeded')
      .reduce((sum, refund) => sum + toCents(refund.amount), 0),
  );
}

/** ISO-8601 UTC with microseconds, as the documents' status query shows (`…52.585619Z`). */
export function queryTime(time: number): string {
  return new Date(time).toISOString().replace(/Z$/, '000Z');
}

/**
 * Answers a status query: exactly one reference, an HTTP status and Waftpay's reply shape. Only
 * the asking merchant's payments are found. A `request_uuid` names a checkout request, or a
 * refund or reversal (whose own state is then reported).
 */
export function queryPayment(
  sessions: SessionStore,
  consumerKey: string,
  body: Record<string, unknown>,
  fees: Fees,
): { http: number; body: unknown } {
  const given = keys.filter((key) => body[key] !== undefined);
  if (given.length !== 1) {
    throw new SandboxError(
      'invalidQuery',
      `Give exactly one of ${keys.join(', ')}`,
      given.length ? given.join(',') : keys[0],
    );
  }
  const key = given[0];
  const value = body[key];
  if (typeof value !== 'string' || value === '')
    throw new SandboxError('invalidQuery', `${key} must be a string`, key);
  const refund = key === 'request_uuid' ? sessions.findRefund(consumerKey, value) : undefined;
  const session = refund?.session ?? sessions.find(consumerKey, key, value);
  if (!session) {
    return {
      http: 404,
      body: { status: 'NOT_FOUND', code: '404.004.404', description: `No payment has ${key} ${value}` },
    };
  }
  return {
    http: 200,
    body: {
      status: '200.100',
      code: 'ACCEPTED',
      description: 'Accepted for processing',
      data: refund ? refundData(session, refund.refund) : paymentData(session, fees),
    },
  };
}

function paymentData(session: Session, fees: Fees): Record<string, unknown> {
  const refunded = refundedAmount(session);
  return {
    transaction_reference: session.transactionReference,
    payment_reference: session.request.paymentReference ?? null,
    time_received: queryTime(session.createdAt),
    ...moneyFields(amountOf(session), fees),
    payment_uuid: session.paymentUuid,
    state: stateOf(session),
    last_updated: queryTime(session.updatedAt),
    // The sandbox's own fields: the status word (which the state cannot tell apart), and refunds.
    status: statusOf(session),
    ...(session.refunds.length > 0 ? { refunded_amount: refunded } : {}),
  };
}

function refundData(session: Session, refund: Refund): Record<string, unknown> {
  const done = refund.state === 'succeeded';
  return {
    transaction_reference: session.transactionReference,
    payment_reference: session.request.paymentReference ?? null,
    time_received: queryTime(refund.requestedAt),
    ...moneyFields(refund.amount, {}),
    payment_uuid: session.paymentUuid,
    state: done ? 'succeeded' : 'processing',
    last_updated: queryTime(refund.completedAt ?? refund.requestedAt),
    status: done ? refund.kind : 'PENDING',
    request_uuid: refund.requestUuid,
  };
}
