import { own } from './untrusted.js';

/**
 * What the element knows about a finished payment. Advisory: it is for the customer's UI.
 * Fulfil orders only from your server (Waftpay's webhook or a status query).
 */
export interface CheckoutResult {
  /** Waftpay's status word, e.g. `SUCCESS` or `FAILED`. */
  readonly status: string;
  readonly checkoutReference?: string;
  readonly paymentReference?: string;
  readonly transactionReference?: string;
  readonly paymentUuid?: string;
  /** In major units, as Waftpay sends it (1750 is KES 1,750). */
  readonly amount?: number;
  /** ISO 4217 code, e.g. `KES`. */
  readonly currency?: string;
  readonly description?: string;
  /** Where the element learned the outcome: the protocol, or the frame landing on a return URL. */
  readonly source: CheckoutResultSource;
}

export type CheckoutResultSource = 'message' | 'return-url';

type TextField =
  'checkoutReference' | 'paymentReference' | 'transactionReference' | 'paymentUuid' | 'description';

/** Each text field, with the names it may arrive under (ours, then Waftpay's snake_case). */
const textFields: ReadonlyArray<readonly [TextField, readonly string[]]> = [
  ['checkoutReference', ['checkoutReference', 'checkout_reference']],
  ['paymentReference', ['paymentReference', 'payment_reference']],
  ['transactionReference', ['transactionReference', 'transaction_reference']],
  ['paymentUuid', ['paymentUuid', 'payment_uuid']],
  ['description', ['description']],
];

/** Long enough for any reference or description Waftpay issues; short enough to bound hostile input. */
export const maxTextLength = 256;
const statusPattern = /^[A-Z][A-Z_]{0,31}$/;
const currencyPattern = /^[A-Z]{3}$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= maxTextLength ? value : undefined;
}

function amount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Returns `value` when it is a well-formed Waftpay status word (`SUCCESS`, `FAILED`, …). */
export function statusWord(value: unknown): string | undefined {
  return typeof value === 'string' && statusPattern.test(value) ? value : undefined;
}

/** Waftpay status words that mean the payment did not go through. */
const failureWords: ReadonlySet<string> = new Set(['FAILED', 'EXPIRED', 'ESCALATED', 'REVERSED', 'REFUNDED']);

/** Whether `word` is a Waftpay status word that means failure. */
export function isFailureWord(word: string | undefined): boolean {
  return word !== undefined && failureWords.has(word);
}

/**
 * The status word of a result, given how the session ended and what the hosted page reported:
 * a success is `SUCCESS`; a failure keeps a reported failure word (`EXPIRED`, …), else `FAILED`.
 * A report that contradicts the outcome never wins.
 */
export function outcomeStatus(outcome: 'success' | 'failure', reported: unknown): string {
  if (outcome === 'success') return 'SUCCESS';
  const word = statusWord(reported);
  return word && isFailureWord(word) ? word : 'FAILED';
}

/**
 * Builds a {@link CheckoutResult} from untrusted fields (a message payload or a URL's query):
 * known fields only, each of the right type and bounded; anything else is dropped, never thrown.
 */
export function toCheckoutResult(
  fields: object,
  status: string,
  source: CheckoutResultSource,
): CheckoutResult {
  const result: { -readonly [K in keyof CheckoutResult]: CheckoutResult[K] } = { status, source };
  for (const [field, names] of textFields) {
    for (const name of names) {
      const value = text(own(fields, name));
      if (value !== undefined) {
        result[field] = value;
        break;
      }
    }
  }
  const paid = amount(own(fields, 'amount'));
  if (paid !== undefined) result.amount = paid;
  const currency = own(fields, 'currency');
  if (typeof currency === 'string' && currencyPattern.test(currency)) result.currency = currency;
  return Object.freeze(result);
}
