/** Waftpay's advice for polling one payment's status: 5 s, then 10 s, 30 s, and 60 s from then on. */
export const waftpayBackoffMs: readonly number[] = [5_000, 10_000, 30_000, 60_000];

/**
 * When the next status query may be made, after `made` queries, the last at `since` (epoch ms):
 * the n-th query waits the n-th step. However often it is asked, Waftpay is asked no more often.
 */
export function nextQueryAt(
  made: number,
  since: number,
  steps: readonly number[] = waftpayBackoffMs,
): number {
  return since + steps[Math.min(made, steps.length - 1)];
}
