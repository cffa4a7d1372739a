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
import type { WaftpayEventName } from '../element/events.js';
import type { CheckoutMode } from '../element/mode.js';
import type { CreatedSession } from '../element/session-config.js';
import type { CheckoutStrings } from '../element/strings.js';

/** For Vue's `compilerOptions.isCustomElement`: true for `waftpay-checkout`. */
export function isCustomElement(tag: string): boolean {
  return tag === 'waftpay-checkout';
}

/** `@waftpay-success` in a template is the prop `onWaftpaySuccess`, typed with its event. */
type VueEvents = {
  [N in WaftpayEventName as `onWaftpay${Capitalize<N>}`]?: (
    event: HTMLElementEventMap[`waftpay-${N}`],
  ) => void;
};

/** The element's props and events, as Vue templates see them. */
export interface WaftpayCheckoutVueProps extends VueEvents {
  checkoutUrl?: string;
  /**
   * Makes the session when the customer asks to pay, instead of `checkoutUrl` (see the element's
   * `createSession`). Bind it as `:createSession`: a function is a property, never an attribute.
   */
  createSession?: () => Promise<CreatedSession>;
  mode?: CheckoutMode;
  expiresAt?: string;
  successRedirectUrl?: string;
  failRedirectUrl?: string;
  allowedOrigins?: string;
  expectHandshake?: boolean;
  /**
   * The overlay is open (the `open` attribute). Bind `:opened`: `open` is also the element's
   * method, which Vue would replace with the value.
   */
  opened?: boolean;
  loadTimeout?: number;
  label?: string;
  debug?: boolean;
  strings?: Partial<CheckoutStrings>;
}

declare module 'vue' {
  interface GlobalComponents {
    'waftpay-checkout': DefineComponent<WaftpayCheckoutVueProps>;
  }
}
