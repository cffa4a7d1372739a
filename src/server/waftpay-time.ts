const pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A time as Waftpay writes it, as ISO-8601 UTC with milliseconds: with a `Z` or an offset, or with
 * no zone at all and up to nine digits of fraction (the webhook example's
 * `2026-01-07T09:48:08.8485958`), which is read as UTC, since `Date.parse` would read it in the
 * server's own time zone. Anything else: `undefined`.
 */
export function readWaftpayTime(text: unknown): string | undefined {
  const parts = typeof text === 'string' ? pattern.exec(text) : null;
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  const millis = Number((parts[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = parts[8] ?? 'Z';
  const offset =
    zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
  const back = new Date(time + offset * 60_000);
  if (back.getUTCDate() !== day || back.getUTCHours() !== hour || minute > 59 || second > 59)
    return undefined;
  return new Date(time).toISOString();
}
