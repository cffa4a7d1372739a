import { WaftpayCheckoutError, WaftpayErrorCode } from './errors.js';

/** Hosts where plain `http:` is acceptable: a developer's own machine, never a network. */
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether `url` may be used as it is: `https:`, or plain `http:` on loopback (a developer's own
 * machine), where nothing crosses a network. The rule for every URL and origin the package is
 * given: the checkout's, the origins allowed to speak the protocol, Waftpay's API.
 */
export function secureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
}

/** `new URL(value)` without throwing; `URL.parse` would do, but Safari before 18 lacks it. */
function toAbsoluteUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** What an error says about an `http:` URL off loopback. */
export const httpsOnly = 'must use https: (plain http: is allowed only for localhost, 127.0.0.1 and [::1])';

/** Quotes a received value for an error message, cut short so a huge value cannot flood logs. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  const text = JSON.stringify(String(value));
  return text.length > 120 ? `${text.slice(0, 117)}…"` : text;
}

/**
 * Parses `checkout-url`. It must be absolute, `https:` (or `http:` on loopback for local
 * development and the sandbox) and carry no credentials: `https://waftpay.io@evil.example/`
 * reads like Waftpay but is evil.example.
 *
 * @throws {WaftpayCheckoutError} `missing-checkout-url` or `invalid-checkout-url`.
 */
export function parseCheckoutUrl(value: string | null | undefined): URL {
  if (value == null || value.trim() === '') {
    throw new WaftpayCheckoutError(
      WaftpayErrorCode.MissingCheckoutUrl,
      'checkout-url is required: expected the checkout_url returned by Create Checkout Request.',
    );
  }
  const invalid = (why: string): WaftpayCheckoutError =>
    new WaftpayCheckoutError(
      WaftpayErrorCode.InvalidCheckoutUrl,
      `checkout-url ${why}, got ${describeValue(value)}.`,
    );
  const url = toAbsoluteUrl(value);
  if (!url) throw invalid('must be an absolute URL');
  if (url.protocol === 'http:' && !secureOrLoopback(url)) throw invalid(httpsOnly);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('must use https:');
  if (url.username || url.password) throw invalid('must not contain a user name or password');
  return url;
}

/**
 * Refuses a `checkout-url` on `pageOrigin`, the origin of the page showing it. The frame needs
 * `allow-scripts` and `allow-same-origin`; on the page's own origin the two together let the
 * framed page reach into the shop's page and lift its own sandbox.
 *
 * @throws {WaftpayCheckoutError} `same-origin-checkout-url`.
 */
export function refuseSameOrigin(url: URL, pageOrigin: string): void {
  if (url.origin !== pageOrigin) return;
  throw new WaftpayCheckoutError(
    WaftpayErrorCode.SameOriginCheckoutUrl,
    `checkout-url must be on Waftpay's origin, not on this page's own (${pageOrigin}): framed there, the checkout would not be sandboxed. Got ${describeValue(url.href)}.`,
  );
}

/**
 * Parses an optional return URL (`success-redirect-url`, `fail-redirect-url`): absent is fine,
 * present must be an absolute `http(s):` URL.
 *
 * @throws {WaftpayCheckoutError} `invalid-return-url`.
 */
export function parseReturnUrl(attribute: string, value: string | null | undefined): URL | undefined {
  if (value == null || value === '') return undefined;
  const url = toAbsoluteUrl(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new WaftpayCheckoutError(
      WaftpayErrorCode.InvalidReturnUrl,
      `${attribute} must be an absolute http: or https: URL, got ${describeValue(value)}.`,
    );
  }
  return url;
}
