import { randomBytes, randomInt, randomUUID } from 'node:crypto';
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
  readonly paymentUuid: string;
  readonly paymentId: string;
  readonly transactionReference: string;
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
  /** Called once per session when its payment reaches a final state. */
  readonly onFinal: (session: Session) => void;
}

/**
 * The sandbox's checkout sessions and their payments: created by Create Checkout Request, moved by
 * the hosted page (and the stand-in phone), expired on time. All in memory.
 */
export class SessionStore {
  readonly #byId = new Map<string, Session>();
  readonly #byToken = new Map<string, Session>();
  readonly #references = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: SessionStoreOptions) {}

  /** @throws {SandboxError} `duplicateReference` when `checkout_reference` was used before. */
  create(request: CheckoutRequest, consumerKey: string): Session {
    if (this.#references.has(request.checkoutReference)) {
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
    const session: Session = {
      id,
      token: Buffer.from(id).toString('base64'),
      request,
      merchantName: merchantName.slice(0, 80),
      createdAt: now,
      expiresAt: request.expiry ?? now + this.options.defaultExpiryMs,
      paymentUuid: randomUUID(),
      paymentId: String(randomInt(100_000_000, 999_999_999)),
      transactionReference: `WTX${randomBytes(5).toString('hex').toUpperCase()}`,
      state: 'CREATED',
      updatedAt: now,
    };
    this.#references.add(request.checkoutReference);
    this.#byId.set(id, session);
    this.#byToken.set(session.token, session);
    this.#later(session.expiresAt - now, () => this.#finish(session, 'EXPIRED'));
    return session;
  }

  byToken(token: string): Session | undefined {
    return this.#byToken.get(token);
  }

  /** The session a status query names, by exactly one of its three references. */
  find(key: 'transaction_reference' | 'request_uuid' | 'payment_uuid', value: string): Session | undefined {
    if (key === 'request_uuid') return this.#byId.get(value);
    for (const session of this.#byId.values()) {
      if ((key === 'payment_uuid' ? session.paymentUuid : session.transactionReference) === value)
        return session;
    }
    return undefined;
  }

  /** The customer asked for the prompt on their phone. Test numbers answer by themselves. */
  prompt(session: Session, amount = session.request.amount): void {
    this.#open(session, ['CREATED', 'PENDING']);
    if (
      amount !== session.request.amount &&
      (session.request.strictAmount || amount < 1 || amount > session.request.amount)
    ) {
      throw new SandboxError('invalidAmount', 'This checkout takes the full amount only', 'amount');
    }
    session.paidAmount = amount;
    this.#move(session, 'PENDING');
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

  cancel(session: Session): void {
    this.#open(session, ['CREATED', 'PENDING']);
    this.#finish(session, 'CANCELLED');
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
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
    this.#move(session, state);
    this.options.onFinal(session);
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        run();
      },
      Math.max(ms, 0),
    );
    timer.unref();
    this.#timers.add(timer);
  }
}
