import { expect, fixture, html } from '@open-wc/testing';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { WaftpayCheckoutElement } from '../../src/element.js';
import { renderCheckoutMarkup } from '../../src/server/render-checkout.js';
import { button, frameOf, hostedPageUrl, mount } from './helpers.js';

/** The page the markup is written into, as the shop's server knows it (the fixtures are on this one). */
const pageOrigin = 'https://shop.example';

/** The markup as this browser parses it, in an inert document: nothing loads, nothing upgrades. */
function parse(markup: string): Element {
  return new DOMParser().parseFromString(markup, 'text/html').body.firstElementChild!;
}

const attributesOf = (element: Element): Record<string, string> =>
  Object.fromEntries(element.getAttributeNames().map((name) => [name, element.getAttribute(name)!]));

describe('server-rendered markup (renderCheckoutMarkup)', () => {
  it("its frame has exactly the element's own frame's attributes", async () => {
    const url = hostedPageUrl({ id: 'server' });
    const { element } = await mount({ 'checkout-url': url, label: 'Lipa na Waftpay' });
    const own = frameOf(element)!;
    const rendered = parse(renderCheckoutMarkup({ checkoutUrl: url, label: 'Lipa na Waftpay', pageOrigin }));
    const frame = rendered.querySelector('iframe')!;
    const expected = attributesOf(own);
    // `part` styles the element's own frame from outside its shadow root; a frame in the page needs
    // none, and is shown through the element's `frame` slot.
    delete expected.part;
    expected.slot = 'frame';
    expect(attributesOf(frame)).to.deep.equal(expected);
  });

  it('writes only attributes the element reads', () => {
    const rendered = parse(
      renderCheckoutMarkup({
        checkoutUrl: hostedPageUrl(),
        mode: 'overlay',
        expiresAt: '2030-01-01T00:00:00Z',
        successRedirectUrl: 'https://shop.example/done',
        failRedirectUrl: 'https://shop.example/failed',
        allowedOrigins: ['https://pay.example'],
        loadTimeout: 5000,
        expectHandshake: true,
        debug: true,
        label: 'x',
        lang: 'fr',
        pageOrigin,
      }),
    );
    const observed = [...WaftpayCheckoutElement.observedAttributes, 'lang'];
    expect(rendered.getAttributeNames().filter((name) => !observed.includes(name))).to.deep.equal([]);
    expect(rendered.getAttributeNames()).to.have.length(11);
  });

  it('without JavaScript the page offers a link to the checkout', () => {
    const url = hostedPageUrl();
    for (const mode of ['iframe', 'overlay', 'popup', 'redirect'] as const) {
      const link = parse(renderCheckoutMarkup({ checkoutUrl: url, mode, pageOrigin })).querySelector('a')!;
      expect(link.href, mode).to.equal(url);
      expect(link.textContent, mode).to.equal('Continue on the payment page');
    }
  });

  it("on demand: the pay button is there before the script, and the element's own works once it has run", async () => {
    const markup = renderCheckoutMarkup({ onDemand: true, mode: 'popup' });
    expect(parse(markup).querySelector('button')!.textContent).to.equal('Pay with Waftpay');
    // The script has run: the element upgrades in the page, and its createSession is given.
    const container = await fixture<HTMLDivElement>(html`<div>${unsafeHTML(markup)}</div>`);
    const element = container.querySelector('waftpay-checkout')!;
    let calls = 0;
    element.createSession = () => {
      calls++;
      return new Promise(() => {});
    };
    await element.updateComplete;
    expect(element.querySelector('button')!.checkVisibility(), 'the placeholder gives way').to.equal(false);
    const opened: Window[] = [];
    const realOpen = window.open;
    window.open = (...args) => {
      const popup = realOpen.apply(window, args);
      if (popup) opened.push(popup);
      return popup;
    };
    try {
      button(element, 'Pay with Waftpay').click();
    } finally {
      window.open = realOpen;
      for (const popup of opened) popup.close();
    }
    expect(calls).to.equal(1);
    expect(opened).to.have.length(1);
  });
});
