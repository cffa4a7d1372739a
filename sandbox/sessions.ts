import { randomInt, randomUUID } from 'node:crypto';
import type { CheckoutRequest } from './checkout-request.js';
import type { SandboxClock, ScheduledRun } from './clock.js';
import { SandboxError } from './errors.js';
import { hasAtMostTwoDecimals } from './money.js';
import { receipt, Refunds, type Refund, type RefundAsked } from './refunds.js';
import { testNumbers } from './test-numbers.js';

export type { Refund } from './refunds.js';

/** Where a checkout's one payment stands, as the customer saw it (the hosted page and the phone). */
export type PaymentState = 'CREATED' | 'PENDING' | 'SUCCESS' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

export const finalStates: ReadonlySet<PaymentState> = new Set(['SUCCESS', 'FAILED', 'EXPIRED', 'CANCELLED']);

/** Waftpay's status words, as webhooks carry them. */
export type StatusWord =
  'CREATED' | 'PENDING' | 'SUCCESS' | 'FAILED' | 'ESCALATED' | 'EXPIRED' | 'REFUNDED' | 'REVERSED';

export interface Session {
  /** The request's UUID (`request_uuid` in status queries). */
  readonly id: string;
  /** The UUID in base64, as in Waftpay's checkout URLs. */
  readonly token: string;
  /** The merchant: the consumer key whose token created the session. */
  readonly consumerKey: string;
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
  /** Waiting on a person at Waftpay (ESCALATED) rather than on the customer; still PENDING to the page. */
  escalated: boolean;
  /** The payment succeeded after the session had expired: the customer approved a late prompt. */
  late: boolean;
  /** What the customer approved (less than the amount only when `strict_amount` is false). */
  paidAmount?: number;
  /** When the payment prompt went to the phone (none: it never did). */
  promptedAt?: number;
  succeededAt?: number;
  readonly refunds: Refund[];
  updatedAt: number;
}

/** What the store tells the server: a status to announce by webhook (a refund's, or the payment's). */
export interface PaymentEvent {
  readonly status: StatusWord;
  /** The refund or reversal the event is about. */
  readonly refund?: Refund;
  /** The customer cancelled (announced as FAILED). */
  readonly cancelled?: boolean;
}

export interface SessionStoreOptions {
  readonly clock: SandboxClock;
  /** Lifetime of a session when `extra_params.expiry` is not given. */
  readonly defaultExpiryMs: number;
  /** How long {@link testNumbers.succeedsLater} stays pending. */
  readonly pendingDelayMs: number;
  /** How long an ended session that was not paid is remembered (for status queries), then forgotten. */
  readonly retentionMs: number;
  /** How long a paid session is remembered after its last change (queries, refunds). */
  readonly paidRetentionMs: number;
  /** How long a refund stays `processing` before it is done (0: at once). */
  readonly refundDelayMs: number;
  /** Called for each status Waftpay would announce: CREATED, PENDING, ESCALATED, each outcome, each refund. */
  readonly onEvent: (session: Session, event: PaymentEvent) => void;
}

/** A key per merchant: each merchant's references are its own. */
const scoped = (consumerKey: string, reference: string): string => `${consumerKey}\u0000${reference}`;

/**
 * The sandbox's checkout sessions and their payments: created by Create Checkout Request, moved by
 * the hosted page (and the stand-in phone, and the test helpers), expired on time, refunded on
 * request, and forgotten after they end. All in memory, on the clock it is given.
 */
export class SessionStore {
  readonly #byId = new Map<string, Session>();
  readonly #byToken = new Map<string, Session>();
  readonly #byReference = new Map<string, Session>();
  readonly #byPaymentUuid = new Map<string, Session>();
  readonly #byMsisdn = new Map<string, Set<Session>>();
  readonly #refunds: Refunds;
  readonly #byMerchant = new Map<string, Set<Session>>();
  readonly #runs = new Set<ScheduledRun>();
  readonly #forgetting = new Map<Session, ScheduledRun>();

  constructor(private readonly options: SessionStoreOptions) {
    this.#refunds = new Refunds({
      clock: options.clock,
      delayMs: options.refundDelayMs,
      later: (ms, run) => this.#later(ms, run),
      taken: (uuid) => this.#byId.has(uuid),
      changed: (session, done) => {
        if (done) this.#touch(session);
        this.#remember(session);
        if (done) this.options.onEvent(session, { status: done.kind, refund: done });
      },
    });
  }

  /** Sessions remembered now. */
  get size(): number {
    return this.#byId.size;
  }

  /** @throws {SandboxError} `duplicateReference` when this merchant used `checkout_reference` already. */
  create(request: CheckoutRequest, consumerKey: string): Session {
    if (this.#byReference.has(scoped(consumerKey, request.checkoutReference))) {
      throw new SandboxError(
        'duplicateReference',
        `checkout_reference ${request.checkoutReference} has already been used`,
        'checkout_reference',
      );
    }
    const now = this.options.clock.now();
    const id = randomUUID();
    const merchantName =
      typeof request.metaData.merchant_name === 'string' ? request.metaData.merchant_name : consumerKey;
    let paymentUuid: string;
    do paymentUuid = `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
    while (this.#byPaymentUuid.has(paymentUuid));
    const session: Session = {
      id,
      token: Buffer.from(id).toString('base64'),
      consumerKey,
      request,
      merchantName: merchantName.slice(0, 80),
      createdAt: now,
      expiresAt: request.expiry ?? now + this.options.defaultExpiryMs,
      paymentUuid,
      paymentId: randomInt(100_000_000, 999_999_999),
      transactionReference: request.checkoutReference,
      state: 'CREATED',
      escalated: false,
      late: false,
      refunds: [],
      updatedAt: now,
    };
    this.#byId.set(id, session);
    this.#byToken.set(session.token, session);
    this.#byReference.set(scoped(consumerKey, session.transactionReference), session);
    this.#byPaymentUuid.set(paymentUuid, session);
    const toPhone = this.#byMsisdn.get(request.msisdn) ?? new Set<Session>();
    this.#byMsisdn.set(request.msisdn, toPhone.add(session));
    const ofMerchant = this.#byMerchant.get(consumerKey) ?? new Set<Session>();
    this.#byMerchant.set(consumerKey, ofMerchant.add(session));
    this.#later(session.expiresAt - now, () => this.#finish(session, 'EXPIRED'));
    this.options.onEvent(session, { status: 'CREATED' });
    return session;
  }

  byToken(token: string): Session | undefined {
    return this.#byToken.get(token);
  }

  /** The session of a payment, whoever's it is (the customer's phone answers any merchant's prompt). */
  byPaymentUuid(paymentUuid: string): Session | undefined {
    return this.#byPaymentUuid.get(paymentUuid);
  }

  /**
   * The merchant's session a status query names, by exactly one of its three references. Another
   * merchant's session is not found: one merchant never sees another's payments.
   */
  find(
    consumerKey: string,
    key: 'transaction_reference' | 'request_uuid' | 'payment_uuid',
    value: string,
  ): Session | undefined {
    const found =
      key === 'transaction_reference'
        ? this.#byReference.get(scoped(consumerKey, value))
        : (key === 'payment_uuid' ? this.#byPaymentUuid : this.#byId).get(value);
    return found?.consumerKey === consumerKey ? found : undefined;
  }

  /** The merchant's refund or reversal with that `request_uuid`. */
  findRefund(consumerKey: string, requestUuid: string): { session: Session; refund: Refund } | undefined {
    return this.#refunds.find(consumerKey, requestUuid);
  }

  /** The merchant's sessions remembered now, oldest first. */
  ofMerchant(consumerKey: string): Session[] {
    return [...(this.#byMerchant.get(consumerKey) ?? [])];
  }

  /** The sessions whose payment prompt went to `msisdn`, newest first (what that phone has shown). */
  promptedTo(msisdn: string): Session[] {
    return [...(this.#byMsisdn.get(msisdn) ?? [])]
      .filter((session) => session.promptedAt !== undefined)
      .sort((a, b) => (b.promptedAt as number) - (a.promptedAt as number));
  }

  /** The origins of the shops that sent sessions to `msisdn` (their return URLs'). */
  shopsOf(msisdn: string): string[] {
    const origins = new Set<string>();
    for (const session of this.#byMsisdn.get(msisdn) ?? []) {
      origins.add(new URL(session.request.successRedirectUrl).origin);
      origins.add(new URL(session.request.failRedirectUrl).origin);
    }
    return [...origins];
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

  /**
   * A test helper: the customer approves (the prompt is sent first if it was not). A session that
   * expired while its prompt waited is approved late: Waftpay reports the success after the
   * EXPIRED it already announced, as a network does when the customer answers an old prompt.
   */
  approve(session: Session, amount?: number): void {
    if (session.state === 'EXPIRED' && session.promptedAt !== undefined) {
      if (amount !== undefined) this.#checkPart(session, amount);
      session.paidAmount = amount ?? session.paidAmount ?? session.request.amount;
      session.late = true;
      return this.#succeedLate(session);
    }
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

  /**
   * A test helper: Waftpay could not learn the outcome from the network and a person looks into it
   * (ESCALATED). The prompt is sent first if it was not. It ends as any payment does: approved,
   * declined, or expired at `expires_at`.
   */
  escalate(session: Session): void {
    this.#open(session, ['CREATED', 'PENDING']);
    if (session.escalated) throw new SandboxError('sessionClosed', 'This payment is escalated already');
    if (session.state === 'CREATED') this.#promptQuietly(session);
    session.escalated = true;
    this.#touch(session);
    this.options.onEvent(session, { status: 'ESCALATED' });
  }

  /** Money back to the customer: a refund or a reversal ({@link Refunds.ask}). */
  refund(session: Session, asked: RefundAsked): Refund {
    return this.#refunds.ask(session, asked);
  }

  close(): void {
    for (const run of this.#runs) run.cancel();
    this.#runs.clear();
    for (const run of this.#forgetting.values()) run.cancel();
    this.#forgetting.clear();
  }

  #checkPart(session: Session, amount: number): void {
    if (
      amount !== session.request.amount &&
      (session.request.strictAmount ||
        amount < 1 ||
        amount > session.request.amount ||
        !hasAtMostTwoDecimals(amount))
    ) {
      throw new SandboxError(
        'invalidAmount',
        session.request.strictAmount
          ? 'This checkout takes the full amount only'
          : `amount must be from 1 to ${session.request.amount}, with at most 2 decimals`,
        'amount',
      );
    }
  }

  /** The prompt goes to the phone (a PENDING webhook the first time); nobody answers it yet. */
  #promptQuietly(session: Session, amount = session.paidAmount ?? session.request.amount): void {
    this.#checkPart(session, amount);
    session.paidAmount = amount;
    if (session.state === 'CREATED') {
      session.promptedAt = this.options.clock.now();
      this.#move(session, 'PENDING');
      this.options.onEvent(session, { status: 'PENDING' });
    }
  }

  #open(session: Session, allowed: PaymentState[]): void {
    if (!allowed.includes(session.state)) {
      throw new SandboxError('sessionClosed', `This checkout is ${session.state.toLowerCase()}`);
    }
  }

  #touch(session: Session): void {
    session.updatedAt = this.options.clock.now();
  }

  #move(session: Session, state: PaymentState): void {
    session.state = state;
    this.#touch(session);
  }

  #finish(session: Session, state: PaymentState): void {
    if (finalStates.has(session.state)) return;
    if (state === 'SUCCESS') {
      session.externalReference = receipt();
      session.succeededAt = this.options.clock.now();
    }
    this.#move(session, state);
    session.escalated = false;
    this.options.onEvent(session, {
      status: state === 'CANCELLED' ? 'FAILED' : (state as StatusWord),
      cancelled: state === 'CANCELLED',
    });
    this.#remember(session);
  }

  #succeedLate(session: Session): void {
    session.externalReference = receipt();
    session.succeededAt = this.options.clock.now();
    this.#move(session, 'SUCCESS');
    this.options.onEvent(session, { status: 'SUCCESS' });
    this.#remember(session);
  }

  /** (Re)starts the wait after which an ended session is forgotten. */
  #remember(session: Session): void {
    this.#forgetting.get(session)?.cancel();
    const run = this.options.clock.schedule(
      () => this.#forget(session),
      session.state === 'SUCCESS' ? this.options.paidRetentionMs : this.options.retentionMs,
    );
    this.#forgetting.set(session, run);
  }

  #forget(session: Session): void {
    this.#forgetting.delete(session);
    this.#byId.delete(session.id);
    this.#byToken.delete(session.token);
    this.#byReference.delete(scoped(session.consumerKey, session.transactionReference));
    this.#byPaymentUuid.delete(session.paymentUuid);
    this.#refunds.forget(session);
    const toPhone = this.#byMsisdn.get(session.request.msisdn);
    toPhone?.delete(session);
    if (toPhone?.size === 0) this.#byMsisdn.delete(session.request.msisdn);
    const ofMerchant = this.#byMerchant.get(session.consumerKey);
    ofMerchant?.delete(session);
    if (ofMerchant?.size === 0) this.#byMerchant.delete(session.consumerKey);
  }

  #later(ms: number, run: () => void): void {
    const scheduled = this.options.clock.schedule(() => {
      this.#runs.delete(scheduled);
      run();
    }, ms);
    this.#runs.add(scheduled);
  }
}
