/**
 * What the sandbox reads the time from and waits with: session expiry, the test numbers' delay,
 * forgetting ended sessions, token lifetimes, webhook retries and timeouts, refunds, and the
 * delays of faults on purpose. The CLI uses the real time ({@link realClock}); a test or a
 * simulation that starts the sandbox in its own process may pass a {@link ManualClock} and move
 * time on itself, so nothing waits for real time to pass.
 */
export interface SandboxClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `run` once, `ms` from now; `cancel()` before then stops it. */
  schedule(run: () => void, ms: number): ScheduledRun;
}

export interface ScheduledRun {
  cancel(): void;
}

/** setTimeout takes at most 2^31-1 ms; a longer wait is taken in steps. */
const longestTimeout = 2 ** 31 - 1;

/** The machine's clock and timers. Timers never keep the process alive on their own. */
export const realClock: SandboxClock = {
  now: () => Date.now(),
  schedule(run, ms) {
    let timer: NodeJS.Timeout;
    const wait = (left: number): void => {
      const step = Math.min(Math.max(left, 0), longestTimeout);
      timer = setTimeout(() => (left > step ? wait(left - step) : run()), step);
      timer.unref();
    };
    wait(ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

interface Due {
  readonly at: number;
  /** Order of scheduling, so runs due at the same time run in the order they were asked for. */
  readonly order: number;
  readonly run: () => void;
  cancelled: boolean;
}

const earlier = (a: Due, b: Due): boolean => a.at < b.at || (a.at === b.at && a.order < b.order);

/**
 * A clock that moves only when told: `advance(ms)` runs, in time order, everything due by then
 * (including what those runs schedule within the same span). For tests and simulations that must
 * be exact and fast; the sandbox's HTTP stays real.
 */
export class ManualClock implements SandboxClock {
  #now: number;
  #order = 0;
  #live = 0;
  /** A binary min-heap by (at, order): thousands of sessions' timers stay cheap. */
  readonly #heap: Due[] = [];

  constructor(start = Date.UTC(2026, 2, 2, 13, 38, 41, 921)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(run: () => void, ms: number): ScheduledRun {
    const due: Due = { at: this.#now + Math.max(ms, 0), order: this.#order++, run, cancelled: false };
    this.#push(due);
    this.#live++;
    return {
      cancel: () => {
        if (due.cancelled) return;
        due.cancelled = true;
        this.#live--;
      },
    };
  }

  /** Runs scheduled and not cancelled (nor run yet). */
  get pending(): number {
    return this.#live;
  }

  /** When the next run is due, if any. */
  get nextAt(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.at;
  }

  /** Moves the time on by `ms`, running what falls due on the way. */
  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /** Moves the time on to `time` (never back), running what falls due on the way. */
  advanceTo(time: number): void {
    for (;;) {
      this.#dropCancelled();
      const next = this.#heap[0];
      if (!next || next.at > time) break;
      this.#pop();
      next.cancelled = true;
      this.#live--;
      this.#now = Math.max(this.#now, next.at);
      next.run();
    }
    this.#now = Math.max(this.#now, time);
  }

  #dropCancelled(): void {
    while (this.#heap[0]?.cancelled) this.#pop();
  }

  #push(due: Due): void {
    const heap = this.#heap;
    heap.push(due);
    for (let index = heap.length - 1; index > 0;) {
      const parent = (index - 1) >> 1;
      if (!earlier(heap[index], heap[parent])) break;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop() as Due;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let index = 0; ;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let first = index;
      if (left < heap.length && earlier(heap[left], heap[first])) first = left;
      if (right < heap.length && earlier(heap[right], heap[first])) first = right;
      if (first === index) break;
      [heap[index], heap[first]] = [heap[first], heap[index]];
      index = first;
    }
  }
}
