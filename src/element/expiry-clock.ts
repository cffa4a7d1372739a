import { WaftpayCheckoutError, WaftpayErrorCode } from '../shared/errors.js';
import { describeValue } from '../shared/url-rules.js';

/**
 * ISO-8601 date-time with a time zone, as Waftpay's `expires_at` (`2026-03-02T14:08:41.921Z`).
 * A time without a zone would be read in the customer's local zone: refused rather than guessed.
 */
const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Parses `expires-at` to epoch milliseconds.
 *
 * @throws {WaftpayCheckoutError} `invalid-expires-at`.
 */
export function parseExpiresAt(value: string): number {
  const parts = isoDateTime.exec(value.trim());
  const [, year, month, day, hour, minute, second = '00', zoneHour = '0', zoneMinute = '0'] = parts ?? [];
  // Date.parse rolls 2026-02-31 over into March: a date that does not exist is malformed, which
  // its fields show when Date.UTC gives back other ones than those written.
  const exists =
    parts !== null &&
    new Date(Date.UTC(+year, +month - 1, +day, +hour, +minute, +second))
      .toISOString()
      .startsWith(`${year}-${month}-${day}T${hour}:${minute}:${second}`) &&
    +zoneHour < 24 &&
    +zoneMinute < 60;
  const time = exists ? Date.parse(value.trim()) : NaN;
  if (Number.isNaN(time)) {
    throw new WaftpayCheckoutError(
      WaftpayErrorCode.InvalidExpiresAt,
      `expires-at must be an ISO-8601 date-time with a time zone, like "2026-03-02T14:08:41.921Z", got ${describeValue(value)}.`,
    );
  }
  return time;
}

/**
 * Longest single wait. Timers run on a clock that stops while the machine sleeps and are
 * throttled in background tabs, so the deadline is re-read against wall time at least this
 * often; it also keeps far-future deadlines below setTimeout's 2^31 ms ceiling.
 */
const maxWaitMs = 15_000;

/**
 * Calls `onExpire` once, as soon as wall-clock time reaches `deadline` (epoch ms), or at once if
 * it already has. Re-checks whenever the page becomes visible again or is restored from the
 * back/forward cache, so a tab that slept past the deadline expires the moment it is seen.
 * Aborting `signal` stops everything it set up.
 */
export function startExpiryClock(deadline: number, onExpire: () => void, signal: AbortSignal): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = (): void => clearTimeout(timer);
  signal.addEventListener('abort', stop, { once: true });

  const check = (): boolean => {
    if (signal.aborted || Date.now() < deadline) return false;
    stop();
    onExpire();
    return true;
  };
  const schedule = (): void => {
    timer = setTimeout(
      () => {
        if (!check()) schedule();
      },
      Math.min(Math.max(deadline - Date.now(), 0), maxWaitMs),
    );
  };
  if (check()) return;

  const checkIfVisible = (): void => {
    if (document.visibilityState === 'visible') check();
  };
  document.addEventListener('visibilitychange', checkIfVisible, { signal });
  window.addEventListener('pageshow', check, { signal });
  schedule();
}
