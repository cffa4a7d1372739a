import { WaftpayCheckoutError, WaftpayErrorCode } from './errors.js';
import { describeValue } from './url-rules.js';

/**
 * A host as the URL parser leaves it: a DNS name or IPv4 address (letters, digits, `-`, `_`, `.`)
 * or a bracketed IPv6 address. The parser accepts more (`*`, `!`, `;`…), which would turn an
 * origin into a wildcard, or break a `frame-ancestors` list built from it.
 */
const plainHost = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/;

/**
 * Parses a list of origins allowed to speak the protocol. Each must be exactly an origin
 * (`https://pay.example`, `http://localhost:5174`): no wildcard, no path, no `null`, because the
 * list also decides where messages may be sent.
 *
 * @throws {WaftpayCheckoutError} `invalid-allowed-origins`.
 */
export function parseOrigins(source: string, values: readonly string[]): string[] {
  const origins: string[] = [];
  for (const value of values) {
    let origin: string | undefined;
    try {
      const url = new URL(value);
      if (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        plainHost.test(url.hostname) &&
        url.origin === value.replace(/\/$/, '')
      ) {
        origin = url.origin;
      }
    } catch {
      // Not a URL: reported below.
    }
    if (!origin) {
      throw new WaftpayCheckoutError(
        WaftpayErrorCode.InvalidAllowedOrigins,
        `${source} must list origins like "https://pay.example" (scheme, host and port only; no "*"), got ${describeValue(value)}.`,
      );
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
}
