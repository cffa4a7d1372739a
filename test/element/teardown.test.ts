import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { frameOf, hostedPageUrl, isoIn, mount, record, settle, typesOf } from './helpers.js';
import { trackResources, type ResourceTracker } from './resource-tracker.js';
import { skipUnless } from './engine-support.js';

describe('teardown and reconnection', () => {
  let tracker: ResourceTracker | undefined;
  afterEach(() => tracker?.stop());

  it('removing the element leaves no timer, no listener and no frame behind', async () => {
    tracker = trackResources();
    const { element } = await mount({
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(3_600_000),
      'load-timeout': '60000',
    });
    await oneEvent(element, 'waftpay-ready');
    expect(tracker.pendingTimers(), 'the expiry clock is running').to.be.greaterThan(0);
    expect(tracker.activeListeners()).to.include.members(['document:visibilitychange', 'window:pageshow']);
    const frame = frameOf(element)!;
    element.remove();
    await element.updateComplete;
    expect(tracker.pendingTimers()).to.equal(0);
    expect(tracker.activeListeners()).to.deep.equal([]);
    expect(frame.isConnected).to.equal(false);
    expect(frameOf(element)).to.equal(null);
    expect(element.status).to.equal('idle');
  });

  it('removing it while loading clears the load timer', async () => {
    tracker = trackResources();
    const { element, events } = await mount({
      'checkout-url': new URL('/__hang', location.href).href,
      'load-timeout': '100',
    });
    expect(tracker.pendingTimers()).to.be.greaterThan(0);
    element.remove();
    await settle(200);
    expect(tracker.pendingTimers()).to.equal(0);
    expect(typesOf(events)).to.deep.equal([]);
  });

  it('removing it in redirect mode before the redirect leaves nothing behind', async () => {
    tracker = trackResources();
    const { element, events } = await mount({
      mode: 'redirect',
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(3_600_000),
    });
    element.remove();
    await settle(30);
    expect(tracker.pendingTimers()).to.equal(0);
    expect(tracker.activeListeners()).to.deep.equal([]);
    expect(typesOf(events)).to.deep.equal([]);
  });

  it('putting it back starts cleanly: a fresh frame, one ready per session', async () => {
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl() });
    await oneEvent(element, 'waftpay-ready');
    const parent = element.parentElement!;
    const first = frameOf(element);
    element.remove();
    parent.append(element);
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    const second = frameOf(element);
    expect(second).not.to.equal(null);
    expect(second).not.to.equal(first);
    await new Promise((resolve) => second!.addEventListener('load', resolve, { once: true }));
    await element.updateComplete;
    expect(element.status).to.equal('ready');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
  });

  it('an already-expired session removed before its event is announced when it comes back', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('waftpay-checkout');
    element.checkoutUrl = hostedPageUrl();
    element.expiresAt = isoIn(-1000);
    const events = record(element);
    container.append(element);
    await element.updateComplete;
    element.remove();
    await settle(20);
    expect(typesOf(events)).to.deep.equal([]);
    container.append(element);
    await oneEvent(element, 'waftpay-expired');
    expect(typesOf(events)).to.deep.equal(['waftpay-expired']);
  });

  it('moving it with moveBefore() keeps the session and its frame', async function (this: Mocha.Context) {
    skipUnless(
      this,
      'moveBefore' in Element.prototype,
      'no Element.prototype.moveBefore in this engine (a move is a disconnect and a connect there)',
    );
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl() });
    await oneEvent(element, 'waftpay-ready');
    const frame = frameOf(element);
    const elsewhere = await fixture<HTMLDivElement>(html`<div></div>`);
    (elsewhere as unknown as { moveBefore(node: Node, child: Node | null): void }).moveBefore(element, null);
    await element.updateComplete;
    await settle(50);
    expect(element.parentElement).to.equal(elsewhere);
    expect(frameOf(element)).to.equal(frame);
    expect(element.status).to.equal('ready');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
  });
});
