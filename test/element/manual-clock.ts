import { waitUntil } from './wait.js';

/**
 * A clock the test moves by hand, for timers that only let time pass (a grace, a back-off, an
 * expiry): while it is installed, `window.setTimeout` and `clearTimeout` queue their callbacks
 * instead of waiting, `advance(ms)` runs, in order, those that fall due as that much time passes,
 * and `Date.now()` is ahead of the real time by as much as the clock was moved. Nothing else is
 * touched: `new Date()`, promises, messages and loads go on as they do, and so do waits from
 * `wait.ts` (on the real timers). Timers set before it was installed run on the real clock.
 */
export interface ManualClock {
  /** Moves the clock on by `ms`, running every timer that falls due meanwhile (and those they set). */
  advance(ms: number): void;
  /** Puts the real timers and `Date.now` back; timers still queued never run. */
  uninstall(): void;
}

export function installManualClock(): ManualClock {
  const { setTimeout: realSet, clearTimeout: realClear } = window;
  const realNow = Date.now;
  const queued = new Map<number, { due: number; run: () => void }>();
  let now = 0;
  // Negative ids: never one a real timer has.
  let lastId = 0;

  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = --lastId;
    const run = () => (typeof handler === 'function' ? handler(...args) : undefined);
    queued.set(id, { due: now + Math.max(0, Number(ms) || 0), run });
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined && !queued.delete(id)) realClear(id);
  }) as typeof window.clearTimeout;
  // A deadline read against the date (an expiry) falls due as the timers do.
  Date.now = () => realNow() + now;

  return {
    advance(ms) {
      const until = now + ms;
      for (;;) {
        // The earliest due, and of those the first set (ids go down as they are set).
        let next: [number, { due: number; run: () => void }] | undefined;
        for (const entry of queued)
          if (entry[1].due <= until && (!next || entry[1].due < next[1].due)) next = entry;
        if (!next) break;
        queued.delete(next[0]);
        now = next[1].due;
        next[1].run();
      }
      now = until;
    },
    uninstall() {
      window.setTimeout = realSet;
      window.clearTimeout = realClear;
      Date.now = realNow;
    },
  };
}

/**
 * Moves `clock` on by `stepMs` at a time, letting real time pass between steps (for the messages
 * and loads each step sets off), until `done` holds; `done` is asked before each step, so the
 * clock stops within one step of it. Keep `stepMs` below any deadline that must not pass after.
 */
export function advanceUntil(
  clock: ManualClock,
  done: () => boolean,
  message: string,
  { stepMs = 1000, timeout }: { stepMs?: number; timeout?: number } = {},
): Promise<void> {
  return waitUntil(
    () => {
      if (done()) return true;
      clock.advance(stepMs);
      return false;
    },
    message,
    { timeout },
  );
}
