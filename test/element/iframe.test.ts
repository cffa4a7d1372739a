import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type { WaftpayErrorEvent, WaftpayFailureEvent, WaftpaySuccessEvent } from '../../src/element.js';
import { frameOf, hostedPageUrl, isoIn, mount, outcomeTypes, returnUrl, settle, typesOf } from './helpers.js';
import { installManualClock } from './manual-clock.js';

describe('iframe mode', () => {
  it('shows the hosted page in a sandboxed frame with exactly the tokens it needs', async () => {
    const url = hostedPageUrl();
    const { element } = await mount({ 'checkout-url': url });
    const frame = frameOf(element)!;
    expect(frame.src).to.equal(url);
    expect([...frame.sandbox].sort()).to.deep.equal(
      [
        'allow-forms',
        'allow-popups',
        'allow-popups-to-escape-sandbox',
        'allow-same-origin',
        'allow-scripts',
        'allow-top-navigation-by-user-activation',
      ].sort(),
    );
    expect(frame.allow).to.equal('payment');
    expect(frame.referrerPolicy).to.equal('strict-origin');
    expect(frame.title).to.equal('Waftpay checkout');
    expect(frame.getAttribute('part')).to.equal('frame');
  });

  it('announces loading, then fires waftpay-ready once the page has loaded', async () => {
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl() });
    expect(element.status).to.equal('loading');
    const status = element.shadowRoot!.querySelector('[role="status"]')!;
    expect(status.textContent).to.contain('Loading');
    await oneEvent(element, 'waftpay-ready');
    expect(element.status).to.equal('ready');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
  });

  it('events bubble and cross shadow roots', async () => {
    const { element } = await mount({ 'checkout-url': hostedPageUrl() });
    const event = await oneEvent(document, 'waftpay-ready');
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(event.cancelable).to.equal(false);
    expect(event.target).to.equal(element);
  });

  it('works inside another component’s shadow root', async () => {
    const { fixture, html } = await import('@open-wc/testing');
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const element = document.createElement('waftpay-checkout');
    element.checkoutUrl = hostedPageUrl({ go: returnUrl('success'), after: 10 });
    element.successRedirectUrl = returnUrl('success');
    const heard = oneEvent<WaftpaySuccessEvent>(host, 'waftpay-success');
    root.append(element);
    const event = await heard;
    expect(event.result.status).to.equal('SUCCESS');
  });

  describe('landing on a return URL', () => {
    it('ends as success with the references from the URL query', async () => {
      const back = returnUrl('success', {
        checkout_reference: 'CHK623581942',
        payment_reference: 'INV20478519',
        transaction_reference: 'TXN-1',
        payment_uuid: '5f0c8a0e-1e0f-4a43-9d6e-2b5d3f0e9a11',
        amount: '1750',
        currency: 'KES',
        unrelated: 'dropped',
      });
      const { element, events } = await mount({
        'checkout-url': hostedPageUrl({ go: back, after: 20 }),
        'success-redirect-url': returnUrl('success'),
        'fail-redirect-url': returnUrl('fail'),
      });
      const event = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
      expect(event.result).to.deep.equal({
        status: 'SUCCESS',
        source: 'return-url',
        checkoutReference: 'CHK623581942',
        paymentReference: 'INV20478519',
        transactionReference: 'TXN-1',
        paymentUuid: '5f0c8a0e-1e0f-4a43-9d6e-2b5d3f0e9a11',
        amount: 1750,
        currency: 'KES',
      });
      expect(Object.isFrozen(event.result)).to.equal(true);
      expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
      expect(element.status).to.equal('success');
      await element.updateComplete;
      expect(frameOf(element), 'the shop page is not left nested in the frame').to.equal(null);
      expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain(
        'Payment complete',
      );
    });

    it('ends as failure on the fail URL', async () => {
      const { element, events } = await mount({
        'checkout-url': hostedPageUrl({ go: returnUrl('fail', { checkout_reference: 'CHK1' }), after: 20 }),
        'success-redirect-url': returnUrl('success'),
        'fail-redirect-url': returnUrl('fail'),
      });
      const event = await oneEvent<WaftpayFailureEvent>(element, 'waftpay-failure');
      expect(event.result).to.deep.equal({
        status: 'FAILED',
        source: 'return-url',
        checkoutReference: 'CHK1',
      });
      expect(element.status).to.equal('failure');
      expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-failure']);
    });

    for (const [name, word] of [
      ['status', 'FAILED'],
      ['STATUS', 'FAILED'],
      ['state', 'failed'],
    ]) {
      it(`a landing on the success URL that says ${name}=${word} is a failure, never a success`, async () => {
        const { element, events } = await mount({
          'checkout-url': hostedPageUrl({ go: returnUrl('success', { [name]: word }), after: 20 }),
          'success-redirect-url': returnUrl('success'),
          'fail-redirect-url': returnUrl('fail'),
        });
        const event = await oneEvent<WaftpayFailureEvent>(element, 'waftpay-failure');
        expect(event.result.status).to.equal('FAILED');
        expect(event.result.source).to.equal('return-url');
        expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-failure']);
      });
    }

    it('ignores pages on this origin that are not a return URL', async () => {
      const elsewhere = new URL('./fixtures/return.html?kind=other', import.meta.url).href;
      const { element, events } = await mount({
        'checkout-url': hostedPageUrl({ go: elsewhere, after: 10 }),
        'success-redirect-url': returnUrl('success'),
      });
      await oneEvent(element, 'waftpay-ready');
      await waitUntil(() => frameOf(element)?.contentWindow?.location.href === elsewhere);
      await settle(30);
      expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
      expect(element.status).to.equal('ready');
    });
  });

  describe('exactly once', () => {
    it('an outcome ends the session: a later expiry or landing dispatches nothing', async () => {
      // The expiry only lets time pass: its clock stands still until the page has paid, however
      // long that takes, and is then moved past the deadline.
      const clock = installManualClock();
      try {
        const { element, events } = await mount({
          'checkout-url': hostedPageUrl({ go: returnUrl('success'), after: 10 }),
          'success-redirect-url': returnUrl('success'),
          'expires-at': isoIn(60_000),
        });
        await oneEvent(element, 'waftpay-success');
        clock.advance(60_001);
        expect(typesOf(events).filter((type) => outcomeTypes.includes(type))).to.deep.equal([
          'waftpay-success',
        ]);
        expect(element.status).to.equal('success');
      } finally {
        clock.uninstall();
      }
    });

    it('reconnecting after an outcome does not start the session again', async () => {
      const { element, events } = await mount({
        'checkout-url': hostedPageUrl({ go: returnUrl('success'), after: 10 }),
        'success-redirect-url': returnUrl('success'),
      });
      await oneEvent(element, 'waftpay-success');
      const parent = element.parentElement!;
      element.remove();
      parent.append(element);
      await element.updateComplete;
      await settle(100);
      expect(frameOf(element)).to.equal(null);
      expect(element.status).to.equal('success');
      expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
    });

    it('changing mode after an outcome does not start the session again', async () => {
      const { element, events } = await mount({
        'checkout-url': hostedPageUrl({ go: returnUrl('fail'), after: 10 }),
        'fail-redirect-url': returnUrl('fail'),
      });
      await oneEvent(element, 'waftpay-failure');
      element.mode = 'redirect';
      await element.updateComplete;
      await settle(50);
      expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-failure']);
    });

    it('a new checkout-url is a new session with its own outcome', async () => {
      const { element, events } = await mount({
        'checkout-url': hostedPageUrl({ id: 'first', go: returnUrl('success'), after: 10 }),
        'success-redirect-url': returnUrl('success'),
      });
      await oneEvent(element, 'waftpay-success');
      element.checkoutUrl = hostedPageUrl({ id: 'second', go: returnUrl('success'), after: 10 });
      await element.updateComplete;
      expect(element.status).to.equal('loading');
      await oneEvent(element, 'waftpay-success');
      expect(typesOf(events)).to.deep.equal([
        'waftpay-ready',
        'waftpay-success',
        'waftpay-ready',
        'waftpay-success',
      ]);
    });

    it('replacing checkout-url mid-session discards the old frame and its late landing', async () => {
      const { element, events } = await mount({
        'checkout-url': hostedPageUrl({ id: 'old', go: returnUrl('success'), after: 150 }),
        'success-redirect-url': returnUrl('success'),
      });
      await oneEvent(element, 'waftpay-ready');
      const oldFrame = frameOf(element);
      element.checkoutUrl = hostedPageUrl({ id: 'new' });
      await element.updateComplete;
      expect(frameOf(element)).not.to.equal(oldFrame);
      expect(oldFrame!.isConnected).to.equal(false);
      await oneEvent(element, 'waftpay-ready');
      await settle(300);
      expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-ready']);
      expect(element.status).to.equal('ready');
    });
  });

  describe('load-timeout', () => {
    it('a page that never loads → waftpay-error (load-timeout), frame removed', async () => {
      const { element, events } = await mount({
        'checkout-url': new URL('/__hang', location.href).href,
        'load-timeout': '150',
      });
      const event = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
      expect(event.error.code).to.equal('load-timeout');
      expect(event.error.retryable).to.equal(true);
      expect(event.error.message).to.contain('150 ms');
      expect(element.status).to.equal('error');
      await element.updateComplete;
      expect(frameOf(element)).to.equal(null);
      expect(typesOf(events)).to.deep.equal(['waftpay-error']);
    });

    it('retry() presents the same session again, and it loads once the server is back', async () => {
      const key = `retry-${Math.random()}`;
      const { element, events } = await mount({
        'checkout-url': new URL(`/__hang?key=${key}`, location.href).href,
        'load-timeout': '100',
      });
      await oneEvent(element, 'waftpay-error');
      await fetch(`/__hang/back?key=${key}`);
      // The page now has time to load (a redirect, then the page), however busy the machine.
      element.loadTimeout = 5000;
      element.retry();
      await element.updateComplete;
      expect(element.status).to.equal('loading');
      expect(frameOf(element)).not.to.equal(null);
      await oneEvent(element, 'waftpay-ready');
      expect(typesOf(events)).to.deep.equal(['waftpay-error', 'waftpay-ready']);
      expect(element.status).to.equal('ready');
    });

    it('retry() does nothing unless the element is in error', async () => {
      const { element, events } = await mount({ 'checkout-url': hostedPageUrl() });
      await oneEvent(element, 'waftpay-ready');
      const frame = frameOf(element);
      element.retry();
      await element.updateComplete;
      expect(frameOf(element)).to.equal(frame);
      expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    });

    it('a page that loads in time clears the timer', async () => {
      // The load timeout's clock stands still while the page loads, however long that takes, and
      // is then moved well past it.
      const clock = installManualClock();
      try {
        const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), 'load-timeout': '1500' });
        await oneEvent(element, 'waftpay-ready');
        clock.advance(10_000);
        expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
        expect(element.status).to.equal('ready');
      } finally {
        clock.uninstall();
      }
    });

    it('a nonsensical load-timeout falls back to the default', async () => {
      const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), 'load-timeout': 'soon' });
      expect(Number.isNaN(element.loadTimeout)).to.equal(true);
      await oneEvent(element, 'waftpay-ready');
      expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    });
  });

  describe('debug', () => {
    it('logs state changes and ignored signals only when asked', async () => {
      const logs: string[] = [];
      const debug = console.debug;
      console.debug = (message: string) => logs.push(message);
      try {
        const quiet = await mount({ 'checkout-url': hostedPageUrl() });
        await oneEvent(quiet.element, 'waftpay-ready');
        expect(logs).to.deep.equal([]);
        const loud = await mount({ 'checkout-url': hostedPageUrl(), debug: '' });
        await oneEvent(loud.element, 'waftpay-ready');
        loud.element.retry();
      } finally {
        console.debug = debug;
      }
      expect(logs.join('\n')).to.contain('status loading → ready');
      expect(logs.join('\n')).to.contain('retry() ignored');
    });
  });
});
