/** How long a condition may take by default: a busy machine (or a slower engine) is slow. */
const patienceMs = 5000;

// The page's own timers, kept before any test can install a manual clock (manual-clock.ts): a
// test waits in real time while the element's timers wait for the test to move its clock.
// (@open-wc's `waitUntil` uses whichever `setTimeout` is there when it polls, so it would stop.)
const { setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = window;

/**
 * Resolves once `predicate` holds, asking again every `interval` ms (50); rejects after `timeout`
 * ms (5 s: @open-wc's own default of 1 s failed conditions that were only late). Tests wait for
 * conditions, never for a time.
 */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  { interval = 50, timeout = patienceMs }: { interval?: number; timeout?: number } = {},
): Promise<void> {
  // Where the test waited, not this function, in the failure's stack.
  const { stack } = new Error();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      realClearTimeout(deadline);
      if (error === undefined) resolve();
      else reject(error);
    };
    const deadline = realSetTimeout(() => {
      const error = new Error(message ? `Timeout: ${message}` : `waitUntil timed out after ${timeout}ms`);
      error.stack = stack;
      finish(error);
    }, timeout);
    const ask = async (): Promise<void> => {
      try {
        if (await predicate()) return finish();
      } catch (error) {
        return finish(error);
      }
      if (!settled) realSetTimeout(ask, interval);
    };
    void ask();
  });
}
