import { expect } from '@open-wc/testing';
import { WaftpayCheckoutElement, defineWaftpayCheckout } from '../../src/element.js';
import { hostedPageUrl, mount } from './helpers.js';

describe('creating <waftpay-checkout>', () => {
  it('is created by document.createElement', () => {
    const element = document.createElement('waftpay-checkout');
    expect(element).to.be.instanceOf(WaftpayCheckoutElement);
    expect(element.status).to.equal('idle');
  });

  it('is created by its constructor', () => {
    const element = new WaftpayCheckoutElement();
    expect(element.localName).to.equal('waftpay-checkout');
  });

  it('has the documented defaults', () => {
    const element = new WaftpayCheckoutElement();
    expect(element.mode).to.equal('iframe');
    expect(element.loadTimeout).to.equal(20000);
    expect(element.label).to.equal('Waftpay checkout');
    expect(element.debug).to.equal(false);
    expect(element.checkoutUrl).to.equal(undefined);
  });

  it('reads every attribute into its camelCase property', () => {
    const element = document.createElement('waftpay-checkout');
    element.setAttribute('checkout-url', 'https://pay.example/checkout/abc');
    element.setAttribute('mode', 'redirect');
    element.setAttribute('expires-at', '2030-01-01T00:00:00Z');
    element.setAttribute('success-redirect-url', 'https://shop.example/ok');
    element.setAttribute('fail-redirect-url', 'https://shop.example/ko');
    element.setAttribute('load-timeout', '1500');
    element.setAttribute('label', 'Pay for order 42');
    element.setAttribute('debug', '');
    expect(element.checkoutUrl).to.equal('https://pay.example/checkout/abc');
    expect(element.mode).to.equal('redirect');
    expect(element.expiresAt).to.equal('2030-01-01T00:00:00Z');
    expect(element.successRedirectUrl).to.equal('https://shop.example/ok');
    expect(element.failRedirectUrl).to.equal('https://shop.example/ko');
    expect(element.loadTimeout).to.equal(1500);
    expect(element.label).to.equal('Pay for order 42');
    expect(element.debug).to.equal(true);
  });

  it('a property drives the element like its attribute, and a later attribute change wins', async () => {
    const { element } = await mount({});
    element.checkoutUrl = hostedPageUrl({ id: 'by-property' });
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('iframe')!.src).to.contain('id=by-property');
    element.setAttribute('checkout-url', hostedPageUrl({ id: 'by-attribute' }));
    expect(element.checkoutUrl).to.contain('id=by-attribute');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('iframe')!.src).to.contain('id=by-attribute');
  });

  it('reflects status to an attribute once connected, and keeps it read-only', async () => {
    const { element } = await mount({ 'checkout-url': hostedPageUrl() });
    expect(element.getAttribute('status')).to.equal(element.status);
    expect(element.status).to.equal('loading');
    // @ts-expect-error status has no setter
    expect(() => (element.status = 'success')).to.throw(TypeError);
    expect(element.status).to.equal('loading');
  });

  it('ignores attributes it does not know', async () => {
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), colour: 'red', onload: '' });
    expect(element.status).to.equal('loading');
    expect(events).to.have.length(0);
  });

  it('uses label as the frame title', async () => {
    const { element } = await mount({ 'checkout-url': hostedPageUrl(), label: 'Pay order 7' });
    expect(element.shadowRoot!.querySelector('iframe')!.title).to.equal('Pay order 7');
    element.label = 'Pay order 8';
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('iframe')!.title).to.equal('Pay order 8');
  });
});

describe('registration', () => {
  it('is defined as waftpay-checkout by the package root', () => {
    expect(customElements.get('waftpay-checkout')).to.equal(WaftpayCheckoutElement);
  });

  it('tolerates being defined again by the same class', () => {
    expect(() => defineWaftpayCheckout()).not.to.throw();
    expect(customElements.get('waftpay-checkout')).to.equal(WaftpayCheckoutElement);
  });

  it('warns, never throws, when another class holds the tag', () => {
    class Impostor extends HTMLElement {}
    customElements.define('waftpay-checkout-impostor', Impostor);
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      expect(() => defineWaftpayCheckout('waftpay-checkout-impostor')).not.to.throw();
      // A registry takes a class once: a second tag for the same class is refused, with a warning.
      expect(() => defineWaftpayCheckout('waftpay-checkout-second-tag')).not.to.throw();
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('waftpay-checkout-impostor')).to.equal(Impostor);
    expect(customElements.get('waftpay-checkout-second-tag')).to.equal(undefined);
    expect(warnings).to.have.length(2);
  });

  it('defines nothing, silently, when there is no registry', () => {
    const warn = console.warn;
    let warned = false;
    console.warn = () => (warned = true);
    try {
      expect(() => defineWaftpayCheckout('waftpay-checkout-nowhere', null)).not.to.throw();
    } finally {
      console.warn = warn;
    }
    expect(warned).to.equal(false);
    expect(customElements.get('waftpay-checkout-nowhere')).to.equal(undefined);
  });
});
