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

/** Every event of the element crosses shadow roots, so a parent component or the page hears it. */
const reach = { bubbles: true, composed: true } as const;

/** The hosted page has loaded. Fired once per session. */
export class WaftpayReadyEvent extends Event {
  static readonly eventName = 'waftpay-ready';
  constructor() {
    super(WaftpayReadyEvent.eventName, reach);
  }
}

/**
 * The hosted page waits on the customer (for example, to approve a prompt on their phone). Not an
 * outcome: success, failure, expiry or cancel follows, even after a dismissal.
 */
export class WaftpayPendingEvent extends Event {
  static readonly eventName = 'waftpay-pending';
  constructor(readonly info: PendingInfo) {
    super(WaftpayPendingEvent.eventName, reach);
  }
}

/** The payment succeeded. Advisory: fulfil the order from your server, not from this event. */
export class WaftpaySuccessEvent extends Event {
  static readonly eventName = 'waftpay-success';
  constructor(readonly result: CheckoutResult) {
    super(WaftpaySuccessEvent.eventName, reach);
  }
}

/** The payment failed or was declined. */
export class WaftpayFailureEvent extends Event {
  static readonly eventName = 'waftpay-failure';
  constructor(readonly result: CheckoutResult) {
    super(WaftpayFailureEvent.eventName, reach);
  }
}

/** The session reached `expires-at` with no outcome. */
export class WaftpayExpiredEvent extends Event {
  static readonly eventName = 'waftpay-expired';
  constructor(readonly expiresAt: string) {
    super(WaftpayExpiredEvent.eventName, reach);
  }
}

/**
 * The customer closed the overlay or the popup before an outcome. Not an outcome: the session
 * stays open until it ends or expires (a prompt on the customer's phone may still be approved),
 * its outcome is still reported if the page is still there to report it (overlay), and `open()`
 * resumes it at the same `checkout-url`.
 */
export class WaftpayDismissEvent extends Event {
  static readonly eventName = 'waftpay-dismiss';
  /** @param pending The hosted page had reported pending: a payment prompt may still be approved. */
  constructor(readonly pending: boolean) {
    super(WaftpayDismissEvent.eventName, reach);
  }
}

/** Why a session was cancelled: the customer cancelled on the hosted page. */
export type CancelReason = 'customer';

/** The customer cancelled on the hosted page. Final: the session has ended. */
export class WaftpayCancelEvent extends Event {
  static readonly eventName = 'waftpay-cancel';
  constructor(readonly reason: CancelReason = 'customer') {
    super(WaftpayCancelEvent.eventName, reach);
  }
}

/** Bad configuration, a load failure or timeout, or a blocked navigation. */
export class WaftpayErrorEvent extends Event {
  static readonly eventName = 'waftpay-error';
  constructor(readonly error: WaftpayCheckoutError) {
    super(WaftpayErrorEvent.eventName, reach);
  }
}

/**
 * The element is about to navigate the top window to `url`. Cancelable: `preventDefault()`
 * keeps the customer on the page (the element goes back to `idle`; `open()` navigates later).
 */
export class WaftpayRedirectEvent extends Event {
  static readonly eventName = 'waftpay-redirect';
  constructor(readonly url: string) {
    super(WaftpayRedirectEvent.eventName, { ...reach, cancelable: true });
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
export class WaftpayFallbackEvent extends Event {
  static readonly eventName = 'waftpay-fallback';
  constructor(
    readonly from: CheckoutMode,
    readonly to: CheckoutMode,
    readonly reason: FallbackReason,
  ) {
    super(WaftpayFallbackEvent.eventName, reach);
  }
}

/** The DOM event for an event of the session's lifecycle. */
export function toDomEvent(event: SessionEvent): Event {
  switch (event.type) {
    case 'ready':
      return new WaftpayReadyEvent();
    case 'pending':
      return new WaftpayPendingEvent(event.info);
    case 'success':
      return new WaftpaySuccessEvent(event.result);
    case 'failure':
      return new WaftpayFailureEvent(event.result);
    case 'expired':
      return new WaftpayExpiredEvent(event.expiresAt);
    case 'dismiss':
      return new WaftpayDismissEvent(event.pending);
    case 'cancel':
      return new WaftpayCancelEvent('customer');
    case 'error':
      return new WaftpayErrorEvent(event.error);
    case 'fallback':
      return new WaftpayFallbackEvent(event.from, event.to, event.reason);
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
