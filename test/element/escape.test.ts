import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { WaftpayCheckoutElement } from '../../src/element.js';
import { frameOf, mount, settle, typesOf } from './helpers.js';
import { waitUntil } from './wait.js';

// Esc wherever the focus is. Key presses go to the frame that has the focus: once the customer has
// clicked into the hosted page (its "Send payment prompt" button, say), Esc reaches the hosted page
// and never the shop's dialog. The host helper passes it on, over the checked channel, and the
// element does what its own Esc does. The hosted page here is on another origin (the same test
// server under the other loopback name), as Waftpay's is, so nothing is reached into: the click
// and the key are real input, sent by the browser's driver.

/** The same test server under the other loopback name: another origin, as Waftpay's is. */
const otherOrigin = `${location.protocol}//${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;

/** The protocol fixture on the other origin, speaking to this page: a text field, then 300 px. */
function crossOriginPage(options: Record<string, string> = {}): string {
  const url = new URL('/test/element/fixtures/protocol-page.html', otherOrigin);
  url.search = new URLSearchParams({
    origins: location.origin,
    height: '300',
    field: '',
    'report-focus': '',
    ...options,
  }).toString();
  return url.href;
}

const dialogOf = (element: WaftpayCheckoutElement) => element.shadowRoot!.querySelector('dialog')!;

/**
 * A real click in the hosted page's text field (at its top): the focus goes there. (WebKit does not
 * always give a frame the focus for a click on its text; a field always takes it.)
 */
async function clickIntoHostedPage(element: WaftpayCheckoutElement): Promise<void> {
  const frame = frameOf(element)!;
  // Its height follows the page's report (from the 640 px it starts at): click once it has come.
  await waitUntil(
    () => Math.round(frame.getBoundingClientRect().height) === 340,
    'the frame is not as tall as its page',
  );
  const box = frame.getBoundingClientRect();
  let focused = false;
  const listen = (event: MessageEvent) => {
    if (event.source === frame.contentWindow && event.data === 'hosted-page-focused') focused = true;
  };
  addEventListener('message', listen);
  try {
    await sendMouse({
      type: 'click',
      position: [Math.round(box.left + box.width / 2), Math.round(box.top + 20)],
    });
    // The hosted page says it has the focus (this page cannot see into it).
    await waitUntil(() => focused, 'the focus did not go into the hosted page');
  } finally {
    removeEventListener('message', listen);
  }
}

describe('Esc pressed in the hosted page (another origin)', () => {
  afterEach(() => resetMouse());

  it('overlay: it closes, as Esc in the shop’s page does (a dismissal), and the focus comes back', async () => {
    const buy = await fixture<HTMLButtonElement>(html`<button>Buy</button>`);
    buy.focus();
    const { element, events } = await mount({
      mode: 'overlay',
      'checkout-url': crossOriginPage(),
      'expect-handshake': '',
    });
    element.open();
    // With expect-handshake, ready means the page's host helper has connected.
    await oneEvent(element, 'waftpay-ready');
    await clickIntoHostedPage(element);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => element.status === 'dismissed', 'Esc in the hosted page did not close the overlay');
    expect(dialogOf(element).open).to.equal(false);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
    expect(document.activeElement === buy, 'focus back on the button that had it').to.equal(true);
    expect(document.documentElement.style.overflow, 'the page scrolls again').to.equal('');
  });

  it('overlay: an Esc the hosted page uses itself (a menu of its own) is not passed on', async () => {
    const { element, events } = await mount({
      mode: 'overlay',
      'checkout-url': crossOriginPage({ 'own-escape': '' }),
      'expect-handshake': '',
    });
    element.open();
    await oneEvent(element, 'waftpay-ready');
    await clickIntoHostedPage(element);
    await sendKeys({ press: 'Escape' });
    // Nothing more happens: the dialog stays open.
    await settle(500);
    expect(dialogOf(element).open).to.equal(true);
    expect(element.status).to.equal('ready');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    element.close();
  });

  it('iframe: nothing to close, nothing happens', async () => {
    const { element, events } = await mount({ 'checkout-url': crossOriginPage(), 'expect-handshake': '' });
    await oneEvent(element, 'waftpay-ready');
    await clickIntoHostedPage(element);
    await sendKeys({ press: 'Escape' });
    await settle(500);
    expect(element.status).to.equal('ready');
    expect(frameOf(element)).not.to.equal(null);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
  });
});
