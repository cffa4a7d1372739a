const pattern = /^(\d{4}-\d\d-\d\d)(T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)?$/;

/**
 * A time as Waftpay writes it, as ISO-8601 UTC with milliseconds: with a `Z` or an offset, or with
 * no zone at all and up to nine digits of fraction (the webhook example's
 * `2026-01-07T09:48:08.8485958`), which is read as UTC, since `Date.parse` would read it in the
 * server's own time zone. Anything else: `undefined`.
 */
export function readWaftpayTime(text: unknown): string | undefined {
  const parts = typeof text === 'string' ? pattern.exec(text) : null;
  if (!parts) return undefined;
  const [, day, clock, fraction = '', zone = 'Z'] = parts;
  const time = Date.parse(`${day}${clock}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  // Date.parse reads 2026-02-30 as 2 March: a day that does not exist is refused.
  if (Number.isNaN(time) || !new Date(Date.parse(day)).toISOString().startsWith(day)) return undefined;
  return new Date(time).toISOString();
}
