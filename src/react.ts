/** `waftpay-checkout/react`: `<WaftpayCheckout>` for React. */
export * from './adapters/react.js';
