import { expect, oneEvent } from '@open-wc/testing';
import type { WaftpayErrorEvent, WaftpayFallbackEvent, WaftpayRedirectEvent } from '../../src/element.js';
import { frameOf, hostedPageUrl, mount, protocolPageUrl, settle, typesOf, button } from './helpers.js';
import { installManualClock } from './manual-clock.js';
import { waitUntil } from './wait.js';

describe('fallback when the frame cannot be used', () => {
  it('expect-handshake and a page that never says hello: the frame goes, popup and redirect are offered', async () => {
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), 'expect-handshake': '' });
    const fallback = await oneEvent<WaftpayFallbackEvent>(element, 'waftpay-fallback');
    expect([fallback.from, fallback.to, fallback.reason]).to.deep.equal(['iframe', 'popup', 'no-handshake']);
    await element.updateComplete;
    expect(frameOf(element)).to.equal(null);
    expect(element.status).to.equal('idle');
    expect(element.shadowRoot!.textContent).to.contain('The payment page cannot be shown here.');
    expect(typesOf(events)).to.deep.equal(['waftpay-fallback']);
    await expect(element).to.be.accessible();

    const vetoed = oneEvent<WaftpayRedirectEvent>(element, 'waftpay-redirect');
    element.addEventListener('waftpay-redirect', (event) => event.preventDefault(), { once: true });
    button(element, 'Continue on the payment page').click();
    expect((await vetoed).url).to.equal(hostedPageUrl());
  });

  it('a page that speaks the protocol is ready on its hello; no fallback', async () => {
    // The handshake grace (2 s after the frame is shown) only lets time pass: the element's timers
    // run on a clock the test moves.
    const clock = installManualClock();
    let mounted: Awaited<ReturnType<typeof mount>>;
    try {
      mounted = await mount({ 'checkout-url': protocolPageUrl(), 'expect-handshake': '' });
      await oneEvent(mounted.element, 'waftpay-ready');
      // Well past the grace, well short of the load timeout (20 s).
      clock.advance(10_000);
    } finally {
      clock.uninstall();
    }
    // Nothing more happens: had the grace asked the server, its answer would be here by now.
    await settle(300);
    expect(typesOf(mounted.events)).to.deep.equal(['waftpay-ready']);
    expect(frameOf(mounted.element)).not.to.equal(null);
  });

  it('expect-handshake and a page that never loads: an error at load-timeout (nothing to fall back from)', async () => {
    const { element, events } = await mount({
      'checkout-url': new URL('/__hang', location.href).href,
      'expect-handshake': '',
      'load-timeout': '150',
    });
    const { error } = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
    expect(error.code).to.equal('load-timeout');
    expect(typesOf(events)).to.deep.equal(['waftpay-error']);
  });

  it('expect-handshake and a server that refuses framing: the fallback, not an error', async () => {
    // Every engine fires `load` at the refused frame; what it shows there differs.
    const { element, events } = await mount({
      'checkout-url': new URL('/__refuse-framing', location.href).href,
      'expect-handshake': '',
    });
    const fallback = await oneEvent<WaftpayFallbackEvent>(element, 'waftpay-fallback');
    expect([fallback.from, fallback.to, fallback.reason]).to.deep.equal(['iframe', 'popup', 'no-handshake']);
    expect(typesOf(events)).to.deep.equal(['waftpay-fallback']);
  });

  it('expect-handshake and a server that answers slower than the grace: load-timeout, not load-failed', async () => {
    // The frame neither loads nor errs within the grace, so its server is asked, and keeps the
    // question waiting too: that is no proof it is down.
    const { element, events } = await mount({
      'checkout-url': new URL('/__hang', location.href).href,
      'expect-handshake': '',
      'load-timeout': '3000',
    });
    const { error } = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
    expect(error.code).to.equal('load-timeout');
    expect(typesOf(events)).to.deep.equal(['waftpay-error']);
  });

  it('expect-handshake and a server that is down: load-failed, retryable, not a fallback', async () => {
    // Chromium loads an error page into the frame; Firefox and WebKit load nothing and say
    // nothing. Each is told apart from a refusal by asking the server.
    const port = await (await fetch('/__closed-port')).text();
    const { element, events } = await mount({
      'checkout-url': `http://127.0.0.1:${port}/checkout/x`,
      'expect-handshake': '',
    });
    const { error } = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
    expect(error.code).to.equal('load-failed');
    expect(error.retryable).to.equal(true);
    expect(typesOf(events)).to.deep.equal(['waftpay-error']);
  });

  describe('in a browser without AbortSignal.timeout and .any (Firefox 93, Safari 15.4)', () => {
    const signal = AbortSignal as unknown as Record<'timeout' | 'any', unknown>;
    const { timeout, any } = signal;
    // Put back even when a test times out (its own code never gets to).
    afterEach(() => Object.assign(signal, { timeout, any }));

    it('a server that is down: load-failed', async () => {
      signal.timeout = undefined;
      signal.any = undefined;
      const port = await (await fetch('/__closed-port')).text();
      const { element } = await mount({
        'checkout-url': `http://127.0.0.1:${port}/checkout/x`,
        'expect-handshake': '',
      });
      const { error } = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
      expect(error.code).to.equal('load-failed');
    });
  });

  it('expect-handshake and a port browsers refuse to connect to: load-failed', async () => {
    // Port 1 is on the Fetch standard's list of bad ports: Chromium loads an error page, Firefox
    // fires `error`, WebKit makes no window for the frame at all.
    const { element, events } = await mount({
      'checkout-url': 'http://127.0.0.1:1/checkout/x',
      'expect-handshake': '',
    });
    const { error } = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
    expect(error.code).to.equal('load-failed');
    expect(typesOf(events)).to.deep.equal(['waftpay-error']);
  });

  it('in overlay mode the offer shows in the dialog; closing it dismisses; resuming shows it again', async () => {
    const { element, events } = await mount({
      mode: 'overlay',
      'checkout-url': hostedPageUrl(),
      'expect-handshake': '',
    });
    element.open();
    const fallback = await oneEvent<WaftpayFallbackEvent>(element, 'waftpay-fallback');
    expect(fallback.from).to.equal('overlay');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('dialog')!.textContent).to.contain('cannot be shown here');
    element.close();
    expect(typesOf(events)).to.deep.equal(['waftpay-fallback', 'waftpay-dismiss']);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('dialog')!.open).to.equal(false);
    element.open();
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('dialog')!.textContent).to.contain('cannot be shown here');
    expect(frameOf(element), 'the frame that cannot be used is not tried again').to.equal(null);
    element.close();
  });

  it('a popup opened from the offer and closed early: dismissed; resuming opens the popup again', async () => {
    const opened: Window[] = [];
    const realOpen = window.open;
    window.open = (...args: Parameters<typeof window.open>) => {
      const popup = realOpen.apply(window, args);
      if (popup) opened.push(popup);
      return popup;
    };
    try {
      const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), 'expect-handshake': '' });
      await oneEvent(element, 'waftpay-fallback');
      await element.updateComplete;
      button(element, 'Open payment window').click();
      expect(element.status).to.equal('loading');
      opened[0].close();
      await oneEvent(element, 'waftpay-dismiss');
      await element.updateComplete;
      button(element, 'Resume payment').click();
      expect(opened).to.have.length(2);
      expect(frameOf(element)).to.equal(null);
      await waitUntil(() => opened[1].location.href === hostedPageUrl(), 'the same checkout-url');
      expect(typesOf(events)).to.deep.equal(['waftpay-fallback', 'waftpay-dismiss']);
    } finally {
      window.open = realOpen;
      for (const popup of opened) popup.close();
    }
  });
});
