/**
 * The "pure" entry: the element class and everything about it, registering nothing.
 * Call {@link defineWaftpayCheckout} when (and under the tag) you want it defined.
 */
export { WaftpayCheckoutElement } from './waftpay-checkout-element.js';
export { defineWaftpayCheckout } from './define.js';
export {
  WaftpayReadyEvent,
  WaftpayPendingEvent,
  WaftpaySuccessEvent,
  WaftpayFailureEvent,
  WaftpayExpiredEvent,
  WaftpayCancelEvent,
  WaftpayErrorEvent,
  WaftpayRedirectEvent,
  WaftpayFallbackEvent,
  eventNames,
  type WaftpayEventName,
  type CancelReason,
  type FallbackReason,
} from './events.js';
export { WaftpayCheckoutError, WaftpayErrorCode } from './errors.js';
export type { CheckoutResult, CheckoutResultSource } from './checkout-result.js';
export type { CheckoutMode } from './mode.js';
export { builtInStrings, type CheckoutStrings, type CheckoutLanguage } from './strings.js';
export type { CheckoutStatus } from './status.js';
export { protocolName, protocolVersion, type PendingInfo } from './protocol.js';
