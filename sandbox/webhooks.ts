import type { SandboxClock, ScheduledRun } from './clock.js';
import type { WebhookFault } from './faults.js';

export { validationHash, webhookBody } from './webhook-body.js';

export interface WebhookOptions {
  readonly clock: SandboxClock;
  /** Wait between attempts (Waftpay: 60 s). */
  readonly retryMs: number;
  /** Attempts in all (Waftpay: 3). */
  readonly attempts: number;
  /** How long one attempt may take before it counts as failed. */
  readonly timeoutMs: number;
  readonly log: (message: string) => void;
}

/** One webhook to deliver. */
export interface Delivery {
  /** The session it belongs to: a session's webhooks go out in order. */
  readonly session: string;
  readonly url: string;
  readonly reference: string;
  readonly status: string;
  readonly body: string;
}

/** A delivery as a fault left it: after a wait, in one or more copies. */
interface PlannedDelivery {
  readonly delivery: Delivery;
  readonly delayMs: number;
  readonly copies: number;
}

const delivered = new Set([200, 201, 202]);

/**
 * Delivers webhooks at least once: 200, 201 or 202 is delivered; anything else (a redirect too:
 * redirects are not followed, so a callback URL cannot send the sandbox on to another host), or no
 * answer within `timeoutMs`, is retried. A session's webhooks are first sent in the order of its
 * events; retries then go on their own. Faults on purpose may drop a webhook, send it twice, hold
 * it for a while, or hold it back until the session's next one.
 */
export class WebhookSender {
  readonly #runs = new Set<ScheduledRun>();
  readonly #inFlight = new Set<AbortController>();
  /** Per session, the first attempts of its latest webhook (later ones wait for them). */
  readonly #queues = new Map<string, Promise<void>>();
  /** Per session, the webhooks held back to go out after the session's next one. */
  readonly #held = new Map<string, PlannedDelivery[]>();
  /** Deliveries under way: an HTTP request in flight, or about to be made (not waiting on the clock). */
  #busy = 0;
  #idleWaiters: Array<() => void> = [];
  #closed = false;

  constructor(private readonly options: WebhookOptions) {}

  /**
   * Sends one webhook, as `fault` says (dropped, held back, delayed, in copies), and
   * `copiesBesides` more copies of it (`duplicateWebhooks`).
   */
  send(delivery: Delivery, fault: WebhookFault, copiesBesides = 0): void {
    if (this.#closed) return;
    const what = `webhook ${delivery.status} for ${delivery.reference}`;
    const held = this.#held.get(delivery.session) ?? [];
    const copies = fault.copies + copiesBesides;
    if (fault.reorder) {
      this.#held.set(delivery.session, [...held, { delivery, delayMs: fault.delayMs, copies }]);
      this.options.log(`${what} held back (a fault on purpose)`);
      return;
    }
    this.#held.delete(delivery.session);
    if (fault.drop) this.options.log(`${what} dropped (a fault on purpose)`);
    else this.#deliver({ delivery, delayMs: fault.delayMs, copies });
    // What was held back goes after this one (or where this one would have gone), as it was: late,
    // with its own copies and delay.
    for (const late of held) this.#deliver(late);
  }

  /** Deliveries under way now (an HTTP request in flight, or about to start). */
  get busy(): number {
    return this.#busy;
  }

  /**
   * Resolves once no delivery is under way: every webhook sent so far has been answered, or waits
   * for the clock (a retry, a delay), or is held back. With a ManualClock, call it after moving
   * the clock on.
   */
  async idle(): Promise<void> {
    // What was just sent starts within the current turn: look after it.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#busy > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  close(): void {
    this.#closed = true;
    for (const run of this.#runs) run.cancel();
    this.#runs.clear();
    for (const controller of this.#inFlight) controller.abort();
    this.#held.clear();
  }

  /** Queues a delivery behind the session's earlier ones: its wait, then its copies at once. */
  #deliver({ delivery, delayMs, copies }: PlannedDelivery): void {
    this.#enqueue(delivery.session, async () => {
      if (delayMs > 0) await this.#sleep(delayMs);
      await Promise.all(Array.from({ length: copies }, () => this.#attempt(delivery, 1)));
    });
  }

  #enqueue(session: string, work: () => Promise<void>): void {
    const previous = this.#queues.get(session) ?? Promise.resolve();
    const run = (): Promise<void> => this.#counted(work);
    const next = previous.then(run, run);
    this.#queues.set(session, next);
    void next.then(() => {
      if (this.#queues.get(session) === next) this.#queues.delete(session);
    });
  }

  /** Runs `work`, counted as under way (but for the time it waits on the clock). */
  async #counted(work: () => Promise<void>): Promise<void> {
    this.#busy++;
    try {
      await work();
    } finally {
      this.#busy--;
      this.#wakeIfIdle();
    }
  }

  /** When nothing is under way (once what just ended had its turn to start more), wake the waiters. */
  #wakeIfIdle(): void {
    if (this.#busy > 0) return;
    setImmediate(() => {
      if (this.#busy > 0) return;
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const wake of waiters) wake();
    });
  }

  /** Waits on the clock, not counted as under way meanwhile. */
  #sleep(ms: number): Promise<void> {
    this.#busy--;
    this.#wakeIfIdle();
    return new Promise<void>((resolve) => {
      const run = this.options.clock.schedule(() => {
        this.#runs.delete(run);
        this.#busy++;
        resolve();
      }, ms);
      this.#runs.add(run);
    });
  }

  async #attempt(delivery: Delivery, attempt: number): Promise<void> {
    if (this.#closed) return;
    const controller = new AbortController();
    this.#inFlight.add(controller);
    const timeout = this.options.clock.schedule(() => controller.abort(), this.options.timeoutMs);
    const what = `webhook ${delivery.status} for ${delivery.reference}`;
    let result: string;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: delivery.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      if (delivered.has(response.status)) {
        this.options.log(`${what} delivered (attempt ${attempt})`);
        return;
      }
      result =
        response.status >= 300 && response.status < 400
          ? `HTTP ${response.status} (redirects are not followed)`
          : `HTTP ${response.status}`;
    } catch (error) {
      result = controller.signal.aborted
        ? `no answer within ${this.options.timeoutMs} ms`
        : (error as Error).message;
    } finally {
      timeout.cancel();
      this.#inFlight.delete(controller);
    }
    if (this.#closed) return;
    if (attempt >= this.options.attempts) {
      this.options.log(`${what} failed ${attempt} times (${result}); giving up`);
      return;
    }
    this.options.log(`${what}: ${result}; retrying in ${this.options.retryMs} ms`);
    const run = this.options.clock.schedule(() => {
      this.#runs.delete(run);
      void this.#counted(() => this.#attempt(delivery, attempt + 1));
    }, this.options.retryMs);
    this.#runs.add(run);
  }
}
