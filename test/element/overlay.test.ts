import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { WaftpayCheckoutElement, WaftpayDismissEvent, WaftpayExpiredEvent } from '../../src/element.js';
import {
  button,
  frameOf,
  isoIn,
  mount,
  outcomeTypes,
  pageOf,
  protocolPageUrl,
  record,
  settle,
  typesOf,
  whenConnected,
  type FixtureWindow,
} from './helpers.js';

function dialogOf(element: WaftpayCheckoutElement): HTMLDialogElement {
  return element.shadowRoot!.querySelector('dialog')!;
}

function part(element: WaftpayCheckoutElement, name: string): HTMLElement | null {
  return element.shadowRoot!.querySelector(`[part~="${name}"]`);
}

/** The element's own words and buttons, as the customer reads them. */
function shown(element: WaftpayCheckoutElement): string {
  return element.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim();
}

/** A page button that had focus before the overlay opened. */
async function focusedButton(): Promise<HTMLButtonElement> {
  const button = await fixture<HTMLButtonElement>(html`<button>Buy</button>`);
  button.focus();
  return button;
}

describe('overlay mode', () => {
  afterEach(() => expect(document.documentElement.style.overflow, 'scroll released').to.equal(''));

  it('waits for open(): an open button, no frame, status idle', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    await settle(50);
    expect(element.status).to.equal('idle');
    expect(frameOf(element)).to.equal(null);
    expect(dialogOf(element).open).to.equal(false);
    expect(part(element, 'open-button')!.textContent!.trim()).to.equal('Pay with Waftpay');
    expect(events).to.deep.equal([]);
    await expect(element).to.be.accessible();
  });

  it('open(): a modal dialog holding the checkout; focus moves in; the page behind does not scroll', async () => {
    const before = await focusedButton();
    const { element } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    await element.updateComplete;
    const dialog = dialogOf(element);
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(element.hasAttribute('open')).to.equal(true);
    expect(dialog.getAttribute('aria-label')).to.equal('Waftpay checkout');
    expect(dialog.contains(frameOf(element)), 'frame in dialog').to.equal(true);
    // Elements are compared as booleans: chai cannot print an element that holds a frame.
    expect(element.shadowRoot!.activeElement === part(element, 'close-button'), 'focus on close').to.equal(
      true,
    );
    expect(document.activeElement === before, 'focus left the page').to.equal(false);
    expect(document.documentElement.style.overflow).to.equal('hidden');
    await oneEvent(element, 'waftpay-ready');
    await expect(element).to.be.accessible();
    element.close();
  });

  it('the close button dismisses: waftpay-dismiss, not an outcome; the dialog closes and focus returns', async () => {
    const before = await focusedButton();
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    part(element, 'close-button')!.click();
    const dismiss = events.at(-1) as WaftpayDismissEvent;
    expect(dismiss.type).to.equal('waftpay-dismiss');
    expect(dismiss.pending).to.equal(false);
    expect(dismiss.bubbles && dismiss.composed).to.equal(true);
    await element.updateComplete;
    expect(dialogOf(element).open).to.equal(false);
    expect(element.status).to.equal('dismissed');
    expect(element.getAttribute('status')).to.equal('dismissed');
    expect(element.hasAttribute('open')).to.equal(false);
    expect(document.activeElement === before, 'focus returned').to.equal(true);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
    expect(shown(element)).to.equal('Checkout closed before the payment was finished. Resume payment');
    expect(part(element, 'open-button')!.textContent!.trim()).to.equal('Resume payment');
    await expect(element).to.be.accessible();
  });

  it('Esc dismisses too', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => element.status === 'dismissed');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
    expect(dialogOf(element).open).to.equal(false);
  });

  it('the open attribute opens it; removing the attribute closes and dismisses', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl(), open: '' });
    expect(dialogOf(element).open).to.equal(true);
    await oneEvent(element, 'waftpay-ready');
    element.removeAttribute('open');
    await element.updateComplete;
    expect(dialogOf(element).open).to.equal(false);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
    element.setAttribute('open', '');
    await element.updateComplete;
    expect(dialogOf(element).open, 'the attribute resumes it').to.equal(true);
    expect(element.status).to.equal('ready');
    element.close();
  });

  it('the hosted page stays loaded while dismissed, and open() resumes it as it was', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    const page = await whenConnected(element);
    (page as FixtureWindow & { mark?: string }).mark = 'the same page';
    const frame = frameOf(element);
    element.close();
    await element.updateComplete;
    expect(frameOf(element) === frame, 'the frame is kept, hidden').to.equal(true);
    expect(frame!.checkVisibility()).to.equal(false);
    part(element, 'open-button')!.click();
    await element.updateComplete;
    expect(dialogOf(element).open).to.equal(true);
    expect(element.status).to.equal('ready');
    expect(frameOf(element) === frame, 'no new frame').to.equal(true);
    expect(frame!.src).to.equal(protocolPageUrl());
    expect((pageOf(element) as FixtureWindow & { mark?: string }).mark, 'not reloaded').to.equal(
      'the same page',
    );
    page.merchant.succeed({ checkoutReference: 'RESUMED' });
    await oneEvent(element, 'waftpay-success');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss', 'waftpay-success']);
    element.close();
  });

  it('dismissed while pending: pending is said, and the outcome the hidden page reports later is the one final event', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    const page = await whenConnected(element);
    page.merchant.pending({ message: 'Approve on your phone' });
    await oneEvent(element, 'waftpay-pending');
    expect(element.status).to.equal('pending');
    element.close();
    const dismiss = events.at(-1) as WaftpayDismissEvent;
    expect([dismiss.type, dismiss.pending]).to.deep.equal(['waftpay-dismiss', true]);
    await element.updateComplete;
    expect(shown(element)).to.equal(
      'If you approve the prompt on your phone, the payment still goes through and the shop will confirm it. Resume payment',
    );
    expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain(
      'still goes through',
    );
    await expect(element).to.be.accessible();
    // Approved on the phone: the hidden page hears it and reports it.
    page.merchant.succeed({ checkoutReference: 'ON-THE-PHONE' });
    await oneEvent(element, 'waftpay-success');
    page.merchant.succeed({ checkoutReference: 'AGAIN' });
    page.merchant.fail();
    await settle(50);
    expect(typesOf(events)).to.deep.equal([
      'waftpay-ready',
      'waftpay-pending',
      'waftpay-dismiss',
      'waftpay-success',
    ]);
    expect(element.status).to.equal('success');
    await element.updateComplete;
    expect(dialogOf(element).open, 'the overlay does not jump back open').to.equal(false);
    expect(shown(element)).to.equal('Payment complete.');
    expect(frameOf(element)).to.equal(null);
  });

  it('a pending report while dismissed keeps it dismissed, and resuming shows the prompt', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    const page = await whenConnected(element);
    element.close();
    page.merchant.pending({ message: 'Approve on your phone' });
    await oneEvent(element, 'waftpay-pending');
    expect(element.status).to.equal('dismissed');
    await element.updateComplete;
    expect(shown(element)).to.contain('still goes through');
    element.open();
    await element.updateComplete;
    expect(element.status).to.equal('pending');
    expect(shown(element)).to.equal('Approve on your phone');
    element.close();
    expect((events.at(-1) as WaftpayDismissEvent).pending).to.equal(true);
  });

  it('the expiry clock keeps running while dismissed', async () => {
    const { element, events } = await mount({
      mode: 'overlay',
      'checkout-url': protocolPageUrl(),
      'expires-at': isoIn(600_000),
    });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    element.close();
    // The deadline comes once dismissed, however long the page took to connect.
    const expiresAt = isoIn(100);
    element.setAttribute('expires-at', expiresAt);
    const expired = await oneEvent<WaftpayExpiredEvent>(element, 'waftpay-expired');
    expect(expired.expiresAt).to.equal(expiresAt);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss', 'waftpay-expired']);
    await element.updateComplete;
    expect(frameOf(element)).to.equal(null);
    expect(shown(element)).to.equal('This checkout has expired.');
    element.open();
    await element.updateComplete;
    expect(dialogOf(element).open, 'an ended session does not reopen').to.equal(false);
  });

  it('closing again, or closing what is not open, says nothing more', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.close();
    element.open();
    await oneEvent(element, 'waftpay-ready');
    element.close();
    element.close();
    await element.updateComplete;
    element.close();
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
  });

  it('removed while dismissed, then put back: still dismissed; resuming loads the same checkout-url', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    element.close();
    const parent = element.parentElement!;
    element.remove();
    parent.append(element);
    await element.updateComplete;
    expect(element.status).to.equal('dismissed');
    expect(button(element, 'Resume payment')).not.to.equal(undefined);
    element.open();
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    expect(frameOf(element)!.src).to.equal(protocolPageUrl());
    (await whenConnected(element)).merchant.succeed({});
    await oneEvent(element, 'waftpay-success');
    expect(typesOf(events).filter((type) => outcomeTypes.includes(type))).to.deep.equal(['waftpay-success']);
    expect(typesOf(events).filter((type) => type === 'waftpay-ready')).to.have.length(1);
    element.close();
  });

  it('an outcome shows in the dialog; closing afterwards dismisses nothing', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    (await whenConnected(element)).merchant.succeed({ checkoutReference: 'IN-OVERLAY' });
    await oneEvent(element, 'waftpay-success');
    await element.updateComplete;
    expect(dialogOf(element).open).to.equal(true);
    expect(dialogOf(element).textContent).to.contain('Payment complete');
    await expect(element).to.be.accessible();
    element.close();
    await element.updateComplete;
    expect(dialogOf(element).open).to.equal(false);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
    expect(element.shadowRoot!.querySelector('.stage')!.textContent).to.contain('Payment complete');
    element.open();
    await element.updateComplete;
    expect(dialogOf(element).open, 'an ended session does not reopen').to.equal(false);
  });

  it('removed while open: the dialog closes and the page scrolls; put back, it opens modally again', async () => {
    const { element } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    const parent = element.parentElement!;
    element.remove();
    expect(dialogOf(element).open).to.equal(false);
    expect(document.documentElement.style.overflow).to.equal('');
    const events = record(element);
    parent.append(element);
    await element.updateComplete;
    expect(dialogOf(element).matches(':modal')).to.equal(true);
    await waitUntil(() => element.status === 'ready');
    element.close();
    expect(typesOf(events)).to.deep.equal(['waftpay-dismiss']);
  });
});
