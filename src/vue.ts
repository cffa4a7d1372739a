/** `waftpay-checkout/vue`: typings and the compiler option Vue needs. */
export * from './adapters/vue.js';
