import { createHash } from 'node:crypto';
import type { PaymentState, Session } from './sessions.js';

/** Waftpay's status words and codes for the final states the sandbox reports. */
const outcome: Partial<Record<PaymentState, { status: string; code: string; description: string }>> = {
  SUCCESS: { status: 'SUCCESS', code: '102', description: 'Payment successful' },
  FAILED: { status: 'FAILED', code: '103', description: 'The customer declined the payment' },
  CANCELLED: { status: 'FAILED', code: '103', description: 'The customer cancelled the payment' },
  EXPIRED: { status: 'EXPIRED', code: '105', description: 'The checkout expired before payment' },
};

/** Fees the sandbox charges: none, so `total_amount` equals `amount`. */
const charges = 0;

/**
 * Waftpay's integrity check: lowercase hex SHA-256 of `amount + client_reference + payment_uuid +
 * payment_id` concatenated with no separator, the amount written as `Number(n).toString()`.
 */
export function validationHash(
  amount: number,
  clientReference: string,
  paymentUuid: string,
  paymentId: string,
): string {
  return createHash('sha256')
    .update(`${Number(amount).toString()}${clientReference}${paymentUuid}${paymentId}`)
    .digest('hex');
}

/**
 * The webhook body for a session's final state, with Waftpay's documented fields plus the two the
 * hash covers that the docs' example leaves out (`client_reference`, `payment_id`).
 */
export function webhookBody(session: Session): Record<string, unknown> {
  const final = outcome[session.state];
  if (!final) throw new Error(`No webhook for state ${session.state}`);
  const amount =
    session.state === 'SUCCESS' ? (session.paidAmount ?? session.request.amount) : session.request.amount;
  const clientReference = session.request.checkoutReference;
  return {
    status: final.status,
    code: final.code,
    description: final.description,
    results: {
      result_code: final.code,
      result_description: final.description,
      amount,
      total_charges: charges,
      total_amount: amount + charges,
      account: session.merchantName,
      transaction_reference: session.transactionReference,
      payment_uuid: session.paymentUuid,
      payment_id: session.paymentId,
      external_reference: clientReference,
      client_reference: clientReference,
      msisdn: session.request.msisdn,
      time_processed: new Date(session.updatedAt).toISOString(),
      validation_hash: validationHash(amount, clientReference, session.paymentUuid, session.paymentId),
      metadata: session.request.metaData,
    },
  };
}

export interface WebhookOptions {
  /** Wait between attempts (Waftpay: 60 s). */
  readonly retryMs: number;
  /** Attempts in all (Waftpay: 3). */
  readonly attempts: number;
  /** Deliver each webhook twice, to exercise a receiver's deduplication. */
  readonly duplicate: boolean;
  readonly log: (message: string) => void;
}

const delivered = new Set([200, 201, 202]);

/** Delivers webhooks at least once: 200, 201 or 202 is delivered; anything else is retried. */
export class WebhookSender {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<AbortController>();

  constructor(private readonly options: WebhookOptions) {}

  send(session: Session): void {
    const body = JSON.stringify(webhookBody(session));
    const copies = this.options.duplicate ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) void this.#attempt(session, body, 1);
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    for (const controller of this.#inFlight) controller.abort();
  }

  async #attempt(session: Session, body: string, attempt: number): Promise<void> {
    const url = session.request.callbackUrl;
    const controller = new AbortController();
    this.#inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), 10_000);
    let outcome: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      if (delivered.has(response.status)) {
        this.options.log(
          `webhook ${session.state} for ${session.request.checkoutReference} delivered (attempt ${attempt})`,
        );
        return;
      }
      outcome = `HTTP ${response.status}`;
    } catch (error) {
      outcome = (error as Error).message;
    } finally {
      clearTimeout(timeout);
      this.#inFlight.delete(controller);
    }
    if (attempt >= this.options.attempts) {
      this.options.log(
        `webhook for ${session.request.checkoutReference} failed ${attempt} times (${outcome}); giving up`,
      );
      return;
    }
    this.options.log(
      `webhook for ${session.request.checkoutReference}: ${outcome}; retrying in ${this.options.retryMs} ms`,
    );
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(session, body, attempt + 1);
    }, this.options.retryMs);
    timer.unref();
    this.#timers.add(timer);
  }
}
