import { WaftpayCheckoutElement } from './waftpay-checkout-element.js';

/**
 * Registers {@link WaftpayCheckoutElement} under `tagName`. Safe to call more than once and from
 * more than one copy of the package: the same class already registered is left alone; another
 * class holding the tag gets a warning, never an exception; outside a browser (server rendering,
 * where Lit installs a stand-in registry) nothing is registered.
 */
export function defineWaftpayCheckout(
  tagName = 'waftpay-checkout',
  registry: CustomElementRegistry | null = globalThis.window?.customElements ?? null,
): void {
  if (!registry) return;
  const existing = registry.get(tagName);
  if (existing === WaftpayCheckoutElement) return;
  if (existing) {
    console.warn(
      `<${tagName}> is already defined by another class (a second copy of waftpay-checkout?); keeping that one.`,
    );
    return;
  }
  try {
    registry.define(tagName, WaftpayCheckoutElement);
  } catch (error) {
    // A registry accepts a class once: it is already registered under another name.
    console.warn(`<${tagName}> could not be defined:`, error);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'waftpay-checkout': WaftpayCheckoutElement;
  }
}
