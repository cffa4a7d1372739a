/**
 * The "pure" entry: the element class and everything about it, registering nothing.
 * Call {@link defineWaftpayCheckout} when (and under the tag) you want it defined.
 */
export { WaftpayCheckoutElement } from './element/waftpay-checkout-element.js';
export { defineWaftpayCheckout } from './element/define.js';
export {
  WaftpayCheckoutEvent,
  WaftpayReadyEvent,
  WaftpayPendingEvent,
  WaftpaySuccessEvent,
  WaftpayFailureEvent,
  WaftpayExpiredEvent,
  WaftpayDismissEvent,
  WaftpayCancelEvent,
  WaftpayErrorEvent,
  WaftpayRedirectEvent,
  WaftpayFallbackEvent,
  eventNames,
  type WaftpayEventName,
  type CancelReason,
  type FallbackReason,
} from './element/events.js';
export { WaftpayCheckoutError, WaftpayErrorCode } from './shared/errors.js';
export type { CheckoutResult, CheckoutResultSource } from './shared/checkout-result.js';
export type { CheckoutMode } from './element/mode.js';
export type { CreatedSession } from './element/session-config.js';
export { builtInStrings, type CheckoutStrings, type CheckoutLanguage } from './element/strings.js';
export type { CheckoutStatus } from './element/status.js';
export { protocolName, protocolVersion, type PendingInfo } from './shared/protocol.js';
