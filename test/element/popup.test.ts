import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type {
  WaftpayDismissEvent,
  WaftpayErrorEvent,
  WaftpayFallbackEvent,
  WaftpaySuccessEvent,
} from '../../src/element.js';
import {
  button,
  hostedPageUrl,
  isoIn,
  mount,
  outcomeTypes,
  protocolPageUrl,
  returnUrl,
  settle,
  typesOf,
} from './helpers.js';
import { recordOpenedWindows, type PopupPage } from './windows.js';

const { opened, record: recordWindows } = recordOpenedWindows();

/** The customer's latest window, once its page has connected. */
async function connectedPopup(): Promise<PopupPage> {
  await waitUntil(
    () => (opened.at(-1) as PopupPage | undefined)?.merchantReady === true,
    'the popup connected',
  );
  return opened.at(-1) as PopupPage;
}

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

  it('a window the customer closes early dismisses the session: waftpay-dismiss, and a way back', async () => {
    const { element, events } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    opened[0].close();
    const dismiss = await oneEvent<WaftpayDismissEvent>(element, 'waftpay-dismiss');
    expect(dismiss.pending).to.equal(false);
    expect(element.status).to.equal('dismissed');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
    await element.updateComplete;
    expect(button(element, 'Resume payment').getAttribute('part')).to.equal('open-button');
    await expect(element).to.be.accessible();
  });

  it('closed while pending: pending is said; resuming opens the same checkout-url, and paying there ends it once', async () => {
    const url = protocolPageUrl({ id: 'resume' });
    const { element, events } = await mount({ mode: 'popup', 'checkout-url': url });
    button(element, 'Pay with Waftpay').click();
    (await connectedPopup()).merchant!.pending({ message: 'Approve on your phone' });
    await oneEvent(element, 'waftpay-pending');
    opened[0].close();
    const dismiss = await oneEvent<WaftpayDismissEvent>(element, 'waftpay-dismiss');
    expect(dismiss.pending).to.equal(true);
    await element.updateComplete;
    expect(element.shadowRoot!.textContent).to.contain('the payment still goes through');
    button(element, 'Resume payment').click();
    expect(opened).to.have.length(2);
    expect(element.status).to.equal('loading');
    const second = await connectedPopup();
    expect(second.location.href).to.equal(url);
    second.merchant!.succeed({ checkoutReference: 'RESUMED' });
    await oneEvent(element, 'waftpay-success');
    expect(second.closed).to.equal(true);
    expect(typesOf(events)).to.deep.equal([
      'waftpay-ready',
      'waftpay-pending',
      'waftpay-dismiss',
      'waftpay-success',
    ]);
  });

  it('the expiry clock keeps running while the window is closed', async () => {
    const { element, events } = await mount({
      mode: 'popup',
      'checkout-url': protocolPageUrl(),
      'expires-at': isoIn(600_000),
    });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    opened[0].close();
    await oneEvent(element, 'waftpay-dismiss');
    // The deadline comes once the window is closed, however long the window took to open.
    element.setAttribute('expires-at', isoIn(100));
    await oneEvent(element, 'waftpay-expired');
    element.open();
    expect(opened, 'an ended session opens no window').to.have.length(1);
    expect(typesOf(events).filter((type) => outcomeTypes.includes(type))).to.deep.equal(['waftpay-expired']);
  });

  it('open() while the window is open brings it forward; it does not open another', async () => {
    const { element } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    element.open();
    expect(opened).to.have.length(1);
    expect(opened[0].closed).to.equal(false);
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

  it('close() closes the window and dismisses; the companion view offers show and close', async () => {
    const { element, events } = await mount({ mode: 'popup', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    expect(button(element, 'Show payment window').hidden).to.equal(false);
    button(element, 'Close payment window').click();
    expect(opened[0].closed).to.equal(true);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
    element.close();
    await settle(300);
    expect(typesOf(events), 'the watch on the closed window says nothing more').to.deep.equal([
      'waftpay-ready',
      'waftpay-dismiss',
    ]);
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
    recordWindows();
    button(element, 'Open payment window').click();
    expect(opened).to.have.length(1);
    await oneEvent(element, 'waftpay-ready');
  });
});
