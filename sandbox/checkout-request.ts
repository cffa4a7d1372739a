import { SandboxError, type ErrorKind } from './errors.js';
import { hasAtMostTwoDecimals } from './money.js';

/** A Create Checkout Request that passed every check. */
export interface CheckoutRequest {
  readonly customer: { firstName: string; otherNames?: string; email?: string; phoneNumber?: string };
  readonly timestamp: string;
  readonly checkoutReference: string;
  readonly paymentReference?: string;
  readonly msisdn: string;
  readonly country: 'KEN';
  readonly currency: 'KES';
  readonly amount: number;
  readonly callbackUrl: string;
  readonly successRedirectUrl: string;
  readonly failRedirectUrl: string;
  readonly metaData: Record<string, unknown>;
  readonly language: 'en' | 'sw';
  /** Epoch ms from `extra_params.expiry`, when given. */
  readonly expiry?: number;
  readonly strictAmount: boolean;
}

/** Safaricom's largest single M-Pesa payment. */
export const maxAmount = 250_000;
/** The furthest `extra_params.expiry` may be. */
export const maxExpiryMs = 7 * 24 * 60 * 60 * 1000;

const msisdnPattern = /^254[17]\d{8}$/;
const referencePattern = /^[A-Za-z0-9_\-.:/]{1,64}$/;
const emailPattern = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
/** `YYYY-MM-DD HH:mm:ss`, Waftpay's format for `extra_params.expiry`, read as UTC. */
const expiryPattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function fail(kind: ErrorKind, param: string, message: string): never {
  throw new SandboxError(kind, message, param);
}

function object(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function requiredString(body: Record<string, unknown>, name: string, param = name): string {
  const value = body[name];
  if (value === undefined || value === null || value === '')
    fail('missingField', param, `${param} is required`);
  if (typeof value !== 'string') fail('invalidValue', param, `${param} must be a string`);
  return value;
}

function optionalString(
  body: Record<string, unknown>,
  name: string,
  param: string,
  pattern?: RegExp,
): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || (pattern && !pattern.test(value)))
    fail('invalidValue', param, `${param} is not valid`);
  return value;
}

function url(body: Record<string, unknown>, name: string): URL {
  const value = requiredString(body, name);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    fail('invalidUrl', name, `${name} must be an absolute URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    fail('invalidUrl', name, `${name} must be http or https`);
  // The host becomes part of the hosted page's Content-Security-Policy (frame-ancestors): a name
  // or an address, never a wildcard such as `*` or `*.shop.example`, nor anything else.
  if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/.test(parsed.hostname))
    fail('invalidUrl', name, `${name} must name one host (no wildcard)`);
  return parsed;
}

const loopbackHost = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Where webhooks may go (`callback_url`, a refund's `notification_url`): this machine, and the
 * hosts the sandbox was started with (`*`: any). A sandbox that POSTs wherever a request says could
 * be made to call into a private network.
 */
export function webhookUrl(
  body: Record<string, unknown>,
  name: string,
  webhookHosts: readonly string[],
): string {
  const parsed = url(body, name);
  if (
    !loopbackHost.test(parsed.hostname) &&
    !webhookHosts.includes('*') &&
    !webhookHosts.includes(parsed.hostname)
  ) {
    fail(
      'invalidUrl',
      name,
      `${name} must be on this machine (localhost, 127.0.0.1, [::1]); start the sandbox with --webhook-host ${parsed.hostname} to allow that host`,
    );
  }
  return parsed.href;
}

function expiry(value: unknown, now: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parts = typeof value === 'string' ? expiryPattern.exec(value) : null;
  if (!parts)
    fail('invalidExpiry', 'extra_params.expiry', 'extra_params.expiry must look like "2026-02-14 18:30:00"');
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number);
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(time);
  if (
    back.getUTCDate() !== day ||
    back.getUTCMonth() !== month - 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    fail('invalidExpiry', 'extra_params.expiry', 'extra_params.expiry is not a real date and time');
  }
  if (time <= now) fail('invalidExpiry', 'extra_params.expiry', 'extra_params.expiry must be in the future');
  if (time > now + maxExpiryMs)
    fail('invalidExpiry', 'extra_params.expiry', 'extra_params.expiry must be within 7 days');
  return time;
}

/**
 * Checks a Create Checkout Request body field by field, stopping at the first problem, with
 * Waftpay's error codes. Unknown fields are ignored, as an API that may grow would.
 */
export function readCheckoutRequest(
  body: Record<string, unknown>,
  options: { readonly now?: number; readonly webhookHosts?: readonly string[] } = {},
): CheckoutRequest {
  const now = options.now ?? Date.now();
  const customerBody = object(body.customer);
  if (body.customer === undefined || body.customer === null)
    fail('missingField', 'customer', 'customer is required');
  if (!customerBody) fail('invalidValue', 'customer', 'customer must be an object');
  const firstName = requiredString(customerBody, 'first_name', 'customer.first_name');
  if (firstName.length > 50) fail('invalidValue', 'customer.first_name', 'customer.first_name is too long');
  const customer = {
    firstName,
    otherNames: optionalString(customerBody, 'other_names', 'customer.other_names', /^.{1,100}$/),
    email: optionalString(customerBody, 'email', 'customer.email', emailPattern),
    phoneNumber: optionalString(customerBody, 'phone_number', 'customer.phone_number', /^254\d{9}$/),
  };

  const timestamp = requiredString(body, 'timestamp');
  if (Number.isNaN(Date.parse(timestamp)) || !/^\d{4}-\d{2}-\d{2}T/.test(timestamp)) {
    fail('invalidValue', 'timestamp', 'timestamp must be an ISO-8601 date-time');
  }
  const checkoutReference = requiredString(body, 'checkout_reference');
  if (!referencePattern.test(checkoutReference)) {
    fail('invalidValue', 'checkout_reference', 'checkout_reference must be 1-64 letters, digits or _-.:/');
  }
  const paymentReference = optionalString(body, 'payment_reference', 'payment_reference', referencePattern);

  const msisdn = requiredString(body, 'msisdn');
  if (!msisdnPattern.test(msisdn))
    fail('invalidMsisdn', 'msisdn', 'msisdn must be a Kenyan mobile number like 254712345678');
  const country = requiredString(body, 'country');
  if (country !== 'KEN') fail('invalidCountry', 'country', 'country must be KEN');
  const currency = requiredString(body, 'currency');
  if (currency !== 'KES') fail('invalidCurrency', 'currency', 'currency must be KES');

  const amount = body.amount;
  if (amount === undefined || amount === null) fail('missingField', 'amount', 'amount is required');
  if (typeof amount !== 'number' || !Number.isFinite(amount))
    fail('invalidAmount', 'amount', 'amount must be a number');
  if (amount < 1 || amount > maxAmount)
    fail('invalidAmount', 'amount', `amount must be between 1 and ${maxAmount}`);
  if (!hasAtMostTwoDecimals(amount)) fail('invalidAmount', 'amount', 'amount has at most 2 decimals');

  if (body.mode !== undefined && body.mode !== 'redirect')
    fail('invalidValue', 'mode', 'mode must be "redirect"');
  const callback = webhookUrl(body, 'callback_url', options.webhookHosts ?? []);
  const successRedirectUrl = url(body, 'success_redirect_url').href;
  const failRedirectUrl = url(body, 'fail_redirect_url').href;

  if (body.meta_data !== undefined && !object(body.meta_data))
    fail('invalidValue', 'meta_data', 'meta_data must be an object');
  const extra = body.extra_params === undefined ? {} : object(body.extra_params);
  if (!extra) fail('invalidValue', 'extra_params', 'extra_params must be an object');
  const language = extra.language ?? 'en';
  if (language !== 'en' && language !== 'sw')
    fail('invalidValue', 'extra_params.language', 'extra_params.language must be "en" or "sw"');
  const strictAmount = extra.strict_amount ?? true;
  if (typeof strictAmount !== 'boolean')
    fail('invalidValue', 'extra_params.strict_amount', 'extra_params.strict_amount must be true or false');

  return {
    customer,
    timestamp,
    checkoutReference,
    paymentReference,
    msisdn,
    country: 'KEN',
    currency: 'KES',
    amount,
    callbackUrl: callback,
    successRedirectUrl,
    failRedirectUrl,
    metaData: object(body.meta_data) ?? {},
    language,
    expiry: expiry(extra.expiry, now),
    strictAmount,
  };
}
