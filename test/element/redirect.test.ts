import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { WaftpayCheckoutElement, WaftpayErrorEvent, WaftpayRedirectEvent } from '../../src/element.js';
import { hostedPageUrl, isoIn, mount, record, settle, typesOf, untilRecorded } from './helpers.js';
import { waitUntil } from './wait.js';
import { vetoRedirects } from './windows.js';

describe('redirect mode', () => {
  vetoRedirects();

  it('dispatches a cancelable waftpay-redirect with the URL; a veto keeps the page', async () => {
    const page = location.href;
    const url = hostedPageUrl({ id: 'redirect' });
    const { element, events } = await mount({ mode: 'redirect', 'checkout-url': url });
    const event = await oneEvent<WaftpayRedirectEvent>(element, 'waftpay-redirect');
    expect(event.url).to.equal(url);
    expect(event.cancelable).to.equal(true);
    expect(event.defaultPrevented).to.equal(true);
    expect(element.status).to.equal('idle');
    await settle(50);
    expect(location.href).to.equal(page);
    expect(typesOf(events)).to.deep.equal(['waftpay-redirect']);
    expect(element.shadowRoot!.querySelector('iframe')).to.equal(null);
  });

  it('set up attribute by attribute (an error until the URL comes), vetoed: the status attribute says idle', async () => {
    // As a page script configures it: the element is in the document before it has a URL.
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('waftpay-checkout');
    container.append(element);
    element.setAttribute('mode', 'redirect');
    await element.updateComplete;
    expect(element.getAttribute('status')).to.equal('error');
    element.setAttribute('checkout-url', hostedPageUrl({ id: 'later' }));
    await oneEvent(element, 'waftpay-redirect');
    expect(element.status).to.equal('idle');
    expect(element.getAttribute('status')).to.equal('idle');
  });

  it('is heard by a listener added right after the element is inserted', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('waftpay-checkout');
    element.mode = 'redirect';
    element.checkoutUrl = hostedPageUrl();
    container.append(element);
    await Promise.resolve();
    // Same task as the insertion, after a microtask: Lit has already rendered by now.
    const events = record(element);
    await untilRecorded(events);
    await settle(30);
    expect(typesOf(events)).to.deep.equal(['waftpay-redirect']);
  });

  it('after a veto: a button to continue, and the state is accessible', async () => {
    const { element } = await mount({ mode: 'redirect', 'checkout-url': hostedPageUrl() });
    await oneEvent(element, 'waftpay-redirect');
    await element.updateComplete;
    const button = element.shadowRoot!.querySelector('[part="open-button"]')!;
    expect(button.textContent!.trim()).to.equal('Pay with Waftpay');
    await expect(element).to.be.accessible();
  });

  it('open() navigates on demand after a veto (and asks again)', async () => {
    const { element, events } = await mount({ mode: 'redirect', 'checkout-url': hostedPageUrl() });
    await oneEvent(element, 'waftpay-redirect');
    element.open();
    expect(typesOf(events)).to.deep.equal(['waftpay-redirect', 'waftpay-redirect']);
  });

  it('open() does nothing in iframe mode', async () => {
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl() });
    element.open();
    await settle(20);
    expect(typesOf(events)).not.to.contain('waftpay-redirect');
  });

  it('a session kept on the page by a veto still expires', async () => {
    const { element, events } = await mount({
      mode: 'redirect',
      'checkout-url': hostedPageUrl(),
      'expires-at': isoIn(600_000),
    });
    // The deadline comes after the veto, however long the page took to get there.
    await oneEvent(element, 'waftpay-redirect');
    element.setAttribute('expires-at', isoIn(100));
    await oneEvent(element, 'waftpay-expired');
    expect(typesOf(events)).to.deep.equal(['waftpay-redirect', 'waftpay-expired']);
    expect(element.status).to.equal('expired');
  });

  it('removing the element before the redirect cancels it', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('waftpay-checkout');
    element.mode = 'redirect';
    element.checkoutUrl = hostedPageUrl();
    const events = record(element);
    container.append(element);
    await element.updateComplete;
    element.remove();
    await settle(30);
    expect(typesOf(events)).to.deep.equal([]);
  });

  it('switching from iframe to redirect mid-session removes the frame and redirects', async () => {
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl() });
    await oneEvent(element, 'waftpay-ready');
    element.mode = 'redirect';
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('iframe')).to.equal(null);
    await oneEvent(element, 'waftpay-redirect');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-redirect']);
  });
});

describe('redirect mode in a page the browser will not let navigate the top window', () => {
  /**
   * A shop page inside a sandboxed frame (no `allow-top-navigation`), as some site builders show
   * a storefront: the element in it, in redirect mode, with a listener that lets it go.
   */
  async function sandboxedShop(
    url: string,
  ): Promise<{ element: WaftpayCheckoutElement; frame: HTMLIFrameElement }> {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    frame.srcdoc = `<script type="module">import '/src/index.ts';</script>
      <waftpay-checkout mode="redirect" checkout-url="${url}"></waftpay-checkout>`;
    document.body.append(frame);
    await waitUntil(
      () => frame.contentWindow?.customElements.get('waftpay-checkout'),
      'the element is defined',
    );
    const element = frame.contentDocument!.querySelector('waftpay-checkout') as WaftpayCheckoutElement;
    return { element, frame };
  }

  it('the refusal is a navigation-blocked waftpay-error; the page stays, and trying again asks to leave again', async () => {
    const page = location.href;
    const { element, frame } = await sandboxedShop(hostedPageUrl({ id: 'sandboxed' }));
    try {
      await waitUntil(() => element.status === 'error', 'the navigation was refused');
      await element.updateComplete;
      const events = record(element);
      const tryAgain = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]');
      expect(tryAgain, 'the error offers to try again').to.not.equal(null);
      tryAgain!.click();
      await waitUntil(() => events.some((event) => event.type === 'waftpay-error'), 'refused again');
      expect(typesOf(events)).to.deep.equal(['waftpay-redirect', 'waftpay-error']);
      expect((events[1] as WaftpayErrorEvent).error.code).to.equal('navigation-blocked');
      expect(element.shadowRoot!.querySelector('iframe'), 'the hosted page is never framed').to.equal(null);
      expect(location.href).to.equal(page);
    } finally {
      frame.remove();
    }
  });
});
