import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type {
  CreatedSession,
  WaftpayCheckoutElement,
  WaftpayDismissEvent,
  WaftpayErrorEvent,
  WaftpayFailureEvent,
  WaftpayReadyEvent,
  WaftpayRedirectEvent,
  WaftpaySuccessEvent,
} from '../../src/element.js';
import {
  button,
  frameOf,
  isoIn,
  outcomeTypes,
  pageOf,
  protocolPageUrl,
  record,
  settle,
  typesOf,
  whenConnected,
} from './helpers.js';
import { connected, recordOpenedWindows, vetoRedirects } from './windows.js';

// Sessions made on demand: no checkout-url, but `createSession`, which the element calls when the
// customer asks to pay. The shop's server is played by `Shop`: it counts the calls, and answers
// each when the test says, so that every click can be made while the session is on its way.

class Shop {
  calls = 0;
  readonly #answers: Array<{ resolve(value: unknown): void; reject(reason: unknown): void }> = [];
  /** What the element is given: counted, answered later. */
  readonly createSession = (): Promise<CreatedSession> => {
    this.calls++;
    return new Promise((resolve, reject) => this.#answers.push({ resolve, reject }));
  };

  /** Answers the oldest call with `value` (a session, or anything a shop's server might send). */
  async answer(value: unknown): Promise<void> {
    this.#answers.shift()!.resolve(value);
    await Promise.resolve();
  }

  async refuse(reason: unknown): Promise<void> {
    this.#answers.shift()!.reject(reason);
    await Promise.resolve();
  }
}

/** A session as a shop's server makes it, at a stand-in hosted page of this origin. */
function session(id: string): CreatedSession {
  return { checkoutUrl: protocolPageUrl({ id }), expiresAt: isoIn(600_000) };
}

/** Like `mount`, with `createSession` given before the element is in the page. */
async function mountOnDemand(
  attributes: Record<string, string>,
  shop: Shop,
): Promise<{ element: WaftpayCheckoutElement; events: Event[] }> {
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  const element = document.createElement('waftpay-checkout');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.createSession = shop.createSession;
  const events = record(element);
  container.append(element);
  await element.updateComplete;
  return { element, events };
}

/** The element's own words and buttons, as the customer reads them. */
function shown(element: WaftpayCheckoutElement): string {
  return element.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
}

const { opened } = recordOpenedWindows();

describe('sessions made on demand (createSession)', () => {
  vetoRedirects();

  it('iframe: asked for once the element is in the page, then the hosted page of the session made', async () => {
    const shop = new Shop();
    const { element, events } = await mountOnDemand({}, shop);
    expect(shop.calls).to.equal(1);
    expect(element.status).to.equal('loading');
    expect(frameOf(element)).to.equal(null);
    expect(shown(element)).to.contain('Preparing your checkout…');
    await expect(element).to.be.accessible();
    const made = session('made-iframe');
    await shop.answer(made);
    const ready = await oneEvent<WaftpayReadyEvent>(element, 'waftpay-ready');
    expect(ready.checkoutUrl, 'the event says which session').to.equal(made.checkoutUrl);
    expect(frameOf(element)!.src).to.equal(made.checkoutUrl);
    (await whenConnected(element)).merchant.succeed({ checkoutReference: 'ON-DEMAND' });
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.checkoutUrl).to.equal(made.checkoutUrl);
    expect(shop.calls).to.equal(1);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
    expect(element.checkoutUrl, "the page's own attribute is left as it was").to.equal(undefined);
  });

  it('overlay: one click opens the dialog at once, loading, and the checkout when the session comes', async () => {
    const shop = new Shop();
    const { element } = await mountOnDemand({ mode: 'overlay' }, shop);
    expect(shop.calls, 'nothing is asked before the customer asks to pay').to.equal(0);
    button(element, 'Pay with Waftpay').click();
    expect(shop.calls).to.equal(1);
    await element.updateComplete;
    const dialog = element.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(element.status).to.equal('loading');
    expect(dialog.textContent).to.contain('Preparing your checkout…');
    const made = session('made-overlay');
    await shop.answer(made);
    await oneEvent(element, 'waftpay-ready');
    expect(dialog.contains(frameOf(element)), 'the checkout in the dialog').to.equal(true);
    expect(frameOf(element)!.src).to.equal(made.checkoutUrl);
    element.close();
  });

  it("popup: one click opens the window within it, on the element's page in its language, then sends that window to the checkout", async () => {
    const shop = new Shop();
    const { element, events } = await mountOnDemand({ mode: 'popup', lang: 'sw' }, shop);
    button(element, 'Lipa kwa Waftpay').click();
    expect(opened, 'opened within the click, before the session exists').to.have.length(1);
    expect(shop.calls).to.equal(1);
    const popup = opened[0];
    expect(popup.document.documentElement.lang).to.equal('sw');
    expect(popup.document.body.textContent).to.equal('Tunaandaa malipo yako…');
    expect(element.status).to.equal('loading');
    const made = session('made-popup');
    const ready = oneEvent<WaftpayReadyEvent>(element, 'waftpay-ready');
    await shop.answer(made);
    const page = await connected(popup);
    expect(opened, 'the same window, sent to the checkout').to.have.length(1);
    expect(page.location.href).to.equal(made.checkoutUrl);
    expect((await ready).checkoutUrl).to.equal(made.checkoutUrl);
    page.merchant!.succeed({ checkoutReference: 'BY-POPUP' });
    await oneEvent(element, 'waftpay-success');
    expect(popup.closed).to.equal(true);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
  });

  it("redirect: one click, then waftpay-redirect to the session's URL once it is made", async () => {
    const shop = new Shop();
    const { element, events } = await mountOnDemand({ mode: 'redirect' }, shop);
    await settle(30);
    expect(shop.calls, 'nothing is asked, and nothing redirected, before a click').to.equal(0);
    expect(events).to.deep.equal([]);
    button(element, 'Pay with Waftpay').click();
    expect(shop.calls).to.equal(1);
    expect(element.status).to.equal('loading');
    const made = session('made-redirect');
    await shop.answer(made);
    const redirect = await oneEvent<WaftpayRedirectEvent>(element, 'waftpay-redirect');
    expect(redirect.url).to.equal(made.checkoutUrl);
    expect(redirect.checkoutUrl).to.equal(made.checkoutUrl);
    expect(typesOf(events)).to.deep.equal(['waftpay-redirect']);
  });

  for (const mode of ['overlay', 'popup', 'redirect'] as const) {
    it(`${mode}: a double click, and clicks while the session is on its way, make one session`, async () => {
      const shop = new Shop();
      const { element, events } = await mountOnDemand({ mode }, shop);
      const pay = button(element, 'Pay with Waftpay');
      pay.click();
      pay.click();
      element.open();
      await element.updateComplete;
      element.open();
      expect(shop.calls).to.equal(1);
      await shop.answer(session(`double-${mode}`));
      const first = mode === 'redirect' ? 'waftpay-redirect' : 'waftpay-ready';
      await oneEvent(element, first);
      // Once made, a request to pay is for that session (a vetoed redirect is asked for again).
      element.open();
      await settle(50);
      expect(shop.calls).to.equal(1);
      expect(opened).to.have.length(mode === 'popup' ? 1 : 0);
      expect(typesOf(events)).to.deep.equal(mode === 'redirect' ? [first, first] : [first]);
      element.close();
    });
  }

  it('iframe: open() while the session is on its way asks nothing more', async () => {
    const shop = new Shop();
    const { element } = await mountOnDemand({}, shop);
    element.open();
    element.open();
    expect(shop.calls).to.equal(1);
    await shop.answer(session('iframe-open'));
    await oneEvent(element, 'waftpay-ready');
    expect(shop.calls).to.equal(1);
  });

  it('a popup closed before its session comes: a dismissal, no window left, and the session that comes waits for open()', async () => {
    const shop = new Shop();
    const { element, events } = await mountOnDemand({ mode: 'popup' }, shop);
    button(element, 'Pay with Waftpay').click();
    opened[0].close();
    const dismiss = await oneEvent<WaftpayDismissEvent>(element, 'waftpay-dismiss');
    expect(dismiss.pending).to.equal(false);
    expect(dismiss.checkoutUrl, 'no session yet').to.equal(undefined);
    expect(element.status).to.equal('dismissed');
    const made = session('closed-first');
    await shop.answer(made);
    await element.updateComplete;
    await settle(50);
    expect(opened, 'no window is opened for it').to.have.length(1);
    expect(element.status).to.equal('dismissed');
    expect(typesOf(events)).to.deep.equal(['waftpay-dismiss']);
    // The customer comes back: the session made meanwhile, not a new one.
    button(element, 'Resume payment').click();
    expect(opened).to.have.length(2);
    const page = await connected(opened[1]);
    expect(page.location.href).to.equal(made.checkoutUrl);
    expect(shop.calls).to.equal(1);
    page.merchant!.succeed({ checkoutReference: 'RESUMED' });
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.checkoutUrl).to.equal(made.checkoutUrl);
  });

  it("createSession rejected: one retryable waftpay-error with the shop's reason as its cause, and no window left; Try again asks again", async () => {
    const shop = new Shop();
    const { element, events } = await mountOnDemand({ mode: 'popup' }, shop);
    button(element, 'Pay with Waftpay').click();
    const reason = new Error('The shop is closed for the night.');
    await shop.refuse(reason);
    const { error, checkoutUrl } = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
    expect(error.code).to.equal('create-session-failed');
    expect(error.retryable).to.equal(true);
    expect(error.cause).to.equal(reason);
    expect(error.message).to.contain('The shop is closed for the night.');
    expect(checkoutUrl).to.equal(undefined);
    expect(opened[0].closed, 'the waiting window is closed').to.equal(true);
    expect(element.status).to.equal('error');
    await settle(50);
    expect(typesOf(events)).to.deep.equal(['waftpay-error']);
    await element.updateComplete;
    button(element, 'Try again').click();
    expect(shop.calls).to.equal(2);
    expect(opened).to.have.length(2);
    const ready = oneEvent(element, 'waftpay-ready');
    await shop.answer(session('after-rejection'));
    await connected(opened[1]);
    await ready;
  });

  it('createSession throwing at once is the same rejection', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('waftpay-checkout');
    const reason = new TypeError('shopApi is not defined');
    element.createSession = () => {
      throw reason;
    };
    container.append(element);
    const { error } = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
    expect(error.code).to.equal('create-session-failed');
    expect(error.cause).to.equal(reason);
  });

  const broken: Array<[string, unknown, string]> = [
    ['a javascript: URL', { checkoutUrl: 'javascript:alert(1)' }, 'invalid-checkout-url'],
    [
      'plain http: to a network host',
      { checkoutUrl: 'http://pay.example/checkout/1' },
      'invalid-checkout-url',
    ],
    ['no checkout URL', { expiresAt: isoIn(60_000) }, 'missing-checkout-url'],
    ['nothing at all', undefined, 'missing-checkout-url'],
    ['a malformed expiresAt', { ...session('bad-expiry'), expiresAt: 'soon' }, 'invalid-expires-at'],
    [
      'a relative return URL',
      { ...session('bad-return'), successRedirectUrl: '/done' },
      'invalid-return-url',
    ],
  ];
  for (const [what, value, code] of broken) {
    it(`a session made with ${what} is refused as the attribute would be, and no window is left`, async () => {
      const shop = new Shop();
      const { element, events } = await mountOnDemand({ mode: 'popup' }, shop);
      button(element, 'Pay with Waftpay').click();
      await shop.answer(value);
      const { error } = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
      expect(error.code).to.equal(code);
      expect(error.retryable).to.equal(false);
      await waitUntil(() => opened[0].closed, 'the waiting window is closed');
      expect(opened).to.have.length(1);
      await settle(50);
      expect(typesOf(events)).to.deep.equal(['waftpay-error']);
    });
  }

  it("after a failure, the element's Try again asks for a new session; each event says which session it belongs to", async () => {
    const shop = new Shop();
    const { element, events } = await mountOnDemand({}, shop);
    const first = session('first');
    await shop.answer(first);
    (await whenConnected(element)).merchant.fail({ status: 'FAILED' });
    const failure = await oneEvent<WaftpayFailureEvent>(element, 'waftpay-failure');
    expect(failure.checkoutUrl).to.equal(first.checkoutUrl);
    await element.updateComplete;
    button(element, 'Try again').click();
    expect(shop.calls).to.equal(2);
    const second = session('second');
    await shop.answer(second);
    const ready = await oneEvent<WaftpayReadyEvent>(element, 'waftpay-ready');
    expect(ready.checkoutUrl).to.equal(second.checkoutUrl);
    expect(frameOf(element)!.src).to.equal(second.checkoutUrl);
    (await whenConnected(element)).merchant.succeed({ checkoutReference: 'SECOND' });
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.checkoutUrl).to.equal(second.checkoutUrl);
    await element.updateComplete;
    expect(() => button(element, 'Try again'), 'paid: nothing to try again').to.throw();
    element.open();
    expect(shop.calls).to.equal(2);
    expect(typesOf(events).filter((type) => outcomeTypes.includes(type))).to.deep.equal([
      'waftpay-failure',
      'waftpay-success',
    ]);
  });

  it('removed and put back while the session is on its way: still one call, and shown once it comes', async () => {
    const shop = new Shop();
    const { element } = await mountOnDemand({}, shop);
    const parent = element.parentElement!;
    element.remove();
    parent.append(element);
    await element.updateComplete;
    element.remove();
    const made = session('reconnected');
    await shop.answer(made);
    await element.updateComplete;
    parent.append(element);
    const ready = await oneEvent<WaftpayReadyEvent>(element, 'waftpay-ready');
    expect(ready.checkoutUrl).to.equal(made.checkoutUrl);
    expect(shop.calls).to.equal(1);
  });

  it('overlay: a dismissed session made on demand is resumed, not made again', async () => {
    const shop = new Shop();
    const { element } = await mountOnDemand({ mode: 'overlay' }, shop);
    element.open();
    await shop.answer(session('resumed'));
    const page = await whenConnected(element);
    const dismissed = oneEvent(element, 'waftpay-dismiss');
    element.close();
    await dismissed;
    await element.updateComplete;
    button(element, 'Resume payment').click();
    await element.updateComplete;
    expect(pageOf(element) === page, 'the same hosted page').to.equal(true);
    expect(shop.calls).to.equal(1);
    element.close();
  });

  it('with a checkout-url as well, that session is shown, and createSession is asked only after it ends', async () => {
    const shop = new Shop();
    const url = protocolPageUrl({ id: 'given' });
    const { element } = await mountOnDemand({ 'checkout-url': url }, shop);
    const ready = await oneEvent<WaftpayReadyEvent>(element, 'waftpay-ready');
    expect(ready.checkoutUrl).to.equal(url);
    expect(shop.calls).to.equal(0);
    (await whenConnected(element)).merchant.cancel();
    await oneEvent(element, 'waftpay-cancel');
    await element.updateComplete;
    button(element, 'Try again').click();
    expect(shop.calls).to.equal(1);
    await shop.answer(session('after-given'));
    await oneEvent(element, 'waftpay-ready');
  });
});
