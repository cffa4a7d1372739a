// When the hosted page asks its server again how the payment stands. Pure: the page feeds it what
// each answer was, it says how long to wait, or to stop.

export interface PollTiming {
  /** The first wait, and the wait after anything changed or the customer acted. */
  readonly firstMs: number;
  /** Each answer that changed nothing makes the next wait this much longer… */
  readonly growth: number;
  /** …up to this: a payment approved on the phone is seen at most this late. */
  readonly quietCapMs: number;
  /** Each failed request doubles the wait, up to this. */
  readonly failingCapMs: number;
  /** The server unreachable for this long: stop, and let the customer try again. */
  readonly giveUpAfterMs: number;
}

export const defaultPollTiming: PollTiming = {
  firstMs: 1000,
  growth: 1.5,
  quietCapMs: 4000,
  failingCapMs: 15_000,
  giveUpAfterMs: 120_000,
};

/** The next step: wait `delayMs` and ask again, or stop asking. */
export type PollStep = { readonly delayMs: number } | { readonly stop: 'unreachable' };

/**
 * Back-off for one session's polling: fast at first and after each change, slower while nothing
 * happens, slower still while the server cannot be reached, and never forever: it stops after
 * `giveUpAfterMs` without an answer (the page stops by itself on an outcome, an unknown session
 * or the expiry).
 */
export class PollSchedule {
  #quiet = 0;
  #failures = 0;
  #failingSince?: number;

  constructor(private readonly timing: PollTiming = defaultPollTiming) {}

  /** The server answered; `changed` says whether the payment moved. */
  answered(changed: boolean): PollStep {
    this.#failures = 0;
    this.#failingSince = undefined;
    this.#quiet = changed ? 0 : this.#quiet + 1;
    const { firstMs, growth, quietCapMs } = this.timing;
    return { delayMs: Math.round(Math.min(quietCapMs, firstMs * growth ** this.#quiet)) };
  }

  /** The request failed (no connection, 5xx, 429) at `now` (ms). */
  failed(now: number): PollStep {
    this.#failingSince ??= now;
    if (now - this.#failingSince >= this.timing.giveUpAfterMs) return { stop: 'unreachable' };
    const { firstMs, failingCapMs } = this.timing;
    return { delayMs: Math.min(failingCapMs, firstMs * 2 ** this.#failures++) };
  }

  /** The customer acted (or asked to try again): back to the first, short wait. */
  reset(): PollStep {
    this.#quiet = 0;
    this.#failures = 0;
    this.#failingSince = undefined;
    return { delayMs: this.timing.firstMs };
  }
}
