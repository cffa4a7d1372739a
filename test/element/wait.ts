import { waitUntil as waitUntilWithin } from '@open-wc/testing';

/** How long a condition may take by default: a busy machine (or a slower engine) is slow. */
const patienceMs = 5000;

/**
 * `waitUntil` from @open-wc/testing, with room for a busy machine: its own default of 1 s failed
 * conditions that were only late. Tests wait for conditions, never for a time.
 */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return waitUntilWithin(predicate, message, { timeout: patienceMs, ...options });
}
