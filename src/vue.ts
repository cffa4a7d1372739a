/**
 * `waftpay-checkout/vue`: what Vue 3 needs to use `<waftpay-checkout>`. Tell Vue's compiler the tag
 * is a custom element, and (with `import type {} from 'waftpay-checkout/vue'`) get typed props and
 * events in templates.
 *
 * @example
 * // vite.config.ts
 * vue({ template: { compilerOptions: { isCustomElement } } })
 */
import type { DefineComponent } from 'vue';
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
import type { CheckoutMode } from './mode.js';
import type { CheckoutStrings } from './strings.js';

/** For Vue's `compilerOptions.isCustomElement`: true for `waftpay-checkout`. */
export function isCustomElement(tag: string): boolean {
  return tag === 'waftpay-checkout';
}

/** The element's props and events, as Vue templates see them. */
export interface WaftpayCheckoutVueProps {
  checkoutUrl?: string;
  mode?: CheckoutMode;
  expiresAt?: string;
  successRedirectUrl?: string;
  failRedirectUrl?: string;
  allowedOrigins?: string;
  expectHandshake?: boolean;
  open?: boolean;
  loadTimeout?: number;
  label?: string;
  debug?: boolean;
  strings?: Partial<CheckoutStrings>;
  onWaftpayReady?: (event: WaftpayReadyEvent) => void;
  onWaftpayPending?: (event: WaftpayPendingEvent) => void;
  onWaftpaySuccess?: (event: WaftpaySuccessEvent) => void;
  onWaftpayFailure?: (event: WaftpayFailureEvent) => void;
  onWaftpayExpired?: (event: WaftpayExpiredEvent) => void;
  onWaftpayCancel?: (event: WaftpayCancelEvent) => void;
  onWaftpayError?: (event: WaftpayErrorEvent) => void;
  onWaftpayRedirect?: (event: WaftpayRedirectEvent) => void;
  onWaftpayFallback?: (event: WaftpayFallbackEvent) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'waftpay-checkout': DefineComponent<WaftpayCheckoutVueProps>;
  }
}
