import { WaftpayCheckoutError, WaftpayErrorCode } from './errors.js';
import { describeValue } from './url-rules.js';

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
