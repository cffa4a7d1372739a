import { framePermissions, frameReferrerPolicy, frameSandbox } from '../shared/frame-attributes.js';
import { parseOrigins } from '../shared/origins.js';
import { parseCheckoutUrl, parseReturnUrl, refuseSameOrigin } from '../shared/url-rules.js';

/** What the shop's server knows about the checkout session, as the element's attributes take it. */
export interface CheckoutMarkupOptions {
  /** `data.checkout_url` from Create Checkout Request. */
  readonly checkoutUrl: string;
  /** `data.expires_at` (ISO-8601). */
  readonly expiresAt?: string;
  /** How the page is presented: `iframe` (default), `overlay`, `popup` or `redirect`. */
  readonly mode?: 'iframe' | 'overlay' | 'popup' | 'redirect';
  /** The `success_redirect_url` the server sent. */
  readonly successRedirectUrl?: string;
  /** The `fail_redirect_url` the server sent. */
  readonly failRedirectUrl?: string;
  /** Origins allowed to speak the protocol; by default the origin of `checkoutUrl`. */
  readonly allowedOrigins?: readonly string[];
  /** Milliseconds to wait for the hosted page to load. */
  readonly loadTimeout?: number;
  /** The hosted page speaks the protocol (see the element's `expect-handshake`). */
  readonly expectHandshake?: boolean;
  /** Log state changes and refused messages to the browser's console. */
  readonly debug?: boolean;
  /** Accessible name of the checkout (the frame's `title`). Default `Waftpay checkout`, as the element's. */
  readonly label?: string;
  /** The element's language (`en`, `sw`, `fr`), when it is not the page's. */
  readonly lang?: string;
  /**
   * The words of the link to the checkout, shown when JavaScript does not run. Default
   * `Continue on the payment page`; give your page's language.
   */
  readonly linkText?: string;
  /** The tag the element is defined under (see `defineWaftpayCheckout`). Default `waftpay-checkout`. */
  readonly tagName?: string;
  /**
   * The origin of the shop's page (`https://shop.example`), when the server knows it: a checkout
   * URL on it is refused, as the element refuses it (framed there it would not be sandboxed).
   */
  readonly pageOrigin?: string;
}

const defaultLabel = 'Waftpay checkout';
const defaultLinkText = 'Continue on the payment page';
/** A custom element name as `customElements.define` accepts it, ASCII only. */
const customElementName = /^[a-z][a-z0-9._]*(-[a-z0-9._]*)+$/;

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // The parser turns a carriage return into a line feed; a reference keeps it.
  '\r': '&#13;',
};

/**
 * `value` as text or as a quoted attribute value: every character that could end the value, open
 * a tag or start a character reference is written as a reference.
 */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"'\r]/g, (character) => entities[character]);
}

/** ` name="value"` for each present value, in order; `true` is a bare boolean attribute. */
function attributes(values: ReadonlyArray<readonly [string, string | boolean | undefined]>): string {
  return values
    .map(([name, value]) =>
      value === undefined || value === false
        ? ''
        : value === true
          ? ` ${name}`
          : ` ${name}="${escapeHtml(value)}"`,
    )
    .join('');
}

/**
 * The HTML of `<waftpay-checkout>` for the shop's server to write into its page, so that the
 * browser starts loading the hosted page while it parses the HTML, before any script arrives.
 *
 * In iframe mode it holds the frame, with exactly the `sandbox`, `allow` and `referrerpolicy` the
 * element gives its own; in every mode, a link to the checkout, which is what a customer without
 * JavaScript gets. Every value is escaped. A pure function: no DOM, nothing of Node's, so it runs
 * in any server or edge runtime.
 *
 * @throws {WaftpayCheckoutError} the codes the element would report for the same values:
 *   `missing-checkout-url`, `invalid-checkout-url` (nothing but an absolute `https:` URL, or
 *   `http:` on loopback, is ever written into a `src` or `href`), `same-origin-checkout-url`
 *   (with `pageOrigin`), `invalid-return-url`, `invalid-allowed-origins`.
 * @throws {RangeError} when `tagName` is not a custom element name.
 */
export function renderCheckoutMarkup(options: CheckoutMarkupOptions): string {
  const checkoutUrl = parseCheckoutUrl(options.checkoutUrl);
  if (options.pageOrigin !== undefined) refuseSameOrigin(checkoutUrl, options.pageOrigin);
  const url = checkoutUrl.href;
  parseReturnUrl('success-redirect-url', options.successRedirectUrl);
  parseReturnUrl('fail-redirect-url', options.failRedirectUrl);
  if (options.allowedOrigins) parseOrigins('allowed-origins', options.allowedOrigins);
  const tagName = options.tagName ?? 'waftpay-checkout';
  if (!customElementName.test(tagName)) {
    throw new RangeError(
      `tagName must be a custom element name like "waftpay-checkout", got ${JSON.stringify(tagName)}.`,
    );
  }
  const label = options.label ?? defaultLabel;
  const loadTimeout = options.loadTimeout;
  const host = attributes([
    ['checkout-url', url],
    ['mode', options.mode],
    ['expires-at', options.expiresAt],
    ['success-redirect-url', options.successRedirectUrl],
    ['fail-redirect-url', options.failRedirectUrl],
    ['allowed-origins', options.allowedOrigins?.join(' ')],
    [
      'load-timeout',
      loadTimeout !== undefined && Number.isFinite(loadTimeout) ? String(loadTimeout) : undefined,
    ],
    ['expect-handshake', options.expectHandshake],
    ['debug', options.debug],
    ['label', options.label],
    ['lang', options.lang],
  ]);
  // Overlay, popup and redirect show nothing of the hosted page until the customer acts.
  const mode = options.mode ?? 'iframe';
  const framed = mode !== 'overlay' && mode !== 'popup' && mode !== 'redirect';
  const frame = framed
    ? `<iframe${attributes([
        ['src', url],
        ['title', label],
        ['sandbox', frameSandbox],
        ['allow', framePermissions],
        ['referrerpolicy', frameReferrerPolicy],
        // Where the element shows the frame it adopts (it never moves it: that would reload it).
        ['slot', 'frame'],
      ])}></iframe>`
    : '';
  const link = `<a${attributes([
    ['href', url],
    ['referrerpolicy', frameReferrerPolicy],
  ])}>${escapeHtml(options.linkText ?? defaultLinkText)}</a>`;
  return `<${tagName}${host}>${frame}${link}</${tagName}>`;
}
