import { WaftpayCheckoutError, WaftpayErrorCode } from './errors.js';
import { describeValue, httpsOnly, secureOrLoopback } from './url-rules.js';

/**
 * A host as the URL parser leaves it: a DNS name or IPv4 address (letters, digits, `-`, `_`, `.`)
 * or a bracketed IPv6 address. The parser accepts more (`*`, `!`, `;`…), which would turn an
 * origin into a wildcard, or break a `frame-ancestors` list built from it.
 */
const plainHost = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/;

/**
 * `value` when it is exactly an `http(s):` origin (scheme, host and port; a trailing slash is
 * forgiven; no wildcard, path or `null`), as a URL; `undefined` otherwise.
 */
export function exactOrigin(value: string): URL | undefined {
  try {
    const url = new URL(value);
    if (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      plainHost.test(url.hostname) &&
      url.origin === value.replace(/\/$/, '')
    ) {
      return url;
    }
  } catch {
    // Not a URL.
  }
  return undefined;
}

/**
 * Parses a list of origins allowed to speak the protocol. Each must be exactly an origin
 * (`https://pay.example`, `http://localhost:5174`): no wildcard, no path, no `null`, because the
 * list also decides where messages may be sent; and `https:`, as the checkout URL must be (plain
 * `http:` only on loopback), since a page on plain `http:` can be replaced by anyone on its network.
 *
 * @throws {WaftpayCheckoutError} `invalid-allowed-origins`.
 */
export function parseOrigins(source: string, values: readonly string[]): string[] {
  const origins: string[] = [];
  for (const value of values) {
    const url = exactOrigin(value);
    if (!url || !secureOrLoopback(url)) {
      const why = url
        ? httpsOnly
        : 'must list origins like "https://pay.example" (scheme, host and port only; no "*")';
      throw new WaftpayCheckoutError(
        WaftpayErrorCode.InvalidAllowedOrigins,
        `${source} ${why}, got ${describeValue(value)}.`,
      );
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}
