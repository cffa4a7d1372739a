import { expect, oneEvent } from '@open-wc/testing';
import { WaftpayCheckoutElement, WaftpayErrorCode, type WaftpayErrorEvent } from '../../src/element.js';
import { frameOf, hostedPageUrl, isoIn, mount, settle, typesOf, untilRecorded } from './helpers.js';

const valid = hostedPageUrl();

/** [what is wrong, attributes, expected code] */
const cases: Array<[string, Record<string, string>, string]> = [
  ['no checkout-url', {}, WaftpayErrorCode.MissingCheckoutUrl],
  ['an empty checkout-url', { 'checkout-url': '' }, WaftpayErrorCode.MissingCheckoutUrl],
  ['a blank checkout-url', { 'checkout-url': '   ' }, WaftpayErrorCode.MissingCheckoutUrl],
  ['a relative checkout-url', { 'checkout-url': '/checkout/OTRk' }, WaftpayErrorCode.InvalidCheckoutUrl],
  [
    'a scheme-relative checkout-url',
    { 'checkout-url': '//pay.example/checkout/1' },
    WaftpayErrorCode.InvalidCheckoutUrl,
  ],
  [
    'plain http to a public host',
    { 'checkout-url': 'http://pay.example/checkout/1' },
    WaftpayErrorCode.InvalidCheckoutUrl,
  ],
  [
    'plain http to a LAN address',
    { 'checkout-url': 'http://192.168.1.5/checkout/1' },
    WaftpayErrorCode.InvalidCheckoutUrl,
  ],
  ['a javascript: URL', { 'checkout-url': 'javascript:alert(1)' }, WaftpayErrorCode.InvalidCheckoutUrl],
  [
    'a javascript: URL hidden by case and whitespace',
    { 'checkout-url': ' \tJaVaScRiPt:alert(1)' },
    WaftpayErrorCode.InvalidCheckoutUrl,
  ],
  ['a data: URL', { 'checkout-url': 'data:text/html,<h1>pay</h1>' }, WaftpayErrorCode.InvalidCheckoutUrl],
  ['a blob: URL', { 'checkout-url': 'blob:https://pay.example/0d1f' }, WaftpayErrorCode.InvalidCheckoutUrl],
  ['a file: URL', { 'checkout-url': 'file:///etc/passwd' }, WaftpayErrorCode.InvalidCheckoutUrl],
  ['an ftp: URL', { 'checkout-url': 'ftp://pay.example/checkout' }, WaftpayErrorCode.InvalidCheckoutUrl],
  [
    'credentials in the URL',
    { 'checkout-url': 'https://waftpay.io@evil.example/checkout/1' },
    WaftpayErrorCode.InvalidCheckoutUrl,
  ],
  [
    'a malformed expires-at',
    { 'checkout-url': valid, 'expires-at': 'tomorrow' },
    WaftpayErrorCode.InvalidExpiresAt,
  ],
  [
    'expires-at without a time zone',
    { 'checkout-url': valid, 'expires-at': '2030-03-02T14:08:41' },
    WaftpayErrorCode.InvalidExpiresAt,
  ],
  [
    'expires-at on a day that does not exist',
    { 'checkout-url': valid, 'expires-at': '2030-02-31T10:00:00Z' },
    WaftpayErrorCode.InvalidExpiresAt,
  ],
  [
    "expires-at in Waftpay's request format",
    { 'checkout-url': valid, 'expires-at': '2030-02-14 18:30:00' },
    WaftpayErrorCode.InvalidExpiresAt,
  ],
  [
    'a relative success-redirect-url',
    { 'checkout-url': valid, 'success-redirect-url': '/thanks' },
    WaftpayErrorCode.InvalidReturnUrl,
  ],
  [
    'a javascript: fail-redirect-url',
    { 'checkout-url': valid, 'fail-redirect-url': 'javascript:void 0' },
    WaftpayErrorCode.InvalidReturnUrl,
  ],
  [
    'an allowed origin on plain http to a public host',
    { 'checkout-url': valid, 'allowed-origins': 'http://pay.example' },
    WaftpayErrorCode.InvalidAllowedOrigins,
  ],
  [
    'an allowed origin on plain http to a LAN address, beside a good one',
    { 'checkout-url': valid, 'allowed-origins': `${location.origin} http://192.168.1.5:5174` },
    WaftpayErrorCode.InvalidAllowedOrigins,
  ],
];

describe('bad input', () => {
  for (const [what, attributes, code] of cases) {
    it(`${what} → waftpay-error (${code}), no frame, no navigation`, async () => {
      const page = location.href;
      const { element, events } = await mount(attributes);
      expect(element.status).to.equal('error');
      expect(frameOf(element)).to.equal(null);
      await untilRecorded(events);
      await settle(20);
      expect(typesOf(events)).to.deep.equal(['waftpay-error']);
      const { error } = events[0] as WaftpayErrorEvent;
      expect(error.code).to.equal(code);
      expect(error.name).to.equal('WaftpayCheckoutError');
      expect(error.retryable).to.equal(false);
      expect(error.message).to.match(/(expected|must|required)/);
      expect(frameOf(element)).to.equal(null);
      expect(location.href).to.equal(page);
    });
  }

  it('says what it received in the message, shortened when huge', async () => {
    const { events } = await mount({ 'checkout-url': `javascript:${'x'.repeat(10_000)}` });
    await untilRecorded(events);
    const { error } = events[0] as WaftpayErrorEvent;
    expect(error.message).to.contain('"javascript:xxx');
    expect(error.message.length).to.be.below(300);
  });

  it('in redirect mode, a bad URL never navigates and never asks to', async () => {
    const page = location.href;
    const { element, events } = await mount({ mode: 'redirect', 'checkout-url': 'javascript:alert(1)' });
    await untilRecorded(events);
    element.open();
    await settle(30);
    expect(typesOf(events)).to.deep.equal(['waftpay-error']);
    expect(location.href).to.equal(page);
  });

  it('accepts plain http on every loopback host', async () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      const { element } = await mount({
        'checkout-url': `http://${host}:1/checkout/x`,
        'allowed-origins': `http://${host}:1 http://${host}:2`,
        'load-timeout': '60000',
      });
      expect(element.status, host).to.equal('loading');
      expect(frameOf(element)!.src).to.equal(`http://${host}:1/checkout/x`);
      element.remove();
    }
  });

  it('recovers when the bad attribute is fixed: a new URL is a new session', async () => {
    const { element, events } = await mount({ 'checkout-url': 'nope' });
    await untilRecorded(events);
    element.checkoutUrl = hostedPageUrl();
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    expect(frameOf(element)).not.to.equal(null);
    expect(typesOf(events)).to.deep.equal(['waftpay-error']);
  });

  it('retry() after a configuration error reads the attributes again: fixed, the session starts', async () => {
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), 'expires-at': 'tomorrow' });
    await untilRecorded(events);
    element.retry();
    await untilRecorded(events, 2);
    await settle(20);
    expect(typesOf(events), 'still wrong: said again').to.deep.equal(['waftpay-error', 'waftpay-error']);
    element.expiresAt = isoIn(60_000);
    element.retry();
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    expect(frameOf(element)).not.to.equal(null);
    await oneEvent(element, 'waftpay-ready');
  });

  it('warns and falls back to iframe for an unknown mode', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const { element } = await mount({ 'checkout-url': hostedPageUrl(), mode: 'carrier-pigeon' });
      expect(element.status).to.equal('loading');
      expect(frameOf(element)).not.to.equal(null);
    } finally {
      console.warn = warn;
    }
    expect(warnings.join()).to.contain('"carrier-pigeon" is unknown');
  });

  it('expires-at accepts zone offsets and whole seconds', async () => {
    const later = new Date(Date.now() + 3_600_000);
    const offset = later.toISOString().replace(/\.\d+Z$/, '+00:00');
    const { element, events } = await mount({ 'checkout-url': hostedPageUrl(), 'expires-at': offset });
    expect(element.status).to.equal('loading');
    await settle(10);
    expect(typesOf(events)).not.to.contain('waftpay-error');
  });

  describe('a checkout-url on the page’s own origin', () => {
    // The other tests opt in (helpers.ts); a shop's page has not.
    beforeEach(() => (WaftpayCheckoutElement.unsafeAllowSameOriginCheckout = false));
    afterEach(() => (WaftpayCheckoutElement.unsafeAllowSameOriginCheckout = true));

    for (const mode of ['iframe', 'overlay', 'popup', 'redirect']) {
      it(`${mode}: waftpay-error (same-origin-checkout-url), no frame, no window, no navigation`, async () => {
        const page = location.href;
        const opened: unknown[] = [];
        const realOpen = window.open;
        window.open = (...args) => (opened.push(args), null);
        try {
          const { element, events } = await mount({ mode, 'checkout-url': hostedPageUrl(), open: '' });
          // Were it accepted, a redirect would take this test page away: keep it, and see it asked.
          element.addEventListener('waftpay-redirect', (event) => event.preventDefault());
          expect(element.status).to.equal('error');
          await untilRecorded(events);
          element.open();
          await settle(30);
          expect(typesOf(events)).to.deep.equal(['waftpay-error']);
          const { error } = events[0] as WaftpayErrorEvent;
          expect(error.code).to.equal(WaftpayErrorCode.SameOriginCheckoutUrl);
          expect(error.retryable).to.equal(false);
          expect(error.message).to.contain(location.origin).and.to.contain('must be on Waftpay');
          expect(frameOf(element)).to.equal(null);
          expect(opened).to.deep.equal([]);
          expect(location.href).to.equal(page);
        } finally {
          window.open = realOpen;
        }
      });
    }

    it('another port of the same host is another origin, and is accepted', async () => {
      const otherPort = `${location.protocol}//${location.hostname}:1/checkout/x`;
      const { element } = await mount({ 'checkout-url': otherPort, 'load-timeout': '60000' });
      expect(element.status).to.equal('loading');
    });
  });
});
