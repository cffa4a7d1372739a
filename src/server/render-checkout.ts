import {
  checkedCheckoutUrl,
  defaultLinkText,
  defaultPayText,
  frameAttributes,
  hostAttributes,
  linkAttributes,
  parsePageOrigin,
  payButtonFirst,
  type Attribute,
  type CheckoutMarkupOptions,
} from '../shared/checkout-markup.js';

export type { CheckoutMarkupOptions } from '../shared/checkout-markup.js';

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

/** ` name="value"` for each attribute, in order; `true` is a bare boolean attribute. */
function attributes(list: readonly Attribute[]): string {
  return list
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
    .join('');
}

/**
 * The HTML of `<waftpay-checkout>` for the shop's server to write into its page, so that the
 * browser starts loading the hosted page while it parses the HTML, before any script arrives;
 * the element adopts that frame when its script runs.
 *
 * In iframe mode it holds the frame, with exactly the `sandbox`, `allow` and `referrerpolicy` the
 * element gives its own; in every mode, a link to the checkout, which is what a customer without
 * JavaScript gets. With `onDemand` and no session, the element and, in the modes that wait for a
 * click, its pay button (for `createSession`). Every value is escaped. A pure function: no DOM,
 * nothing of Node's, so it runs in any server or edge runtime.
 *
 * `pageOrigin` is required with a session: its frame starts loading before any script of the page
 * could check that the checkout is not on the page's own origin, so it is checked here. With
 * `onDemand` and no session, no URL is written and it may be left out (given, it is checked).
 *
 * @throws {WaftpayCheckoutError} `invalid-page-origin` (missing with a session, or not exactly an
 *   origin), and
 *   the codes the element would report for the same values: `missing-checkout-url`,
 *   `invalid-checkout-url` (nothing but an absolute `https:` URL, or `http:` on loopback, is ever
 *   written into a `src` or `href`), `same-origin-checkout-url`, `invalid-return-url`,
 *   `invalid-allowed-origins`.
 * @throws {RangeError} when `tagName` is not a custom element name.
 */
export function renderCheckoutMarkup(options: CheckoutMarkupOptions): string {
  const tagName = options.tagName ?? 'waftpay-checkout';
  if (!customElementName.test(tagName)) {
    throw new RangeError(
      `tagName must be a custom element name like "waftpay-checkout", got ${JSON.stringify(tagName)}.`,
    );
  }
  const button = payButtonFirst(options);
  // Plain JavaScript may leave it out: what cannot be checked is refused, never written.
  if (button === undefined || options.pageOrigin !== undefined) parsePageOrigin(options.pageOrigin);
  if (button !== undefined) {
    const pay = button
      ? `<button type="button">${escapeHtml(options.payText ?? defaultPayText)}</button>`
      : '';
    return `<${tagName}${attributes(hostAttributes({ ...options, checkoutUrl: undefined }))}>${pay}</${tagName}>`;
  }
  const url = checkedCheckoutUrl(options);
  const host = attributes(hostAttributes({ ...options, checkoutUrl: url }));
  const frameList = frameAttributes(url, options);
  const frame = frameList ? `<iframe${attributes(frameList)}></iframe>` : '';
  const text = escapeHtml(options.linkText ?? defaultLinkText);
  return `<${tagName}${host}>${frame}<a${attributes(linkAttributes(url))}>${text}</a></${tagName}>`;
}
