import { createHash } from 'node:crypto';
import type { PaymentState, Session } from './sessions.js';

/**
 * Waftpay's status word and code for each state the sandbox reports, and what the processor (the
 * mobile network) said: `result_code` "0" is a completed payment; the others are M-Pesa's codes for
 * a prompt the customer refused (1032) and one nobody answered in time (1037). A PENDING payment
 * has no processor result yet.
 */
const outcome: Partial<
  Record<PaymentState, { status: string; code: string; description: string; result?: [string, string] }>
> = {
  PENDING: { status: 'PENDING', code: '101', description: 'Payment prompt sent to the customer' },
  SUCCESS: {
    status: 'SUCCESS',
    code: '102',
    description: 'Payment completed successfully',
    result: ['0', 'The service request is processed successfully.'],
  },
  FAILED: {
    status: 'FAILED',
    code: '103',
    description: 'The customer declined the payment',
    result: ['1032', 'The customer declined the request.'],
  },
  CANCELLED: {
    status: 'FAILED',
    code: '103',
    description: 'The customer cancelled the payment',
    result: ['1032', 'The customer cancelled the request.'],
  },
  EXPIRED: {
    status: 'EXPIRED',
    code: '105',
    description: 'The checkout expired before payment',
    result: ['1037', 'The customer could not be reached in time.'],
  },
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
  paymentId: string | number,
): string {
  return createHash('sha256')
    .update(`${Number(amount).toString()}${clientReference}${paymentUuid}${paymentId}`)
    .digest('hex');
}

/**
 * The webhook body for a session's state (PENDING or final), with Waftpay's documented fields,
 * plus the one the hash covers that the documents' example leaves out (`payment_id`).
 */
export function webhookBody(session: Session): Record<string, unknown> {
  const said = outcome[session.state];
  if (!said) throw new Error(`No webhook for state ${session.state}`);
  const amount = session.paidAmount ?? session.request.amount;
  return {
    status: said.status,
    code: said.code,
    description: said.description,
    results: {
      ...(said.result ? { result_code: said.result[0], result_description: said.result[1] } : {}),
      amount,
      total_charges: charges,
      total_amount: amount + charges,
      account: session.request.msisdn,
      transaction_reference: session.transactionReference,
      payment_uuid: session.paymentUuid,
      payment_id: session.paymentId,
      ...(session.externalReference ? { external_reference: session.externalReference } : {}),
      msisdn: session.request.msisdn,
      time_processed: new Date(session.updatedAt).toISOString(),
      validation_hash: validationHash(
        amount,
        session.transactionReference,
        session.paymentUuid,
        session.paymentId,
      ),
      metadata: session.request.metaData,
    },
  };
}

export interface WebhookOptions {
  /** Wait between attempts (Waftpay: 60 s). */
  readonly retryMs: number;
  /** Attempts in all (Waftpay: 3). */
  readonly attempts: number;
  /** How long one attempt may take before it counts as failed. */
  readonly timeoutMs: number;
  /** Deliver each webhook twice, to exercise a receiver's deduplication. */
  readonly duplicate: boolean;
  readonly log: (message: string) => void;
}

const delivered = new Set([200, 201, 202]);

interface Delivery {
  readonly url: string;
  readonly reference: string;
  readonly status: string;
  readonly body: string;
}

/**
 * Delivers webhooks at least once: 200, 201 or 202 is delivered; anything else (or no answer
 * within `timeoutMs`) is retried. A session's webhooks are first sent in the order of its
 * states (PENDING before the outcome); retries then go on their own.
 */
export class WebhookSender {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<AbortController>();
  /** Per session, the first attempt of its latest webhook. */
  readonly #queues = new Map<string, Promise<void>>();

  constructor(private readonly options: WebhookOptions) {}

  send(session: Session): void {
    const body = webhookBody(session);
    const delivery: Delivery = {
      url: session.request.callbackUrl,
      reference: session.transactionReference,
      status: String(body.status),
      body: JSON.stringify(body),
    };
    const copies = this.options.duplicate ? 2 : 1;
    const previous = this.#queues.get(session.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      await Promise.all(Array.from({ length: copies }, () => this.#attempt(delivery, 1)));
    });
    this.#queues.set(session.id, next);
    void next.then(() => {
      if (this.#queues.get(session.id) === next) this.#queues.delete(session.id);
    });
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    for (const controller of this.#inFlight) controller.abort();
  }

  async #attempt(delivery: Delivery, attempt: number): Promise<void> {
    const controller = new AbortController();
    this.#inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs);
    const what = `webhook ${delivery.status} for ${delivery.reference}`;
    let result: string;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: delivery.body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      if (delivered.has(response.status)) {
        this.options.log(`${what} delivered (attempt ${attempt})`);
        return;
      }
      result = `HTTP ${response.status}`;
    } catch (error) {
      result = controller.signal.aborted
        ? `no answer within ${this.options.timeoutMs} ms`
        : (error as Error).message;
    } finally {
      clearTimeout(timeout);
      this.#inFlight.delete(controller);
    }
    if (attempt >= this.options.attempts) {
      this.options.log(`${what} failed ${attempt} times (${result}); giving up`);
      return;
    }
    this.options.log(`${what}: ${result}; retrying in ${this.options.retryMs} ms`);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(delivery, attempt + 1);
    }, this.options.retryMs);
    timer.unref();
    this.#timers.add(timer);
  }
}
