import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { builtInStrings, type CheckoutLanguage, type WaftpayCheckoutElement } from '../../src/element.js';
import { hostedPageUrl, isoIn, mount, protocolPageUrl, returnUrl, whenConnected } from './helpers.js';

function shown(element: WaftpayCheckoutElement): string {
  return element.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim();
}

function announced(element: WaftpayCheckoutElement): string {
  return element.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
}

describe('the default UI, state by state (and axe on each)', () => {
  it('loading: a placeholder over the frame, announced', async () => {
    const { element } = await mount({
      'checkout-url': new URL('/__hang', location.href).href,
      'load-timeout': '60000',
    });
    expect(element.shadowRoot!.querySelector('.skeleton')).not.to.equal(null);
    expect(shown(element)).to.contain('Loading secure checkout');
    expect(announced(element)).to.equal('Loading secure checkout…');
    await expect(element).to.be.accessible();
  });

  it('ready: the frame alone; "loaded" is announced', async () => {
    const { element } = await mount({ 'checkout-url': protocolPageUrl() });
    await oneEvent(element, 'waftpay-ready');
    await element.updateComplete;
    expect(shown(element)).to.equal('');
    expect(announced(element)).to.equal('Secure checkout loaded.');
    await expect(element).to.be.accessible();
  });

  it('pending: a banner with the hosted page’s words, or ours', async () => {
    const { element } = await mount({ 'checkout-url': protocolPageUrl() });
    const page = await whenConnected(element);
    page.merchant.pending({ message: 'Check your phone for an M-Pesa prompt' });
    await oneEvent(element, 'waftpay-pending');
    await element.updateComplete;
    expect(shown(element)).to.contain('Check your phone for an M-Pesa prompt');
    await expect(element).to.be.accessible();
    page.merchant.pending();
    await oneEvent(element, 'waftpay-pending');
    await element.updateComplete;
    expect(shown(element)).to.contain('Approve the payment prompt on your phone.');
  });

  it('success, failure and expired: their messages', async () => {
    const ok = await mount({
      'checkout-url': hostedPageUrl({ go: returnUrl('success'), after: 10 }),
      'success-redirect-url': returnUrl('success'),
    });
    await oneEvent(ok.element, 'waftpay-success');
    await ok.element.updateComplete;
    expect(shown(ok.element)).to.contain('Payment complete.');
    await expect(ok.element).to.be.accessible();

    const ko = await mount({
      'checkout-url': hostedPageUrl({ id: 'ko', go: returnUrl('fail'), after: 10 }),
      'fail-redirect-url': returnUrl('fail'),
    });
    await oneEvent(ko.element, 'waftpay-failure');
    await ko.element.updateComplete;
    expect(shown(ko.element)).to.contain('The payment did not go through.');
    await expect(ko.element).to.be.accessible();

    const late = await mount({ 'checkout-url': hostedPageUrl({ id: 'late' }), 'expires-at': isoIn(-1) });
    await oneEvent(late.element, 'waftpay-expired');
    expect(shown(late.element)).to.contain('This checkout has expired.');
    await expect(late.element).to.be.accessible();
  });

  it('error: a retry button only when retrying can help', async () => {
    const timeout = await mount({
      'checkout-url': new URL('/__hang', location.href).href,
      'load-timeout': '50',
    });
    await oneEvent(timeout.element, 'waftpay-error');
    await timeout.element.updateComplete;
    expect(shown(timeout.element)).to.contain('The checkout could not be loaded.');
    const retry = timeout.element.shadowRoot!.querySelector('[part="retry-button"]')!;
    expect(retry.textContent!.trim()).to.equal('Try again');
    await expect(timeout.element).to.be.accessible();

    const config = await mount({ 'checkout-url': 'nope' });
    await oneEvent(config.element, 'waftpay-error');
    await config.element.updateComplete;
    expect(config.element.shadowRoot!.querySelector('[part="retry-button"]')).to.equal(null);
  });

  it('slots replace the default views', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('waftpay-checkout');
    element.checkoutUrl = hostedPageUrl({ id: 'slots', go: returnUrl('success'), after: 10 });
    element.successRedirectUrl = returnUrl('success');
    element.innerHTML = '<p slot="success">Asante! Your order is on its way.</p>';
    container.append(element);
    await oneEvent(element, 'waftpay-success');
    await element.updateComplete;
    const slot = element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="success"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal([
      'Asante! Your order is on its way.',
    ]);
  });
});

describe('the dismissed view', () => {
  it('its slot replaces the message; the resume button stays', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('waftpay-checkout');
    element.mode = 'overlay';
    element.checkoutUrl = protocolPageUrl();
    element.innerHTML = '<p slot="dismissed">Your basket is kept.</p>';
    container.append(element);
    element.open();
    await whenConnected(element);
    element.close();
    await element.updateComplete;
    const slot = element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="dismissed"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Your basket is kept.']);
    expect(element.shadowRoot!.querySelector('[part="open-button"]')!.textContent!.trim()).to.equal(
      'Resume payment',
    );
  });
});

describe('languages', () => {
  it('speaks Swahili when the page does, through shadow roots, and French too', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="sw-KE"></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const element = document.createElement('waftpay-checkout');
    element.mode = 'overlay';
    element.checkoutUrl = protocolPageUrl();
    root.append(element);
    await element.updateComplete;
    expect(shown(element)).to.equal('Lipa kwa Waftpay');

    const french = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl(), lang: 'fr' });
    expect(shown(french.element)).to.equal('Payer avec Waftpay');

    const other = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl(), lang: 'de' });
    expect(shown(other.element)).to.equal('Pay with Waftpay');
  });

  for (const lang of ['en', 'sw', 'fr'] as CheckoutLanguage[]) {
    it(`dismissed (${lang}): resume, and whether the phone can still pay`, async () => {
      const words = builtInStrings[lang];
      const { element } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl(), lang });
      element.open();
      const page = await whenConnected(element);
      element.close();
      await element.updateComplete;
      expect(shown(element)).to.equal(`${words.dismissed} ${words.resume}`);
      expect(announced(element)).to.equal(words.dismissed);
      element.open();
      page.merchant.pending();
      await oneEvent(element, 'waftpay-pending');
      element.close();
      await element.updateComplete;
      expect(shown(element)).to.equal(`${words.dismissedPending} ${words.resume}`);
      expect(announced(element)).to.equal(words.dismissedPending);
      await expect(element).to.be.accessible();
    });
  }

  it('the merchant can replace any sentence', async () => {
    const { element } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl(), lang: 'sw' });
    element.strings = { pay: 'Lipa sasa' };
    await element.updateComplete;
    expect(shown(element)).to.equal('Lipa sasa');
  });
});
