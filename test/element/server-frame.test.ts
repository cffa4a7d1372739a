import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import {
  WaftpayCheckoutElement,
  type WaftpayErrorEvent,
  type WaftpayFallbackEvent,
  type WaftpaySuccessEvent,
} from '../../src/element.js';
import { renderCheckoutMarkup, type CheckoutMarkupOptions } from '../../src/server/render-checkout.js';
import { framePermissions, frameReferrerPolicy, frameSandbox } from '../../src/shared/frame-attributes.js';
import {
  isoIn,
  outcomeTypes,
  record,
  reloadsOf,
  returnUrl,
  settle,
  typesOf,
  type FixtureWindow,
} from './helpers.js';
import { advanceUntil, installManualClock } from './manual-clock.js';
import { waitUntil } from './wait.js';

// The shop's server wrote the element with its frame (renderCheckoutMarkup); the hosted page
// starts loading while the HTML is parsed, and the element's script arrives later. Here the
// markup goes in under a tag nobody has defined yet, and the test defines it when it wants "the
// script" to arrive: before the frame has loaded, or long after.

let tags = 0;
let ids = 0;
const fixtures = new URL('./fixtures/', import.meta.url);
/** The same test server under the other loopback name: another origin, as Waftpay's is. */
const otherOrigin = `${location.protocol}//${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;

/** A fixture page, counted by the server under a fresh id (see countedFixtures in the WTR config). */
function fixturePage(name: string, query: Record<string, string> = {}, origin = location.origin) {
  const id = `adopt-${Date.now()}-${++ids}`;
  const url = new URL(`/__counted/${id}/${name}`, origin);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return { url: url.href, id };
}

/** How many times the server has served the page counted as `id`. */
async function loads(id: string): Promise<number> {
  return Number(await (await fetch(`/__loads?id=${id}`)).text());
}

interface Rendered {
  readonly element: WaftpayCheckoutElement;
  readonly frame: HTMLIFrameElement;
  readonly events: Event[];
  /** "Our script arrives": defines the element's tag, and waits for its first render. */
  define(): Promise<void>;
}

/**
 * Writes the server's markup into the page under a tag not defined yet; records its events. Most
 * hosted pages here are on this page's own origin, which the element allows in these tests
 * (helpers.ts); the server is told the page is elsewhere, or it would refuse to write their frame.
 */
async function serverRendered(
  options: Omit<CheckoutMarkupOptions, 'tagName' | 'pageOrigin'> & { pageOrigin?: string },
  markup = (html: string) => html,
): Promise<Rendered> {
  const tagName = `server-checkout-${++tags}`;
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  container.innerHTML = markup(
    renderCheckoutMarkup({ pageOrigin: 'https://shop.example', ...options, tagName }),
  );
  const element = container.firstElementChild as WaftpayCheckoutElement;
  const events = record(element);
  return {
    element,
    frame: element.querySelector('iframe')!,
    events,
    async define() {
      customElements.define(tagName, class extends WaftpayCheckoutElement {});
      await element.updateComplete;
    },
  };
}

const loaded = (frame: HTMLIFrameElement): Promise<unknown> =>
  new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));

/** Resolves once the page in `frame` has said hello to this page (its first message), heard or not. */
const helloFrom = (frame: HTMLIFrameElement): Promise<void> =>
  new Promise((resolve) => {
    const listen = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      removeEventListener('message', listen);
      resolve();
    };
    addEventListener('message', listen);
  });

/** The page in a same-origin frame, once its host helper has connected to the element. */
async function connected(frame: HTMLIFrameElement): Promise<FixtureWindow> {
  await waitUntil(() => (frame.contentWindow as FixtureWindow).merchantReady === true, 'no handshake');
  return frame.contentWindow as FixtureWindow;
}

/** The frames in the element's shadow root (its own), and the one shown through the `frame` slot. */
const ownFrames = (element: WaftpayCheckoutElement) => element.shadowRoot!.querySelectorAll('iframe');
const slotted = (element: WaftpayCheckoutElement) =>
  element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="frame"]')?.assignedElements() ?? [];
/** (Compared by identity: a failed deep comparison would describe the frame's window to no end.) */
const isShown = (element: WaftpayCheckoutElement, frame: HTMLIFrameElement) =>
  slotted(element).length === 1 && slotted(element)[0] === frame;

describe('a frame rendered by the shop’s server is adopted, not loaded again', () => {
  it('loaded, and its hello sent, long before the element is defined: one load, one ready, the handshake completes', async () => {
    const hosted = fixturePage('protocol-page', { origins: location.origin });
    const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url });
    const hello = helloFrom(frame);
    await loaded(frame);
    const before = frame.contentWindow as FixtureWindow;
    (before as unknown as { mark: string }).mark = 'the page that loaded first';
    await hello;
    await settle(100);
    expect(before.merchantReady, 'nobody answered its hello yet').to.equal(false);

    await define();
    const page = await connected(frame);
    await waitUntil(() => element.status === 'ready');
    expect((page as unknown as { mark: string }).mark).to.equal('the page that loaded first');
    expect(element.querySelector('iframe') === frame, 'the same frame').to.equal(true);
    expect(isShown(element, frame), 'shown through the slot').to.equal(true);
    expect(ownFrames(element)).to.have.length(0);

    page.merchant.succeed({ checkoutReference: 'ADOPTED' });
    page.merchant.succeed({ checkoutReference: 'TWICE' });
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.result.checkoutReference).to.equal('ADOPTED');
    await settle(100);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
    expect(await loads(hosted.id)).to.equal(1);
    expect(frame.isConnected, 'the frame goes with the session').to.equal(false);
  });

  it('on another origin, loaded first: the handshake completes and the outcome arrives once', async () => {
    const hosted = fixturePage('protocol-page', { origins: location.origin, early: 'succeed' }, otherOrigin);
    const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url });
    const hello = helloFrom(frame);
    await loaded(frame);
    // Its hello, and its early success, went to a page where nobody listened.
    await hello;
    await define();
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.result).to.include({ checkoutReference: 'EARLY', source: 'message' });
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
    expect(await loads(hosted.id)).to.equal(1);
  });

  for (const [where, origin] of [
    ['this origin', location.origin],
    ['another origin', otherOrigin],
  ]) {
    it(`a page that speaks no protocol, loaded before the element is defined (${where}): seen as loaded`, async () => {
      const hosted = fixturePage('hosted-page', {}, origin);
      const { element, frame, events, define } = await serverRendered({
        checkoutUrl: hosted.url,
        loadTimeout: 4000,
      });
      await loaded(frame);
      await define();
      await waitUntil(() => element.status !== 'loading', 'still loading');
      expect(element.status).to.equal('ready');
      expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
      expect(isShown(element, frame), 'shown through the slot').to.equal(true);
      expect(await loads(hosted.id)).to.equal(1);
    });

    it(`a page still loading when the element is defined (${where}): ready at its load`, async () => {
      const hosted = fixturePage('hosted-page', {}, origin);
      const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url });
      const load = loaded(frame);
      await define();
      expect(element.status).to.equal('loading');
      await load;
      await waitUntil(() => element.status === 'ready');
      await settle(50);
      expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
      expect(await loads(hosted.id)).to.equal(1);
    });
  }

  it('keeps the guarantees: height reports, pending, one outcome, the clock stopped', async () => {
    const hosted = fixturePage('protocol-page', { origins: location.origin, height: '900' });
    const { element, frame, events, define } = await serverRendered({
      checkoutUrl: hosted.url,
      expiresAt: isoIn(60_000),
    });
    await loaded(frame);
    await define();
    const page = await connected(frame);
    await waitUntil(
      () =>
        frame.style.height === `${Math.ceil(page.document.documentElement.getBoundingClientRect().height)}px`,
    );
    expect(frame.getBoundingClientRect().height).to.be.at.least(900);
    page.merchant.pending({ message: 'Approve on your phone' });
    await oneEvent(element, 'waftpay-pending');
    page.merchant.fail({ status: 'FAILED' });
    page.merchant.succeed({});
    await oneEvent(element, 'waftpay-failure');
    await settle(100);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-pending', 'waftpay-failure']);
  });

  it('the expiry clock ends an adopted session, and its frame goes', async () => {
    const hosted = fixturePage('protocol-page', { origins: location.origin });
    const { element, frame, events, define } = await serverRendered({
      checkoutUrl: hosted.url,
      expiresAt: isoIn(60_000),
    });
    await loaded(frame);
    await define();
    await waitUntil(() => element.status === 'ready');
    // The deadline is set once the session is ready: a busy machine is slow to get there.
    element.expiresAt = isoIn(300);
    await oneEvent(element, 'waftpay-expired');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-expired']);
    expect(frame.isConnected).to.equal(false);
  });

  it('a landing on the return URL before the element is defined is the outcome', async () => {
    const back = returnUrl('success', { checkout_reference: 'EARLY-LANDING', status: 'SUCCESS' });
    const hosted = fixturePage('hosted-page', { go: back });
    const { element, frame, events, define } = await serverRendered({
      checkoutUrl: hosted.url,
      successRedirectUrl: returnUrl('success'),
    });
    await waitUntil(
      () =>
        frame.contentDocument?.URL.startsWith(returnUrl('success')) &&
        frame.contentDocument.readyState === 'complete',
    );
    await define();
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.result).to.include({ checkoutReference: 'EARLY-LANDING', source: 'return-url' });
    expect(typesOf(events)).to.deep.equal(['waftpay-success']);
  });

  it('a landing on the return URL after adoption is the outcome', async () => {
    const back = returnUrl('fail', { checkout_reference: 'LATE-LANDING', status: 'FAILED' });
    const hosted = fixturePage('hosted-page');
    const { element, frame, events, define } = await serverRendered({
      checkoutUrl: hosted.url,
      failRedirectUrl: returnUrl('fail'),
    });
    await loaded(frame);
    await define();
    await waitUntil(() => element.status === 'ready');
    // The checkout sends the customer back once the element has adopted its frame.
    frame.contentWindow!.location.assign(back);
    await oneEvent(element, 'waftpay-failure');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-failure']);
  });

  it('a page that falls silent is loaded again in the adopted frame; the session goes on', async () => {
    const hosted = fixturePage('protocol-page', { origins: location.origin });
    // The load timeout also bounds the reload, in real time: generous.
    const { element, frame, events, define } = await serverRendered({
      checkoutUrl: hosted.url,
      loadTimeout: 10_000,
    });
    await loaded(frame);
    await define();
    // The watch only lets time pass (as in liveness.test.ts): its timers, set once the page has
    // connected, run on a clock the test moves.
    const clock = installManualClock();
    try {
      const first = await connected(frame);
      const reloads = reloadsOf(frame);
      first.exitSilently = true;
      first.location.replace('about:blank');
      await waitUntil(() => frame.contentWindow?.location.href === 'about:blank');
      // Through the watch's interval and the question's silence; the reload's deadline is not reached.
      await advanceUntil(clock, () => reloads.count > 0, 'not loaded again');
      await waitUntil(() => frame.contentWindow?.location.href === hosted.url, 'not loaded again');
      const again = await connected(frame);
      again.merchant.succeed({ checkoutReference: 'AFTER' });
      await waitUntil(() => element.status === 'success');
      expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
      expect(reloads.count).to.equal(1);
      expect(await loads(hosted.id)).to.equal(2);
    } finally {
      clock.uninstall();
    }
  });

  it('removed, it takes the frame’s page with it; put back, the frame loads once more and is adopted again', async () => {
    const hosted = fixturePage('protocol-page', { origins: location.origin });
    const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url });
    await loaded(frame);
    await define();
    await connected(frame);
    const parent = element.parentElement!;
    element.remove();
    await settle(50);
    expect(frame.contentWindow === null, 'its page is gone').to.equal(true);
    parent.append(element);
    await element.updateComplete;
    expect(element.querySelector('iframe') === frame, 'the same frame').to.equal(true);
    expect(isShown(element, frame), 'shown through the slot').to.equal(true);
    expect(ownFrames(element)).to.have.length(0);
    const page = await connected(frame);
    page.merchant.succeed({ checkoutReference: 'BACK' });
    await oneEvent(element, 'waftpay-success');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
    expect(await loads(hosted.id)).to.equal(2);
  });

  it('put back, a page of another origin is ready only once it has loaded again (not on its first load’s timing)', async () => {
    // The page's image is served the first time, and held back the second.
    const image = fixturePage('hosted-page', { 'hang-from': '2' }, otherOrigin);
    const hosted = fixturePage('image-page', { image: image.url }, otherOrigin);
    const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url });
    await loaded(frame);
    await define();
    await waitUntil(() => element.status === 'ready');
    const parent = element.parentElement!;
    element.remove();
    parent.append(element);
    // The page is there again, waiting for its image.
    await waitUntil(async () => (await loads(image.id)) === 2, 'not loaded again');
    await settle(300);
    expect(element.status, 'its page has not come back').to.equal('loading');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    element.remove();
  });

  it('a load timeout takes the adopted frame away; retry() shows the session in a frame of its own', async () => {
    const key = `adopted-${Math.random()}`;
    const checkoutUrl = new URL(`/__hang?key=${key}`, location.href).href;
    const { element, frame, events, define } = await serverRendered({ checkoutUrl, loadTimeout: 300 });
    await define();
    expect(isShown(element, frame), 'shown through the slot').to.equal(true);
    const error = await oneEvent<WaftpayErrorEvent>(element, 'waftpay-error');
    expect(error.error.code).to.equal('load-timeout');
    await element.updateComplete;
    expect(frame.isConnected).to.equal(false);
    await fetch(`/__hang/back?key=${key}`);
    // The page now has time to load (a redirect, then the page), however busy the machine.
    element.loadTimeout = 10_000;
    element.retry();
    await element.updateComplete;
    expect(ownFrames(element)).to.have.length(1);
    await oneEvent(element, 'waftpay-ready');
    expect(typesOf(events)).to.deep.equal(['waftpay-error', 'waftpay-ready']);
  });

  it('expect-handshake and an adopted page that never says hello: the frame goes, a popup is offered', async () => {
    const hosted = fixturePage('hosted-page');
    const { element, frame, events, define } = await serverRendered({
      checkoutUrl: hosted.url,
      expectHandshake: true,
    });
    await loaded(frame);
    await define();
    const fallback = await oneEvent<WaftpayFallbackEvent>(element, 'waftpay-fallback');
    expect(fallback).to.include({ from: 'iframe', to: 'popup', reason: 'no-handshake' });
    expect(frame.isConnected).to.equal(false);
    expect(typesOf(events)).to.deep.equal(['waftpay-fallback']);
  });

  it('waits while defer-hydration is there (a framework hydrating it), then adopts the frame', async () => {
    const hosted = fixturePage('hosted-page');
    const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url }, (markup) =>
      markup.replace(/^<([\w-]+)/, '<$1 defer-hydration'),
    );
    await loaded(frame);
    await define();
    await settle(100);
    expect(element.status).to.equal('idle');
    expect(slotted(element)).to.have.length(0);
    expect(typesOf(events)).to.deep.equal([]);
    element.removeAttribute('defer-hydration');
    await waitUntil(() => element.status === 'ready');
    expect(isShown(element, frame)).to.equal(true);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    expect(await loads(hosted.id)).to.equal(1);
  });

  it('listens only to the adopted frame’s window: another frame of the shop is not heard', async () => {
    const hosted = fixturePage('protocol-page', { origins: location.origin });
    const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url });
    const stranger = document.createElement('iframe');
    stranger.src = fixturePage('protocol-page', { origins: location.origin, early: 'succeed' }).url;
    element.after(stranger);
    await Promise.all([loaded(frame), loaded(stranger)]);
    await define();
    await connected(frame);
    await settle(300);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    expect((stranger.contentWindow as FixtureWindow).merchantReady).to.equal(false);
    stranger.remove();
  });
});

describe('a frame the element does not adopt is removed, not left running', () => {
  /** The frame's page is there, its script has run: it is running in the shop's page. */
  const running = (frame: HTMLIFrameElement) =>
    waitUntil(
      () => frame.contentDocument?.readyState === 'complete' && frame.contentDocument.URL !== 'about:blank',
    );

  describe('a checkout URL on the page’s own origin (the server was told another page origin)', () => {
    beforeEach(() => (WaftpayCheckoutElement.unsafeAllowSameOriginCheckout = false));
    afterEach(() => (WaftpayCheckoutElement.unsafeAllowSameOriginCheckout = true));

    it('refused: same-origin-checkout-url, and the frame, which could lift its own sandbox, is gone', async () => {
      const hosted = fixturePage('protocol-page', { origins: location.origin });
      const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url });
      await running(frame);
      await define();
      expect(frame.isConnected, 'the frame is removed').to.equal(false);
      expect(element.querySelector('iframe')).to.equal(null);
      expect(ownFrames(element)).to.have.length(0);
      await oneEvent(element, 'waftpay-error');
      expect((events[0] as WaftpayErrorEvent).error.code).to.equal('same-origin-checkout-url');
      expect(typesOf(events)).to.deep.equal(['waftpay-error']);
    });
  });

  it('a refused configuration (expires-at malformed): the frame is gone', async () => {
    const hosted = fixturePage('hosted-page', {}, otherOrigin);
    const { element, frame, events, define } = await serverRendered(
      { checkoutUrl: hosted.url, pageOrigin: location.origin },
      (markup) => markup.replace('>', ' expires-at="tomorrow">'),
    );
    await loaded(frame);
    await define();
    expect(frame.isConnected).to.equal(false);
    expect(element.querySelector('iframe')).to.equal(null);
    await oneEvent(element, 'waftpay-error');
    expect((events[0] as WaftpayErrorEvent).error.code).to.equal('invalid-expires-at');
  });

  it('a session expired on arrival: nothing is shown, and the frame is gone', async () => {
    const hosted = fixturePage('hosted-page', {}, otherOrigin);
    const { element, frame, events, define } = await serverRendered({
      checkoutUrl: hosted.url,
      pageOrigin: location.origin,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    await loaded(frame);
    await define();
    expect(frame.isConnected).to.equal(false);
    expect(element.querySelector('iframe')).to.equal(null);
    await oneEvent(element, 'waftpay-expired');
    expect(typesOf(events)).to.deep.equal(['waftpay-expired']);
  });

  it('a session still to be made (createSession, no checkout-url): a frame already there is gone, and the session is asked for', async () => {
    const hosted = fixturePage('hosted-page', {}, otherOrigin);
    const { element, frame, events, define } = await serverRendered(
      { checkoutUrl: hosted.url, pageOrigin: location.origin },
      (markup) => markup.replace(/ checkout-url="[^"]*"/, ''),
    );
    let asked = 0;
    element.createSession = () => {
      asked += 1;
      // Never answers: what is shown while the session is being made is what counts here.
      return new Promise(() => undefined);
    };
    await loaded(frame);
    await define();
    expect(frame.isConnected).to.equal(false);
    expect(element.querySelector('iframe')).to.equal(null);
    expect(ownFrames(element)).to.have.length(0);
    expect(asked).to.equal(1);
    expect(element.status).to.equal('loading');
    expect(typesOf(events)).to.deep.equal([]);
  });

  for (const mode of ['overlay', 'popup', 'redirect']) {
    it(`${mode} mode (the markup had a frame): the frame is gone, nothing is loaded until the customer acts`, async () => {
      const hosted = fixturePage('hosted-page', {}, otherOrigin);
      const { element, frame, events, define } = await serverRendered({
        checkoutUrl: hosted.url,
        pageOrigin: location.origin,
      });
      element.setAttribute('mode', mode);
      // A redirect would take this test page away: keep it.
      element.addEventListener('waftpay-redirect', (event) => event.preventDefault());
      await loaded(frame);
      await define();
      expect(frame.isConnected).to.equal(false);
      expect(element.querySelector('iframe')).to.equal(null);
      expect(ownFrames(element)).to.have.length(0);
      expect(element.status).to.equal('idle');
      await settle(50);
      expect(typesOf(events).filter((type) => type !== 'waftpay-redirect')).to.deep.equal([]);
      expect(await loads(hosted.id)).to.equal(1);
    });
  }
});

describe('server-rendered overlay and popup modes: a link, no frame', () => {
  it('overlay: the link until the script runs; then the overlay, its dismissal and resume', async () => {
    const hosted = fixturePage('hosted-page');
    const { element, events, define } = await serverRendered({ checkoutUrl: hosted.url, mode: 'overlay' });
    const link = element.querySelector('a')!;
    expect(link.getBoundingClientRect().height, 'the link shows before the script').to.be.greaterThan(0);
    expect(element.querySelector('iframe')).to.equal(null);
    expect(await loads(hosted.id)).to.equal(0);
    await define();
    expect(link.getBoundingClientRect().height, 'not slotted: the element shows its own UI').to.equal(0);
    element.open();
    await oneEvent(element, 'waftpay-ready');
    element.close();
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
    element.open();
    await element.updateComplete;
    expect(element.status).to.equal('ready');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-dismiss']);
    expect(await loads(hosted.id)).to.equal(1);
  });
});

describe('an adopted frame is checked first', () => {
  let logs: string[];
  const original = console.debug;
  beforeEach(() => {
    logs = [];
    console.debug = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
  });
  afterEach(() => (console.debug = original));

  const frameTag = /<iframe[^>]*>/;
  const cases: Array<[string, (frame: string) => string]> = [
    ['srcdoc', (f) => f.replace('<iframe', '<iframe srcdoc="&lt;p&gt;hi"')],
    ['name', (f) => f.replace('<iframe', '<iframe name="checkout"')],
    ['allowfullscreen', (f) => f.replace('<iframe', '<iframe allowfullscreen')],
    ['loading', (f) => f.replace('<iframe', '<iframe loading="lazy"')],
    ['an extra sandbox token', (f) => f.replace('allow-forms', 'allow-forms allow-top-navigation')],
    ['a sandbox token fewer', (f) => f.replace('allow-forms ', '')],
    ['no sandbox', (f) => f.replace(/ sandbox="[^"]*"/, '')],
    ['more permissions', (f) => f.replace(`allow="${framePermissions}"`, 'allow="payment; camera"')],
    ['another referrer policy', (f) => f.replace(frameReferrerPolicy, 'unsafe-url')],
    ['no referrer policy', (f) => f.replace(/ referrerpolicy="[^"]*"/, '')],
    ['another src', (f) => f.replace(/src="[^"]*"/, `src="${new URL('return.html', fixtures).href}"`)],
    ['another slot', (f) => f.replace('slot="frame"', 'slot="success"')],
  ];

  for (const [what, change] of cases) {
    it(`a frame with ${what} is replaced by the element's own, and the debug log says why`, async () => {
      const hosted = fixturePage('hosted-page');
      const { element, frame, events, define } = await serverRendered(
        { checkoutUrl: hosted.url, debug: true },
        (markup) => markup.replace(frameTag, (tag) => change(tag)),
      );
      expect(frame.outerHTML, 'the case changed the markup').not.to.equal(
        renderCheckoutMarkup({ checkoutUrl: hosted.url, pageOrigin: 'https://shop.example' }).match(
          frameTag,
        )![0] + '</iframe>',
      );
      await define();
      expect(frame.isConnected).to.equal(false);
      expect(element.querySelector('iframe')).to.equal(null);
      expect(ownFrames(element)).to.have.length(1);
      expect(slotted(element)).to.have.length(0);
      expect(logs.some((line) => line.includes('replaced the server-rendered frame'))).to.equal(true);
      await oneEvent(element, 'waftpay-ready');
      expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    });
  }

  it('the same attributes written another way (token order, case, spacing) are adopted', async () => {
    const hosted = fixturePage('hosted-page');
    const reordered = frameSandbox.split(' ').reverse().join('  ');
    const { element, frame, define } = await serverRendered(
      { checkoutUrl: hosted.url, debug: true },
      (markup) =>
        markup
          .replace(frameSandbox, reordered)
          .replace(`referrerpolicy="${frameReferrerPolicy}"`, 'referrerpolicy="Strict-Origin"')
          .replace(' slot="frame"', ''),
    );
    await define();
    expect(isShown(element, frame), 'shown through the slot').to.equal(true);
    expect(frame.slot).to.equal('frame');
    expect(logs.some((line) => line.includes('adopted the server-rendered frame'))).to.equal(true);
  });

  it('a second frame is not adopted: it goes', async () => {
    const hosted = fixturePage('hosted-page');
    const { element, frame, define } = await serverRendered({ checkoutUrl: hosted.url }, (markup) =>
      markup.replace(frameTag, (tag) => `${tag}</iframe>${tag}`),
    );
    expect(element.querySelectorAll('iframe')).to.have.length(2);
    await define();
    expect(element.querySelectorAll('iframe')).to.have.length(1);
    expect(element.querySelector('iframe') === frame).to.equal(true);
    expect(isShown(element, frame), 'shown through the slot').to.equal(true);
  });

  it('a new checkout-url before the element is defined: the old frame is replaced', async () => {
    const hosted = fixturePage('hosted-page');
    const { element, frame, events, define } = await serverRendered({ checkoutUrl: hosted.url });
    const next = fixturePage('hosted-page');
    element.setAttribute('checkout-url', next.url);
    await define();
    expect(frame.isConnected).to.equal(false);
    expect(ownFrames(element)[0].src).to.equal(next.url);
    await oneEvent(element, 'waftpay-ready');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    expect(typesOf(events).filter((type) => outcomeTypes.includes(type))).to.deep.equal([]);
  });
});
