/**
 * The package root: importing it defines `<waftpay-checkout>` (in a browser; nothing happens on
 * a server). Use `waftpay-checkout/element` to import without defining.
 */
import { defineWaftpayCheckout } from './element/define.js';

export * from './element.js';

defineWaftpayCheckout();
