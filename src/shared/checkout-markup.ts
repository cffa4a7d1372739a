// The element as markup, before any script runs: its attributes, the frame that starts loading
// the hosted page while the HTML is parsed, and the link a customer without JavaScript follows.
// Written as HTML by the shop's server (renderCheckoutMarkup) and as React elements by the React
// wrapper's server render, from this one description, so both give the element a frame it adopts.
import { WaftpayCheckoutError, WaftpayErrorCode } from './errors.js';
import { framePermissions, frameReferrerPolicy, frameSandbox } from './frame-attributes.js';
import { exactOrigin, parseOrigins } from './origins.js';
import { describeValue, parseCheckoutUrl, parseReturnUrl, refuseSameOrigin } from './url-rules.js';

/**
 * What a render of the element knows about the checkout session, as the element's attributes
 * take it. The React wrapper's server render may not know the page's origin: without `pageOrigin`
 * it writes no frame, since nothing could check the checkout URL against it.
 */
export interface ElementMarkupOptions {
  /** `data.checkout_url` from Create Checkout Request (left out with `onDemand`). */
  readonly checkoutUrl?: string;
  /**
   * No session yet: the page gives the element `createSession`, which makes one when the customer
   * asks to pay. Written without a session, with the element's pay button in the modes that wait
   * for a click (overlay, popup, redirect), which works once the element's script has run.
   */
  readonly onDemand?: boolean;
  /** The pay button's words with `onDemand`. Default `Pay with Waftpay`; give your page's language. */
  readonly payText?: string;
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
   * The origin of the page the markup is written into (`https://shop.example`). The frame starts
   * loading before any script can check it, and a checkout URL on the page's own origin, framed
   * with the scripts and same-origin access a payment page needs, would not be sandboxed at all;
   * so it is refused here, as the element refuses it.
   */
  readonly pageOrigin?: string;
}

/**
 * What the shop's server knows, for `renderCheckoutMarkup`: `pageOrigin` is required whenever a
 * session is written (its frame loads before any script could check it); only with `onDemand`
 * and no session yet, when no URL is written at all, may it be left out.
 */
export type CheckoutMarkupOptions = ElementMarkupOptions &
  (
    | { readonly pageOrigin: string }
    | { readonly onDemand: true; readonly checkoutUrl?: undefined; readonly pageOrigin?: string }
  );

/** An attribute's name and value; `true` is a boolean attribute, present with no value. */
export type Attribute = readonly [name: string, value: string | true];

export const defaultLabel = 'Waftpay checkout';
export const defaultLinkText = 'Continue on the payment page';
export const defaultPayText = 'Pay with Waftpay';
/** The element's slot for the frame it adopts (see src/element/server-frame.ts). */
export const serverFrameSlot = 'frame';

/**
 * `pageOrigin`, checked: exactly an origin.
 *
 * @throws {WaftpayCheckoutError} `invalid-page-origin`.
 */
export function parsePageOrigin(value: string | undefined): string {
  const url = typeof value === 'string' ? exactOrigin(value) : undefined;
  if (!url) {
    throw new WaftpayCheckoutError(
      WaftpayErrorCode.InvalidPageOrigin,
      `pageOrigin must be the origin of the page the markup is written into, like "https://shop.example", got ${describeValue(value)}.`,
    );
  }
  return url.origin;
}

/**
 * The checkout URL of `options`, once every value is checked as the element checks it (and, when
 * `pageOrigin` is given, against it).
 *
 * @throws {WaftpayCheckoutError} the codes the element would report for the same values, and
 *   `invalid-page-origin`.
 */
export function checkedCheckoutUrl(options: ElementMarkupOptions): string {
  const url = parseCheckoutUrl(options.checkoutUrl);
  if (options.pageOrigin !== undefined) refuseSameOrigin(url, parsePageOrigin(options.pageOrigin));
  parseReturnUrl('success-redirect-url', options.successRedirectUrl);
  parseReturnUrl('fail-redirect-url', options.failRedirectUrl);
  if (options.allowedOrigins) parseOrigins('allowed-origins', options.allowedOrigins);
  return url.href;
}

/**
 * Whether `options` are for a session still to be made, whose markup is the element's pay button
 * (`true`) or nothing (`false`: iframe mode asks for the session once the script runs); `undefined`
 * when they carry a session.
 */
export function payButtonFirst(options: ElementMarkupOptions): boolean | undefined {
  if (!options.onDemand || options.checkoutUrl) return undefined;
  if (options.allowedOrigins) parseOrigins('allowed-origins', options.allowedOrigins);
  return (options.mode ?? 'iframe') !== 'iframe';
}

/** The element's attributes for `options`, in the element's order; absent values are left out. */
export function hostAttributes(
  options: Omit<ElementMarkupOptions, 'checkoutUrl'> & { checkoutUrl?: string },
): Attribute[] {
  const { loadTimeout } = options;
  const values: Array<readonly [string, string | boolean | undefined]> = [
    ['checkout-url', options.checkoutUrl],
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
  ];
  return values.filter((entry): entry is Attribute => entry[1] !== undefined && entry[1] !== false);
}

/**
 * The frame's attributes (the element's own frame's, and the slot it is shown through), or
 * `undefined` in the modes that load nothing before the customer acts (overlay, popup, redirect),
 * and when `url` was not checked against the page's origin (`checkedCheckoutUrl` with no
 * `pageOrigin`).
 */
export function frameAttributes(url: string, options: ElementMarkupOptions): Attribute[] | undefined {
  const mode = options.mode ?? 'iframe';
  if (mode === 'overlay' || mode === 'popup' || mode === 'redirect') return undefined;
  if (options.pageOrigin === undefined) return undefined;
  return [
    ['src', url],
    ['title', options.label ?? defaultLabel],
    ['sandbox', frameSandbox],
    ['allow', framePermissions],
    ['referrerpolicy', frameReferrerPolicy],
    // Where the element shows the frame it adopts (it never moves it: that would load it again).
    ['slot', serverFrameSlot],
  ];
}

/** The link's attributes: to the checkout, telling it the shop's origin only. */
export function linkAttributes(url: string): Attribute[] {
  return [
    ['href', url],
    ['referrerpolicy', frameReferrerPolicy],
  ];
}
