import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type { WaftpayExpiredEvent } from '../../src/element.js';
import { frameOf, hostedPageUrl, isoIn, mount, settle, typesOf } from './helpers.js';

/** Pretends the page is hidden or visible, as a browser tab switch would. */
function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('expiry clock', () => {
  const realNow = Date.now;
  afterEach(() => {
    Date.now = realNow;
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('a session already expired on arrival loads nothing and ends as expired', async () => {
    const expiresAt = isoIn(-1000);
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), 'expires-at': expiresAt });
    expect(frameOf(element)).to.equal(null);
    expect(element.status).to.equal('expired');
    const event = await oneEvent<WaftpayExpiredEvent>(element, 'waftpay-expired');
    expect(event.expiresAt).to.equal(expiresAt);
    await settle(50);
    expect(typesOf(events)).to.deep.equal(['waftpay-expired']);
    expect(frameOf(element)).to.equal(null);
  });

  it('expires a live session at expires-at and removes the frame', async () => {
    // The deadline is set once the session is live: however long the page took to load.
    const { element, events } = await mount({
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(600_000),
    });
    await oneEvent(element, 'waftpay-ready');
    element.setAttribute('expires-at', isoIn(100));
    await oneEvent(element, 'waftpay-expired');
    expect(element.status).to.equal('expired');
    await element.updateComplete;
    expect(frameOf(element)).to.equal(null);
    expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('expired');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-expired']);
  });

  it('catches up at once when a tab that slept past the deadline becomes visible', async () => {
    const { element, events } = await mount({
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(3_600_000),
    });
    await oneEvent(element, 'waftpay-ready');
    setVisibility('hidden');
    // The machine sleeps for two hours; the tab's timers never ran.
    Date.now = () => realNow() + 7_200_000;
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    setVisibility('visible');
    expect(typesOf(events), 'expired synchronously on becoming visible').to.deep.equal([
      'waftpay-ready',
      'waftpay-expired',
    ]);
    expect(element.status).to.equal('expired');
  });

  it('a hidden tab does not expire early: visibility alone changes nothing', async () => {
    const { element, events } = await mount({
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(3_600_000),
    });
    await oneEvent(element, 'waftpay-ready');
    setVisibility('hidden');
    setVisibility('visible');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
  });

  it('catches up when the page is restored from the back/forward cache', async () => {
    const { element, events } = await mount({
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(3_600_000),
    });
    await oneEvent(element, 'waftpay-ready');
    Date.now = () => realNow() + 7_200_000;
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-expired']);
  });

  it('follows a changed expires-at without reloading the frame', async () => {
    const { element, events } = await mount({
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(3_600_000),
    });
    await oneEvent(element, 'waftpay-ready');
    const frame = frameOf(element);
    element.expiresAt = isoIn(150);
    await element.updateComplete;
    expect(frameOf(element)).to.equal(frame);
    await oneEvent(element, 'waftpay-expired');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-expired']);
  });

  it('removing expires-at mid-session stops the clock', async () => {
    const { element, events } = await mount({
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(600_000),
    });
    await oneEvent(element, 'waftpay-ready');
    const deadline = Date.now() + 200;
    element.setAttribute('expires-at', new Date(deadline).toISOString());
    await element.updateComplete;
    element.removeAttribute('expires-at');
    await waitUntil(() => Date.now() > deadline + 150, 'past the removed deadline');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    expect(element.status).to.equal('ready');
  });

  it('a malformed expires-at set mid-session is an error', async () => {
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), 'expires-at': isoIn(60_000) });
    await oneEvent(element, 'waftpay-ready');
    element.expiresAt = 'later';
    await element.updateComplete;
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-error']);
    expect(element.status).to.equal('error');
  });

  it('handles a deadline beyond setTimeout’s 24.8-day ceiling without firing early', async () => {
    const { element, events } = await mount({
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(60 * 24 * 3_600_000),
    });
    await oneEvent(element, 'waftpay-ready');
    await settle(100);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
  });

  it('in redirect mode, an expired session ends as expired and never navigates', async () => {
    const page = location.href;
    const { element, events } = await mount({
      mode: 'redirect',
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(-5),
    });
    await oneEvent(element, 'waftpay-expired');
    element.open();
    await settle(50);
    expect(typesOf(events)).to.deep.equal(['waftpay-expired']);
    expect(location.href).to.equal(page);
  });
});
