import type { CheckoutResult } from './checkout-result.js';
import type { WaftpayCheckoutError } from './errors.js';

/** Every event of the element crosses shadow roots, so a parent component or the page hears it. */
const reach = { bubbles: true, composed: true } as const;

/** The hosted page has loaded. Fired once per session. */
export class WaftpayReadyEvent extends Event {
  static readonly eventName = 'waftpay-ready';
  constructor() {
    super(WaftpayReadyEvent.eventName, reach);
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

declare global {
  interface HTMLElementEventMap {
    'waftpay-ready': WaftpayReadyEvent;
    'waftpay-success': WaftpaySuccessEvent;
    'waftpay-failure': WaftpayFailureEvent;
    'waftpay-expired': WaftpayExpiredEvent;
    'waftpay-error': WaftpayErrorEvent;
    'waftpay-redirect': WaftpayRedirectEvent;
  }
}
