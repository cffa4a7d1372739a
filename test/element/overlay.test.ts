import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { WaftpayCancelEvent, WaftpayCheckoutElement } from '../../src/element.js';
import { frameOf, mount, protocolPageUrl, record, settle, typesOf, whenConnected } from './helpers.js';

function dialogOf(element: WaftpayCheckoutElement): HTMLDialogElement {
  return element.shadowRoot!.querySelector('dialog')!;
}

function part(element: WaftpayCheckoutElement, name: string): HTMLElement | null {
  return element.shadowRoot!.querySelector(`[part~="${name}"]`);
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

  it('the close button cancels (closed), closes the dialog, and focus returns', async () => {
    const before = await focusedButton();
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    part(element, 'close-button')!.click();
    const cancel = (events.at(-1) as WaftpayCancelEvent) ?? {};
    expect(cancel.type).to.equal('waftpay-cancel');
    expect(cancel.reason).to.equal('closed');
    await element.updateComplete;
    expect(dialogOf(element).open).to.equal(false);
    expect(element.status).to.equal('cancelled');
    expect(element.hasAttribute('open')).to.equal(false);
    expect(document.activeElement === before, 'focus returned').to.equal(true);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-cancel']);
  });

  it('Esc cancels too', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl() });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => element.status === 'cancelled');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-cancel']);
    expect(dialogOf(element).open).to.equal(false);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('.stage')!.textContent).to.contain('Checkout cancelled.');
    await expect(element).to.be.accessible();
  });

  it('the open attribute opens it; removing the attribute closes and cancels', async () => {
    const { element, events } = await mount({ mode: 'overlay', 'checkout-url': protocolPageUrl(), open: '' });
    expect(dialogOf(element).open).to.equal(true);
    await oneEvent(element, 'waftpay-ready');
    element.removeAttribute('open');
    await element.updateComplete;
    expect(dialogOf(element).open).to.equal(false);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-cancel']);
  });

  it('an outcome shows in the dialog; closing afterwards cancels nothing', async () => {
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
    expect(typesOf(events)).to.deep.equal(['waftpay-cancel']);
  });
});
