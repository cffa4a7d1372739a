import { SandboxError } from './errors.js';
import type { PaymentState, Session, SessionStore } from './sessions.js';

const keys = ['transaction_reference', 'request_uuid', 'payment_uuid'] as const;

/** Waftpay's `state` words for each payment state. */
const stateWord: Record<PaymentState, string> = {
  CREATED: 'processing',
  PENDING: 'processing',
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  EXPIRED: 'failed',
  CANCELLED: 'canceled',
};

/** The status word a webhook uses for each payment state (a cancel is reported as FAILED). */
const statusWord: Record<PaymentState, string> = {
  CREATED: 'CREATED',
  PENDING: 'PENDING',
  SUCCESS: 'SUCCESS',
  FAILED: 'FAILED',
  EXPIRED: 'EXPIRED',
  CANCELLED: 'FAILED',
};

/** Where a session's payment stands, in the status query's word and the webhooks'. */
export function paymentStatus(session: Session): { state: string; status: string } {
  return { state: stateWord[session.state], status: statusWord[session.state] };
}

/** Answers a status query: exactly one reference, an HTTP status and Waftpay's reply shape. */
export function queryPayment(
  sessions: SessionStore,
  body: Record<string, unknown>,
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
  const session = sessions.find(key, value);
  if (!session) {
    return {
      http: 404,
      body: { status: 'NOT_FOUND', code: '404.004.404', description: `No payment has ${key} ${value}` },
    };
  }
  return {
    http: 200,
    body: { status: 'SUCCESS', code: '200', description: 'Payment found', data: paymentData(session) },
  };
}

function paymentData(session: Session): Record<string, unknown> {
  const amount =
    session.state === 'SUCCESS' ? (session.paidAmount ?? session.request.amount) : session.request.amount;
  return {
    transaction_reference: session.transactionReference,
    payment_reference: session.request.paymentReference ?? null,
    time_received: new Date(session.createdAt).toISOString(),
    amount,
    total_charges: 0,
    total_amount: amount,
    payment_uuid: session.paymentUuid,
    state: stateWord[session.state],
    last_updated: new Date(session.updatedAt).toISOString(),
  };
}
