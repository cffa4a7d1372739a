import { WaftpayCheckoutError, WaftpayErrorCode } from '../shared/errors.js';
import { describeValue, httpsOnly, secureOrLoopback } from '../shared/url-rules.js';

/**
 * Checks Waftpay's base URL by the checkout URL's rule: every request carries the consumer secret
 * or a bearer token, which plain `http:` would hand to anyone on the network (loopback, a local
 * sandbox, crosses none).
 *
 * @throws {WaftpayCheckoutError} `invalid-base-url`.
 */
export function checkBaseUrl(value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // Reported below.
  }
  if (url && secureOrLoopback(url)) return;
  const why =
    url?.protocol === 'http:'
      ? httpsOnly
      : 'must be an absolute https: URL such as https://sandbox.waftpay.io/api';
  throw new WaftpayCheckoutError(
    WaftpayErrorCode.InvalidBaseUrl,
    `baseUrl ${why}, got ${describeValue(value)}.`,
  );
}
