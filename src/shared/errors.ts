/**
 * Stable error codes carried by {@link WaftpayCheckoutError}. They are part of the public
 * contract: a code is never renamed or reused for another meaning.
 */
export const WaftpayErrorCode = {
  /** `checkout-url` is missing or empty. */
  MissingCheckoutUrl: 'missing-checkout-url',
  /** `checkout-url` is relative, unparseable, has credentials, or uses a scheme other than `https:` (plain `http:` only on loopback). */
  InvalidCheckoutUrl: 'invalid-checkout-url',
  /**
   * `checkout-url` is on the page's own origin: framed there with the scripts and same-origin
   * access a payment page needs, it would not be sandboxed at all. Waftpay's hosted page is
   * never on the shop's origin.
   */
  SameOriginCheckoutUrl: 'same-origin-checkout-url',
  /** `expires-at` is not an ISO-8601 date-time with a time zone. */
  InvalidExpiresAt: 'invalid-expires-at',
  /** `success-redirect-url` or `fail-redirect-url` is not an absolute `http(s):` URL. */
  InvalidReturnUrl: 'invalid-return-url',
  /**
   * `allowed-origins` (or the host helper's `merchantOrigins`) lists something that is not exactly
   * an origin, or an origin on plain `http:` off loopback.
   */
  InvalidAllowedOrigins: 'invalid-allowed-origins',
  /**
   * `renderCheckoutMarkup`: `pageOrigin` is missing or not exactly an origin, so the checkout URL
   * cannot be checked against the page's own origin before a frame is written.
   */
  InvalidPageOrigin: 'invalid-page-origin',
  /** `createWaftpayClient`: `baseUrl` is not an absolute `https:` URL (plain `http:` only on loopback). */
  InvalidBaseUrl: 'invalid-base-url',
  /** The hosted page did not load within `load-timeout` milliseconds. */
  LoadTimeout: 'load-timeout',
  /** The hosted page's server could not be reached (with `expect-handshake`: it refused the connection). */
  LoadFailed: 'load-failed',
  /** The browser blocked the payment window (popup mode, or `open()` called outside a click). */
  PopupBlocked: 'popup-blocked',
  /** The browser refused to navigate the top window (for example, a sandboxed parent frame). */
  NavigationBlocked: 'navigation-blocked',
  /** `createSession` failed: it threw, or its promise was rejected (the shop's reason is the `cause`). */
  CreateSessionFailed: 'create-session-failed',
} as const;

/** One of the values of {@link WaftpayErrorCode}. */
export type WaftpayErrorCode = (typeof WaftpayErrorCode)[keyof typeof WaftpayErrorCode];

/** Codes that describe the element's configuration: {@link WaftpayCheckoutElement.retry} cannot help. */
const configurationCodes: ReadonlySet<WaftpayErrorCode> = new Set([
  WaftpayErrorCode.MissingCheckoutUrl,
  WaftpayErrorCode.InvalidCheckoutUrl,
  WaftpayErrorCode.SameOriginCheckoutUrl,
  WaftpayErrorCode.InvalidExpiresAt,
  WaftpayErrorCode.InvalidReturnUrl,
  WaftpayErrorCode.InvalidAllowedOrigins,
  WaftpayErrorCode.InvalidPageOrigin,
  WaftpayErrorCode.InvalidBaseUrl,
]);

/**
 * The one error type of the package. `code` is stable and meant for programs; `message` says
 * what was expected and what was received, and is meant for developers.
 */
export class WaftpayCheckoutError extends Error {
  override readonly name = 'WaftpayCheckoutError';
  readonly code: WaftpayErrorCode;

  constructor(code: WaftpayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** Whether calling `retry()` may succeed (the problem is not in the element's configuration). */
  get retryable(): boolean {
    return !configurationCodes.has(this.code);
  }
}
