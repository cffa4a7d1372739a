/**
 * Amounts in major units (KES 1 750 is `1750`, KES 4.35 is `4.35`), as Waftpay's JSON carries them.
 * A JSON number arrives as a binary double, so "at most 2 decimals" is asked of the decimal the
 * number is written as (the shortest text that reads back as the same double: `4.35`, not
 * `434.99999999999994 / 100`), and sums are made in whole cents.
 */

/** `amount` written in decimal has at most two digits after the point (`19.99`, `1.1`, `1750`). */
export function hasAtMostTwoDecimals(amount: number): boolean {
  return Number.isFinite(amount) && /^-?\d+(?:\.\d{1,2})?$/.test(String(amount));
}

/** Whole cents of an amount that has at most two decimals. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** The amount in major units of a whole number of cents. */
export function fromCents(cents: number): number {
  return Number((cents / 100).toFixed(2));
}

/** What Waftpay charges per payment: a share of the amount and a fixed part. */
export interface Fees {
  /** Percent of the amount, e.g. `1.5`. */
  readonly percent?: number;
  /** A fixed amount per payment, in major units, e.g. `10`. */
  readonly fixed?: number;
}

/** `total_charges` of a payment of `amount`: the fees, rounded to the cent (half up). */
export function chargesFor(amount: number, fees: Fees = {}): number {
  const cents = Math.round((toCents(amount) * (fees.percent ?? 0)) / 100) + toCents(fees.fixed ?? 0);
  return fromCents(cents);
}

/** Checks a fee setting (from the command line or `startSandbox`). */
export function checkFees(fees: Fees): void {
  for (const [name, value] of Object.entries(fees)) {
    if (value === undefined) continue;
    if (name !== 'percent' && name !== 'fixed') throw new TypeError(`fees.${name} is not a fee`);
    if (typeof value !== 'number' || value < 0 || !hasAtMostTwoDecimals(value))
      throw new TypeError(`fees.${name} must be a number from 0, with at most 2 decimals`);
  }
}
