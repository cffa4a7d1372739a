// Compiled, never run: the template props Vue sees for <waftpay-checkout>.
import type { WaftpayCheckoutVueProps } from 'waftpay-checkout/vue';
import type { WaftpayCancelEvent } from 'waftpay-checkout/element';

export const props: WaftpayCheckoutVueProps = {
  checkoutUrl: 'https://pay.example/checkout/1',
  mode: 'overlay',
  opened: true,
  onWaftpaySuccess: (event) => event.result.status,
  onWaftpayFallback: (event) => event.reason,
  onWaftpayDismiss: (event) => event.pending,
  onWaftpayCancel: (event) => event.reason,
};
// @ts-expect-error not a mode
export const badMode: WaftpayCheckoutVueProps = { mode: 'modal' };
export const badHandler: WaftpayCheckoutVueProps = {
  // @ts-expect-error a success handler does not get a cancel event
  onWaftpaySuccess: (event: WaftpayCancelEvent) => event.reason,
};
export const badDismiss: WaftpayCheckoutVueProps = {
  // @ts-expect-error a dismissal carries no result
  onWaftpayDismiss: (event) => event.result,
};
// @ts-expect-error no such event
export const badEvent: WaftpayCheckoutVueProps = { onWaftpaySucess: () => undefined };
export const onDemand: WaftpayCheckoutVueProps = {
  createSession: async () => ({ checkoutUrl: 'https://pay.example/checkout/1' }),
};
// @ts-expect-error createSession resolves to the session, not to its URL
export const badCreate: WaftpayCheckoutVueProps = { createSession: async () => 'https://pay.example/1' };
// @ts-expect-error `open` is the element's method: the prop is `opened`
export const openProp: WaftpayCheckoutVueProps = { open: true };
