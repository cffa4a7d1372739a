/**
 * `waftpay-checkout/react`: `<WaftpayCheckout>` for React, made with `@lit/react`. Every attribute
 * is a camelCase prop; every event an `on…` prop with its typed event. Importing it defines the
 * element in a browser; on a server it registers nothing, and renders the element as
 * `renderCheckoutMarkup` writes it: its attributes, a link for a customer without JavaScript,
 * and, in iframe mode when `pageOrigin` is given, the frame that starts loading the hosted page
 * while the HTML is parsed (the element adopts it).
 *
 * @example
 * <WaftpayCheckout checkoutUrl={session.checkoutUrl} expiresAt={session.expiresAt}
 *   pageOrigin="https://shop.example" onSuccess={(event) => showThanks(event.result)} />
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { defineWaftpayCheckout } from '../element/define.js';
import { eventNames, type WaftpayEventName } from '../element/events.js';
import { stringsFor } from '../element/strings.js';
import { WaftpayCheckoutElement } from '../element/waftpay-checkout-element.js';
import {
  checkedCheckoutUrl,
  frameAttributes,
  hostAttributes,
  linkAttributes,
  payButtonFirst,
  type Attribute,
  type ElementMarkupOptions,
} from '../shared/checkout-markup.js';

defineWaftpayCheckout();

/** `onSuccess` → `waftpay-success`, and so on for every event, each with its event type. */
type ReactEvents = {
  [N in WaftpayEventName as `on${Capitalize<N>}`]: EventName<HTMLElementEventMap[`waftpay-${N}`]>;
};

const events = Object.fromEntries(
  eventNames.map((name) => [`on${name[0].toUpperCase()}${name.slice(1)}`, `waftpay-${name}`]),
) as ReactEvents;

const Element = createComponent({
  tagName: 'waftpay-checkout',
  elementClass: WaftpayCheckoutElement,
  react: React,
  displayName: 'WaftpayCheckout',
  events,
});

/** The props of {@link WaftpayCheckout}. */
export type WaftpayCheckoutProps = React.ComponentProps<typeof Element> & {
  /**
   * The origin of the page (`https://shop.example`). With it, the render (on a server too) holds
   * the frame that starts loading the hosted page while the HTML is parsed, once the checkout URL
   * is checked against it; without it, the element makes its own frame once it runs.
   */
  pageOrigin?: string;
};

/**
 * The props not passed on as they are: the element's properties that are attributes, written as
 * attributes so that a server render has them (`opened` stays a property: its attribute, `open`,
 * is also the name of a method), and `pageOrigin`, which only the render reads.
 */
const attributeProps = new Set([
  'checkoutUrl',
  'mode',
  'expiresAt',
  'successRedirectUrl',
  'failRedirectUrl',
  'allowedOrigins',
  'loadTimeout',
  'expectHandshake',
  'debug',
  'label',
  'children',
  'pageOrigin',
]);

/**
 * Attributes as React props. React sets a custom element's prop as a property when the element
 * has one of that name (`debug`, `mode`, `label`), so a boolean stays `true`, and React writes it
 * as an empty attribute on a server.
 */
const reactNames: Readonly<Record<string, string>> = { referrerpolicy: 'referrerPolicy' };
const reactProps = (attributes: readonly Attribute[]): Record<string, string | true> =>
  Object.fromEntries(attributes.map(([name, value]) => [reactNames[name] ?? name, value]));

/** The element's options as renderCheckoutMarkup takes them, from the props. */
function markupOptions(props: WaftpayCheckoutProps): ElementMarkupOptions {
  return {
    checkoutUrl: props.checkoutUrl,
    mode: props.mode,
    expiresAt: props.expiresAt,
    successRedirectUrl: props.successRedirectUrl,
    failRedirectUrl: props.failRedirectUrl,
    allowedOrigins: props.allowedOrigins?.trim().split(/\s+/),
    loadTimeout: props.loadTimeout,
    expectHandshake: props.expectHandshake,
    debug: props.debug,
    label: props.label,
    pageOrigin: props.pageOrigin,
    onDemand: !!props.createSession,
  };
}

/**
 * The frame and the link, as the element was first rendered: React never changes or moves them
 * afterwards, since the element adopts the frame and takes it away when its showing ends. With
 * `createSession` and no session yet, its pay button instead (in the modes that wait for a click).
 * Nothing when the props are not valid yet: the element itself reports what is wrong.
 */
function frameAndLink(props: WaftpayCheckoutProps): React.ReactNode {
  const options = markupOptions(props);
  const strings = stringsFor(props.lang, props.strings);
  let url: string;
  try {
    const button = payButtonFirst(options);
    if (button !== undefined)
      return button && React.createElement('button', { key: 'pay', type: 'button' }, strings.pay);
    url = checkedCheckoutUrl(options);
  } catch {
    return null;
  }
  const frame = frameAttributes(url, options);
  const text = strings.continueOnPage;
  return [
    frame && React.createElement('iframe', { key: 'frame', ...reactProps(frame) }),
    React.createElement('a', { key: 'link', ...reactProps(linkAttributes(url)) }, text),
  ];
}

/**
 * `<waftpay-checkout>` for React. Its attributes are rendered as attributes (on the server too);
 * `strings` and the event props go to the element once it is in the page, and only then does it
 * start (`defer-hydration`, which `@lit/react` removes), so no event is dispatched before React
 * listens.
 */
export const WaftpayCheckout = React.forwardRef<WaftpayCheckoutElement, Omit<WaftpayCheckoutProps, 'ref'>>(
  function WaftpayCheckout(props, ref) {
    const [first] = React.useState(() => frameAndLink(props));
    const rest = Object.fromEntries(Object.entries(props).filter(([name]) => !attributeProps.has(name)));
    const attributes = hostAttributes({ ...markupOptions(props), checkoutUrl: props.checkoutUrl });
    // Attributes by their own names: React writes them as such (the element's typings know none).
    const elementProps = { ...rest, ...reactProps(attributes), 'defer-hydration': true, ref };
    return React.createElement(Element, elementProps as WaftpayCheckoutProps, first, props.children);
  },
);

export * from '../element.js';
