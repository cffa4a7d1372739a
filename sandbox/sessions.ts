import { randomInt, randomUUID } from 'node:crypto';
import type { CheckoutRequest } from './checkout-request.js';
import { SandboxError } from './errors.js';
import { testNumbers } from './test-numbers.js';

/** Where a session's one payment stands. */
export type PaymentState = 'CREATED' | 'PENDING' | 'SUCCESS' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

export const finalStates: ReadonlySet<PaymentState> = new Set(['SUCCESS', 'FAILED', 'EXPIRED', 'CANCELLED']);

export interface Session {
  /** The request's UUID (`request_uuid` in status queries). */
  readonly id: string;
  /** The UUID in base64, as in Waftpay's checkout URLs. */
  readonly token: string;
  readonly request: CheckoutRequest;
  /** Shown on the hosted page: `meta_data.merchant_name`, else the consumer key. */
  readonly merchantName: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Waftpay's reference for the payment: a numeric string, as Waftpay's. */
  readonly paymentUuid: string;
  /** Waftpay's numeric id (covered by `validation_hash`). */
  readonly paymentId: number;
  /** The merchant's reference: the request's `checkout_reference`, as Waftpay's documents say. */
  readonly transactionReference: string;
  /** The mobile network's receipt, once the payment succeeded. */
  externalReference?: string;
  state: PaymentState;
  /** What the customer approved (less than the amount only when `strict_amount` is false). */
  paidAmount?: number;
  updatedAt: number;
}

export interface SessionStoreOptions {
  /** Lifetime of a session when `extra_params.expiry` is not given. */
  readonly defaultExpiryMs: number;
  /** How long {@link testNumbers.succeedsLater} stays pending. */
  readonly pendingDelayMs: number;
  /** How long an ended session is remembered (for status queries), then forgotten. */
  readonly retentionMs: number;
  /** Called when a session's payment becomes PENDING, and once when it reaches a final state. */
  readonly onChange: (session: Session) => void;
}

const receiptAlphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An M-Pesa style receipt number, e.g. `3C1HH10ZU8`. */
function receipt(): string {
  return Array.from({ length: 10 }, () => receiptAlphabet[randomInt(receiptAlphabet.length)]).join('');
}

/**
 * The sandbox's checkout sessions and their payments: created by Create Checkout Request, moved by
 * the hosted page (and the stand-in phone, and the test helpers), expired on time, and forgotten
 * `retentionMs` after they end. All in memory.
 */
export class SessionStore {
  readonly #byId = new Map<string, Session>();
  readonly #byToken = new Map<string, Session>();
  readonly #byReference = new Map<string, Session>();
  readonly #byPaymentUuid = new Map<string, Session>();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: SessionStoreOptions) {}

  /** Sessions remembered now. */
  get size(): number {
    return this.#byId.size;
  }

  /** @throws {SandboxError} `duplicateReference` when `checkout_reference` is in use. */
  create(request: CheckoutRequest, consumerKey: string): Session {
    if (this.#byReference.has(request.checkoutReference)) {
      throw new SandboxError(
        'duplicateReference',
        `checkout_reference ${request.checkoutReference} has already been used`,
        'checkout_reference',
      );
    }
    const now = Date.now();
    const id = randomUUID();
    const merchantName =
      typeof request.metaData.merchant_name === 'string' ? request.metaData.merchant_name : consumerKey;
    let paymentUuid: string;
    do paymentUuid = `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
    while (this.#byPaymentUuid.has(paymentUuid));
    const session: Session = {
      id,
      token: Buffer.from(id).toString('base64'),
      request,
      merchantName: merchantName.slice(0, 80),
      createdAt: now,
      expiresAt: request.expiry ?? now + this.options.defaultExpiryMs,
      paymentUuid,
      paymentId: randomInt(100_000_000, 999_999_999),
      transactionReference: request.checkoutReference,
      state: 'CREATED',
      updatedAt: now,
    };
    this.#byId.set(id, session);
    this.#byToken.set(session.token, session);
    this.#byReference.set(session.transactionReference, session);
    this.#byPaymentUuid.set(paymentUuid, session);
    this.#later(session.expiresAt - now, () => this.#finish(session, 'EXPIRED'));
    return session;
  }

  byToken(token: string): Session | undefined {
    return this.#byToken.get(token);
  }

  /** The session a status query names, by exactly one of its three references. */
  find(key: 'transaction_reference' | 'request_uuid' | 'payment_uuid', value: string): Session | undefined {
    if (key === 'request_uuid') return this.#byId.get(value);
    return (key === 'payment_uuid' ? this.#byPaymentUuid : this.#byReference).get(value);
  }

  /** The customer asked for the prompt on their phone. Test numbers answer by themselves. */
  prompt(session: Session, amount = session.request.amount): void {
    this.#open(session, ['CREATED', 'PENDING']);
    this.#promptQuietly(session, amount);
    switch (session.request.msisdn) {
      case testNumbers.succeeds:
        return this.#finish(session, 'SUCCESS');
      case testNumbers.declines:
        return this.#finish(session, 'FAILED');
      case testNumbers.succeedsLater:
        return this.#later(this.options.pendingDelayMs, () => this.#finish(session, 'SUCCESS'));
    }
  }

  /** The stand-in phone: the customer approves or declines the prompt. */
  answer(session: Session, approved: boolean): void {
    this.#open(session, ['PENDING']);
    this.#finish(session, approved ? 'SUCCESS' : 'FAILED');
  }

  /** A test helper: the customer approves (the prompt is sent first if it was not). */
  approve(session: Session, amount?: number): void {
    this.#open(session, ['CREATED', 'PENDING']);
    if (session.state === 'CREATED' || amount !== undefined) this.#promptQuietly(session, amount);
    this.#finish(session, 'SUCCESS');
  }

  /** A test helper: the customer declines the prompt (sent first if it was not). */
  decline(session: Session): void {
    this.#open(session, ['CREATED', 'PENDING']);
    if (session.state === 'CREATED') this.#promptQuietly(session);
    this.#finish(session, 'FAILED');
  }

  /** A test helper: the session's time runs out now. */
  expire(session: Session): void {
    this.#open(session, ['CREATED', 'PENDING']);
    this.#finish(session, 'EXPIRED');
  }

  cancel(session: Session): void {
    this.#open(session, ['CREATED', 'PENDING']);
    this.#finish(session, 'CANCELLED');
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** The prompt goes to the phone (a PENDING webhook the first time); nobody answers it yet. */
  #promptQuietly(session: Session, amount = session.paidAmount ?? session.request.amount): void {
    if (
      amount !== session.request.amount &&
      (session.request.strictAmount || amount < 1 || amount > session.request.amount)
    ) {
      throw new SandboxError('invalidAmount', 'This checkout takes the full amount only', 'amount');
    }
    session.paidAmount = amount;
    if (session.state === 'CREATED') {
      this.#move(session, 'PENDING');
      this.options.onChange(session);
    }
  }

  #open(session: Session, allowed: PaymentState[]): void {
    if (!allowed.includes(session.state)) {
      throw new SandboxError('sessionClosed', `This checkout is ${session.state.toLowerCase()}`);
    }
  }

  #move(session: Session, state: PaymentState): void {
    session.state = state;
    session.updatedAt = Date.now();
  }

  #finish(session: Session, state: PaymentState): void {
    if (finalStates.has(session.state)) return;
    if (state === 'SUCCESS') session.externalReference = receipt();
    this.#move(session, state);
    this.options.onChange(session);
    this.#later(this.options.retentionMs, () => this.#forget(session));
  }

  #forget(session: Session): void {
    this.#byId.delete(session.id);
    this.#byToken.delete(session.token);
    this.#byReference.delete(session.transactionReference);
    this.#byPaymentUuid.delete(session.paymentUuid);
  }

  #later(ms: number, run: () => void): void {
    // setTimeout takes at most 2^31-1 ms; a longer wait is taken in steps.
    const step = Math.min(Math.max(ms, 0), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (ms > step) this.#later(ms - step, run);
      else run();
    }, step);
    timer.unref();
    this.#timers.add(timer);
  }
}
