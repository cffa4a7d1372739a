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
import { defineWaftpayCheckout } from './define.js';
import type {
  WaftpayCancelEvent,
  WaftpayErrorEvent,
  WaftpayExpiredEvent,
  WaftpayFailureEvent,
  WaftpayFallbackEvent,
  WaftpayPendingEvent,
  WaftpayReadyEvent,
  WaftpayRedirectEvent,
  WaftpaySuccessEvent,
} from './events.js';
import { WaftpayCheckoutElement } from './waftpay-checkout-element.js';

defineWaftpayCheckout();

export const WaftpayCheckout = createComponent({
  tagName: 'waftpay-checkout',
  elementClass: WaftpayCheckoutElement,
  react: React,
  displayName: 'WaftpayCheckout',
  events: {
    onReady: 'waftpay-ready' as EventName<WaftpayReadyEvent>,
    onPending: 'waftpay-pending' as EventName<WaftpayPendingEvent>,
    onSuccess: 'waftpay-success' as EventName<WaftpaySuccessEvent>,
    onFailure: 'waftpay-failure' as EventName<WaftpayFailureEvent>,
    onExpired: 'waftpay-expired' as EventName<WaftpayExpiredEvent>,
    onCancel: 'waftpay-cancel' as EventName<WaftpayCancelEvent>,
    onError: 'waftpay-error' as EventName<WaftpayErrorEvent>,
    onRedirect: 'waftpay-redirect' as EventName<WaftpayRedirectEvent>,
    onFallback: 'waftpay-fallback' as EventName<WaftpayFallbackEvent>,
  },
});

/** The props of {@link WaftpayCheckout}. */
export type WaftpayCheckoutProps = React.ComponentProps<typeof WaftpayCheckout>;

export * from './element.js';
