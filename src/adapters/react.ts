/**
 * `waftpay-checkout/react`: `<WaftpayCheckout>` for React, made with `@lit/react`. Every attribute
 * is a camelCase prop; every event an `on…` prop with its typed event. Importing it defines the
 * element in a browser; on a server it renders the bare tag and registers nothing.
 *
 * @example
 * <WaftpayCheckout checkoutUrl={session.checkoutUrl} expiresAt={session.expiresAt}
 *   onSuccess={(event) => showThanks(event.result)} />
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { defineWaftpayCheckout } from '../element/define.js';
import { eventNames, type WaftpayEventName } from '../element/events.js';
import { WaftpayCheckoutElement } from '../element/waftpay-checkout-element.js';

defineWaftpayCheckout();

/** `onSuccess` → `waftpay-success`, and so on for every event, each with its event type. */
type ReactEvents = {
  [N in WaftpayEventName as `on${Capitalize<N>}`]: EventName<HTMLElementEventMap[`waftpay-${N}`]>;
};

const events = Object.fromEntries(
  eventNames.map((name) => [`on${name[0].toUpperCase()}${name.slice(1)}`, `waftpay-${name}`]),
) as ReactEvents;

export const WaftpayCheckout = createComponent({
  tagName: 'waftpay-checkout',
  elementClass: WaftpayCheckoutElement,
  react: React,
  displayName: 'WaftpayCheckout',
  events,
});

/** The props of {@link WaftpayCheckout}. */
export type WaftpayCheckoutProps = React.ComponentProps<typeof WaftpayCheckout>;

export * from '../element.js';
