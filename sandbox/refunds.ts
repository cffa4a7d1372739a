// Money sent back to the customer: Waftpay's refund (whole or part, asked for by the merchant) and
// the network's reversal (the whole payment), their rules, and how each ends.
import { randomInt, randomUUID } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import { SandboxError } from './errors.js';
import { fromCents, hasAtMostTwoDecimals, toCents } from './money.js';
import type { Session } from './sessions.js';

/** A refund (whole or part) or a reversal (the whole payment). */
export interface Refund {
  /** Waftpay's reference for the request (`request_uuid`): a UUID, never given twice. */
  readonly requestUuid: string;
  readonly kind: 'REFUNDED' | 'REVERSED';
  readonly amount: number;
  /** Where its webhook goes: the request's `notification_url`, else the checkout's `callback_url`. */
  readonly notificationUrl: string;
  readonly remarks?: string;
  readonly requestedAt: number;
  state: 'processing' | 'succeeded';
  completedAt?: number;
  /** The network's receipt for the money sent back, once done. */
  externalReference?: string;
}

/** What a refund or reversal asks for. */
export interface RefundAsked {
  readonly kind: Refund['kind'];
  /** By default, all that is left. */
  readonly amount?: number;
  readonly notificationUrl?: string;
  readonly remarks?: string;
}

export interface RefundsOptions {
  readonly clock: SandboxClock;
  /** How long a refund stays `processing` before it is done (0: at once). */
  readonly delayMs: number;
  /** Runs `run` once, `ms` from now, cancelled if the sandbox closes first. */
  readonly later: (ms: number, run: () => void) => void;
  /** Whether a UUID is taken already (a checkout's `request_uuid`). */
  readonly taken: (uuid: string) => boolean;
  /** A refund was asked for, or went through: the session changed. */
  readonly changed: (session: Session, done?: Refund) => void;
}

const receiptAlphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An M-Pesa style receipt number, e.g. `3C1HH10ZU8`. */
export function receipt(): string {
  return Array.from({ length: 10 }, () => receiptAlphabet[randomInt(receiptAlphabet.length)]).join('');
}

/** Every refund and reversal, by its `request_uuid`. */
export class Refunds {
  readonly #byUuid = new Map<string, { session: Session; refund: Refund }>();

  constructor(private readonly options: RefundsOptions) {}

  /** The merchant's refund or reversal with that `request_uuid`. */
  find(consumerKey: string, requestUuid: string): { session: Session; refund: Refund } | undefined {
    const found = this.#byUuid.get(requestUuid);
    return found?.session.consumerKey === consumerKey ? found : undefined;
  }

  /**
   * Money back to the customer: a refund of `amount` (by default, all that is left) or the
   * reversal of the whole payment. Never more than was paid, counting the refunds still
   * processing; a reversal only of a payment nothing was refunded from; nothing after a reversal.
   *
   * @throws {SandboxError} `sessionClosed` (the payment did not succeed, or was reversed),
   *   `invalidAmount`.
   */
  ask(session: Session, asked: RefundAsked): Refund {
    if (session.state !== 'SUCCESS')
      throw new SandboxError('sessionClosed', 'Only a payment that succeeded can be refunded or reversed');
    if (session.refunds.some((refund) => refund.kind === 'REVERSED'))
      throw new SandboxError('sessionClosed', 'This payment was reversed');
    const paid = toCents(session.paidAmount ?? session.request.amount);
    const refunded = session.refunds.reduce((sum, refund) => sum + toCents(refund.amount), 0);
    if (asked.kind === 'REVERSED' && refunded > 0)
      throw new SandboxError(
        'sessionClosed',
        'Part of this payment was refunded: it can no longer be reversed',
      );
    const left = paid - refunded;
    const amount = asked.amount ?? fromCents(left);
    if (typeof amount !== 'number' || !(amount > 0) || !hasAtMostTwoDecimals(amount))
      throw new SandboxError(
        'invalidAmount',
        'amount must be more than 0, with at most 2 decimals',
        'amount',
      );
    if (toCents(amount) > left)
      throw new SandboxError(
        'invalidAmount',
        left === 0
          ? 'Everything paid has been refunded already'
          : `amount is more than is left to refund (${fromCents(left)})`,
        'amount',
      );
    if (asked.kind === 'REVERSED' && toCents(amount) !== paid)
      throw new SandboxError('invalidAmount', 'A reversal is of the whole payment', 'amount');
    let requestUuid: string;
    do requestUuid = randomUUID();
    while (this.#byUuid.has(requestUuid) || this.options.taken(requestUuid));
    const refund: Refund = {
      requestUuid,
      kind: asked.kind,
      amount,
      notificationUrl: asked.notificationUrl ?? session.request.callbackUrl,
      remarks: asked.remarks,
      requestedAt: this.options.clock.now(),
      state: 'processing',
    };
    session.refunds.push(refund);
    this.#byUuid.set(requestUuid, { session, refund });
    this.options.changed(session);
    const complete = (): void => {
      refund.state = 'succeeded';
      refund.completedAt = this.options.clock.now();
      refund.externalReference = receipt();
      this.options.changed(session, refund);
    };
    if (this.options.delayMs > 0) this.options.later(this.options.delayMs, complete);
    else complete();
    return refund;
  }

  /** The session is forgotten: so are its refunds. */
  forget(session: Session): void {
    for (const refund of session.refunds) this.#byUuid.delete(refund.requestUuid);
  }
}
