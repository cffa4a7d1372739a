import type { CheckoutResult } from '../shared/checkout-result.js';
import type { WaftpayCheckoutError } from '../shared/errors.js';
import type { CheckoutMode } from './mode.js';
import type { PendingInfo } from '../shared/protocol.js';
import type { SessionEvent } from './session.js';

/** Every event of the element, by its name after `waftpay-`; the framework bindings derive from it. */
export const eventNames = [
  'ready',
  'pending',
  'success',
  'failure',
  'expired',
  'dismiss',
  'cancel',
  'error',
  'redirect',
  'fallback',
] as const;

export type WaftpayEventName = (typeof eventNames)[number];

/**
 * What every event of the element is: it crosses shadow roots (`bubbles`, `composed`), so a parent
 * component or the page hears it, and says which session it belongs to.
 */
export class WaftpayCheckoutEvent extends Event {
  /**
   * The `checkout-url` of the session the event belongs to (with `createSession`, the one it
   * made); `undefined` while there is none: a configuration refused, `createSession` failed, or
   * the popup closed before its session was made.
   */
  readonly checkoutUrl?: string;

  constructor(type: string, checkoutUrl?: string, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.checkoutUrl = checkoutUrl;
  }
}

/** The hosted page has loaded. Fired once per session. */
export class WaftpayReadyEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-ready';
  constructor(checkoutUrl?: string) {
    super(WaftpayReadyEvent.eventName, checkoutUrl);
  }
}

/**
 * The hosted page waits on the customer (for example, to approve a prompt on their phone). Not an
 * outcome: success, failure, expiry or cancel follows, even after a dismissal.
 */
export class WaftpayPendingEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-pending';
  constructor(
    readonly info: PendingInfo,
    checkoutUrl?: string,
  ) {
    super(WaftpayPendingEvent.eventName, checkoutUrl);
  }
}

/** The payment succeeded. Advisory: fulfil the order from your server, not from this event. */
export class WaftpaySuccessEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-success';
  constructor(
    readonly result: CheckoutResult,
    checkoutUrl?: string,
  ) {
    super(WaftpaySuccessEvent.eventName, checkoutUrl);
  }
}

/** The payment failed or was declined. */
export class WaftpayFailureEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-failure';
  constructor(
    readonly result: CheckoutResult,
    checkoutUrl?: string,
  ) {
    super(WaftpayFailureEvent.eventName, checkoutUrl);
  }
}

/** The session reached `expires-at` with no outcome. */
export class WaftpayExpiredEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-expired';
  constructor(
    readonly expiresAt: string,
    checkoutUrl?: string,
  ) {
    super(WaftpayExpiredEvent.eventName, checkoutUrl);
  }
}

/**
 * The customer closed the overlay or the popup before an outcome. Not an outcome: the session
 * stays open until it ends or expires (a prompt on the customer's phone may still be approved),
 * its outcome is still reported if the page is still there to report it (overlay), and `open()`
 * resumes it at the same `checkout-url`.
 */
export class WaftpayDismissEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-dismiss';
  /** @param pending The hosted page had reported pending: a payment prompt may still be approved. */
  constructor(
    readonly pending: boolean,
    checkoutUrl?: string,
  ) {
    super(WaftpayDismissEvent.eventName, checkoutUrl);
  }
}

/** Why a session was cancelled: the customer cancelled on the hosted page. */
export type CancelReason = 'customer';

/** The customer cancelled on the hosted page. Final: the session has ended. */
export class WaftpayCancelEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-cancel';
  constructor(
    readonly reason: CancelReason = 'customer',
    checkoutUrl?: string,
  ) {
    super(WaftpayCancelEvent.eventName, checkoutUrl);
  }
}

/** Bad configuration, a load failure or timeout, a blocked navigation, or `createSession` failed. */
export class WaftpayErrorEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-error';
  constructor(
    readonly error: WaftpayCheckoutError,
    checkoutUrl?: string,
  ) {
    super(WaftpayErrorEvent.eventName, checkoutUrl);
  }
}

/**
 * The element is about to navigate the top window to `url` (the session's `checkoutUrl`).
 * Cancelable: `preventDefault()` keeps the customer on the page (the element goes back to `idle`;
 * `open()` navigates later).
 */
export class WaftpayRedirectEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-redirect';
  constructor(readonly url: string) {
    super(WaftpayRedirectEvent.eventName, url, true);
  }
}

/**
 * Why the chosen mode could not be used: the framed page never completed the handshake (it
 * refused to be framed, or failed), or the browser blocked the popup.
 */
export type FallbackReason = 'no-handshake' | 'popup-blocked';

/**
 * The chosen mode could not be used and the element offers another (`to`) instead of a dead box;
 * the customer chooses. Listen to take over, e.g. to redirect at once.
 */
export class WaftpayFallbackEvent extends WaftpayCheckoutEvent {
  static readonly eventName = 'waftpay-fallback';
  constructor(
    readonly from: CheckoutMode,
    readonly to: CheckoutMode,
    readonly reason: FallbackReason,
    checkoutUrl?: string,
  ) {
    super(WaftpayFallbackEvent.eventName, checkoutUrl);
  }
}

/** The DOM event for an event of the session's lifecycle, of the session at `checkoutUrl`. */
export function toDomEvent(event: SessionEvent, checkoutUrl?: string): Event {
  switch (event.type) {
    case 'ready':
      return new WaftpayReadyEvent(checkoutUrl);
    case 'pending':
      return new WaftpayPendingEvent(event.info, checkoutUrl);
    case 'success':
      return new WaftpaySuccessEvent(event.result, checkoutUrl);
    case 'failure':
      return new WaftpayFailureEvent(event.result, checkoutUrl);
    case 'expired':
      return new WaftpayExpiredEvent(event.expiresAt, checkoutUrl);
    case 'dismiss':
      return new WaftpayDismissEvent(event.pending, checkoutUrl);
    case 'cancel':
      return new WaftpayCancelEvent('customer', checkoutUrl);
    case 'error':
      return new WaftpayErrorEvent(event.error, checkoutUrl);
    case 'fallback':
      return new WaftpayFallbackEvent(event.from, event.to, event.reason, checkoutUrl);
  }
}

declare global {
  interface HTMLElementEventMap {
    'waftpay-ready': WaftpayReadyEvent;
    'waftpay-pending': WaftpayPendingEvent;
    'waftpay-success': WaftpaySuccessEvent;
    'waftpay-failure': WaftpayFailureEvent;
    'waftpay-expired': WaftpayExpiredEvent;
    'waftpay-dismiss': WaftpayDismissEvent;
    'waftpay-cancel': WaftpayCancelEvent;
    'waftpay-error': WaftpayErrorEvent;
    'waftpay-redirect': WaftpayRedirectEvent;
    'waftpay-fallback': WaftpayFallbackEvent;
  }
}
