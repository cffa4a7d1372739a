/** `waftpay-checkout/host`: for the hosted checkout page itself (see {@link connectToMerchant}). */
export * from './host/connect-to-merchant.js';
