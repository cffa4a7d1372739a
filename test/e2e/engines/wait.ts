// Waiting for a condition, never for a time: polls until `read()` gives a value `done` accepts.
import { setTimeout as delay } from 'node:timers/promises';

/** How long a condition may take; generous, as a loaded machine is slow. */
export const patienceMs = 15_000;

export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean = Boolean,
  timeoutMs = patienceMs,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      // A context that is navigating or not there yet: try again.
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError && last === undefined ? `error: ${String(lastError)}` : JSON.stringify(last);
      throw new Error(`timed out waiting for ${what} (last seen: ${seen})`);
    }
    await delay(50);
  }
}
