/** What asking the hosted page whether it is there found. */
export type PingAnswer =
  /** It answered. */
  | 'alive'
  /** It did not answer in time. */
  | 'silent'
  /** It answered that it has no `ping` (an older host helper): its silence means nothing. */
  | 'unsupported';

export interface LivenessOptions {
  /** Asks the page; resolves with its answer, `silent` after `timeoutMs`. */
  readonly ping: (timeoutMs: number) => Promise<PingAnswer>;
  /** How long the page may take to answer. */
  readonly timeoutMs: number;
  /** Time between one answer and the next question (default 2 s: one message each way). */
  readonly intervalMs?: number;
  /** The page stopped answering while it should have: its renderer crashed or hangs. Once per watch. */
  readonly onSilent: () => void;
  readonly log?: (message: string) => void;
}

const defaultIntervalMs = 2000;

/** Resolves after `ms`, or at once (with `false`) when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve(!signal.aborted);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when the document is visible, or at once (with `false`) when `signal` aborts. */
function visible(signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted || document.visibilityState === 'visible') return resolve(!signal.aborted);
    const check = (): void => {
      if (!signal.aborted && document.visibilityState !== 'visible') return;
      document.removeEventListener('visibilitychange', check);
      signal.removeEventListener('abort', check);
      resolve(!signal.aborted);
    };
    document.addEventListener('visibilitychange', check);
    signal.addEventListener('abort', check, { once: true });
  });
}

/**
 * Asks a connected hosted page, over and over, whether it is still there. Browsers tell the
 * embedding page nothing when a frame's or popup's renderer crashes: the customer would look at
 * a dead page. Questions are only asked while this document is visible (a hidden tab's timers
 * are throttled and its frames may be frozen, which is not a crash), and a silence that spans a
 * hidden spell is asked again rather than judged.
 */
export class Liveness {
  readonly #options: LivenessOptions;
  readonly #signal: AbortSignal;
  /** Bumped by `watch` and `pause`: a loop of an earlier round stops at its next step. */
  #round = 0;

  constructor(options: LivenessOptions, signal: AbortSignal) {
    this.#options = options;
    this.#signal = signal;
  }

  /** Starts watching the page that has just connected (again). */
  watch(): void {
    void this.#loop(++this.#round);
  }

  /** Stops watching until the next `watch`: the page said it is leaving. */
  pause(): void {
    this.#round++;
  }

  async #loop(round: number): Promise<void> {
    const { ping, timeoutMs, intervalMs = defaultIntervalMs, onSilent, log } = this.#options;
    const current = (): boolean => round === this.#round && !this.#signal.aborted;
    while (current()) {
      if (!(await sleep(intervalMs, this.#signal)) || !(await visible(this.#signal)) || !current()) return;
      let hidden = false;
      const noteHidden = (): void => void (hidden ||= document.visibilityState !== 'visible');
      document.addEventListener('visibilitychange', noteHidden);
      const answer = await ping(timeoutMs);
      document.removeEventListener('visibilitychange', noteHidden);
      if (!current()) return;
      if (answer === 'unsupported') return log?.('the hosted page has no ping; its silence is not watched');
      if (answer === 'silent') {
        if (hidden || document.visibilityState !== 'visible') continue;
        this.#round++;
        log?.(`the hosted page did not answer for ${timeoutMs} ms and did not say it was leaving`);
        return onSilent();
      }
    }
  }
}
