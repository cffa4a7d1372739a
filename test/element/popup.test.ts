import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type {
  WaftpayCancelEvent,
  WaftpayErrorEvent,
  WaftpayFallbackEvent,
  WaftpaySuccessEvent,
} from '../../src/element.js';
import { hostedPageUrl, mount, protocolPageUrl, returnUrl, settle, typesOf, button } from './helpers.js';

/** Records the windows the element opens, so each test can find (and clean up) its popup. */
const opened: Window[] = [];
const realOpen = window.open;
beforeEach(() => {
  window.open = (...args: Parameters<typeof window.open>) => {
    const popup = realOpen.apply(window, args);
    if (popup) opened.push(popup);
    return popup;
  };
});
afterEach(() => {
  window.open = realOpen;
  for (const popup of opened.splice(0)) popup.close();
});

describe('popup mode', () => {
  it('waits for a click: an open button, nothing opened', async () => {
    const { element, events } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl() });
    await settle(50);
    expect(element.status).to.equal('idle');
    expect(opened).to.have.length(0);
    expect(button(element, 'Pay with Waftpay').getAttribute('part')).to.equal('open-button');
    expect(events).to.deep.equal([]);
    await expect(element).to.be.accessible();
  });

  it('opens the hosted page in a window that reports back through opener', async () => {
    const { element, events } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl() });
    button(element, 'Pay with Waftpay').click();
    expect(opened).to.have.length(1);
    expect(element.status).to.equal('loading');
    await oneEvent(element, 'waftpay-ready');
    expect(element.shadowRoot!.textContent).to.contain('Complete your payment in the Waftpay window');
    await expect(element).to.be.accessible();
    const page = opened[0] as Window & {
      merchant?: { succeed(result: object): void };
      merchantReady?: boolean;
    };
    await waitUntil(() => page.merchantReady === true, 'the popup connected');
    page.merchant!.succeed({ checkoutReference: 'BY-POPUP' });
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.result).to.deep.equal({
      status: 'SUCCESS',
      source: 'message',
      checkoutReference: 'BY-POPUP',
    });
    expect(page.closed, 'the element closes the window it opened').to.equal(true);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
  });

  it('open() right after creating the element, in the same click, opens that session', async () => {
    const { fixture, html } = await import('@open-wc/testing');
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('waftpay-checkout');
    element.mode = 'popup';
    element.checkoutUrl = protocolPageUrl({ id: 'same-click' });
    container.append(element);
    element.open();
    expect(opened).to.have.length(1);
    expect(element.status).to.equal('loading');
    await oneEvent(element, 'waftpay-ready');
  });

  it('a window the customer closes early ends the session as cancelled (closed)', async () => {
    const { element, events } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    opened[0].close();
    const cancel = await oneEvent<WaftpayCancelEvent>(element, 'waftpay-cancel');
    expect(cancel.reason).to.equal('closed');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-cancel']);
  });

  it('the window landing on the return URL ends the session, and closes', async () => {
    const { element } = await mount({
      mode: 'popup',
      'checkout-url': hostedPageUrl({ go: returnUrl('success', { checkout_reference: 'POP' }), after: 50 }),
      'success-redirect-url': returnUrl('success'),
    });
    element.open();
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.result).to.deep.equal({
      status: 'SUCCESS',
      source: 'return-url',
      checkoutReference: 'POP',
    });
    expect(opened[0].closed).to.equal(true);
  });

  it('close() closes the window and cancels; the companion view offers show and cancel', async () => {
    const { element, events } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    expect(button(element, 'Show payment window').hidden).to.equal(false);
    button(element, 'Cancel payment').click();
    expect(opened[0].closed).to.equal(true);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-cancel']);
  });

  it('a blocked window: waftpay-error (popup-blocked), then a fallback offer with a retry inside a click', async () => {
    const { element, events } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl() });
    window.open = () => null;
    element.open();
    expect(typesOf(events)).to.deep.equal(['waftpay-error', 'waftpay-fallback']);
    expect((events[0] as WaftpayErrorEvent).error.code).to.equal('popup-blocked');
    expect((events[0] as WaftpayErrorEvent).error.retryable).to.equal(true);
    const fallback = events[1] as WaftpayFallbackEvent;
    expect([fallback.from, fallback.to, fallback.reason]).to.deep.equal([
      'popup',
      'redirect',
      'popup-blocked',
    ]);
    expect(element.status).to.equal('error');
    await element.updateComplete;
    expect(element.shadowRoot!.textContent).to.contain('Your browser blocked the payment window');
    await expect(element).to.be.accessible();
    window.open = (...args: Parameters<typeof window.open>) => {
      const popup = realOpen.apply(window, args);
      if (popup) opened.push(popup);
      return popup;
    };
    button(element, 'Open payment window').click();
    expect(opened).to.have.length(1);
    await oneEvent(element, 'waftpay-ready');
  });
});
