// Waiting for what a benchmark measures on a machine that may be busy (other jobs, a load average
// of 6 on 2 cores): as long as anything is still happening, a wait goes on; it gives up only when
// nothing has moved for a long while (a page or a server that is stuck, not slow), or as soon as
// what it waits for has failed. Never a fixed time that a busy machine can overrun.
import { setTimeout as delay } from 'node:timers/promises';

/** How long nothing at all may happen before a wait gives up (BENCH_STALL_MS). */
export const stallMs = Number(process.env.BENCH_STALL_MS ?? 180_000);

/**
 * Resolves with the first truthy value of `find()`. Rejects with `failed()`'s reason as soon as it
 * gives one, or when `progress()` (any value that changes while something happens: events seen,
 * bytes received, webhooks delivered) has not changed for `stallMs`.
 */
export async function waitFor(what, { find, progress = () => 0, failed = () => undefined }) {
  let seen = progress();
  let movedAt = Date.now();
  for (;;) {
    const found = await find();
    if (found) return found;
    const reason = failed();
    if (reason) throw new Error(`${what}: ${reason}`);
    const now = progress();
    if (now !== seen) [seen, movedAt] = [now, Date.now()];
    else if (Date.now() - movedAt > stallMs)
      throw new Error(`${what}: nothing happened for ${Math.round(stallMs / 1000)} s`);
    await delay(10);
  }
}

/**
 * `take()`, taken again when it fails (a page that stalled, a request that broke), up to
 * `attempts` times; each failure is noted in `failures`, which the section reports.
 */
export async function retried(take, failures, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await take();
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
      console.log(
        `   a sample failed (${failures.at(-1)}); ${attempt < attempts ? 'taken again' : 'giving up'}`,
      );
      if (attempt >= attempts) throw error;
    }
  }
}
