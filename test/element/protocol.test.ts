import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type {
  WaftpayCancelEvent,
  WaftpayErrorEvent,
  WaftpayExpiredEvent,
  WaftpayFailureEvent,
  WaftpayPendingEvent,
  WaftpaySuccessEvent,
} from '../../src/element.js';
import { protocolName, protocolVersion } from '../../src/shared/protocol.js';
import {
  frameOf,
  isoIn,
  mount,
  outcomeTypes,
  pageOf,
  protocolPageUrl,
  returnUrl,
  settle,
  typesOf,
  untilRecorded,
  whenConnected,
} from './helpers.js';
import { installManualClock } from './manual-clock.js';

describe('the protocol with a hosted page that speaks it', () => {
  it('a handshake makes the element ready, once', async () => {
    const { element, events } = await mount({ 'checkout-url': protocolPageUrl() });
    await oneEvent(element, 'waftpay-ready');
    await whenConnected(element);
    await settle(50);
    expect(element.status).to.equal('ready');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
  });

  it('pending, then success: one pending event, one success with the result, source message', async () => {
    const { element, events } = await mount({ 'checkout-url': protocolPageUrl() });
    const page = await whenConnected(element);
    page.merchant.pending({ message: 'Approve the payment on your phone' });
    const pending = await oneEvent<WaftpayPendingEvent>(element, 'waftpay-pending');
    expect(pending.info).to.deep.equal({ message: 'Approve the payment on your phone' });
    expect(element.status).to.equal('pending');
    page.merchant.succeed({
      checkoutReference: 'CHK623581942',
      paymentUuid: '5f0c8a0e-1e0f-4a43-9d6e-2b5d3f0e9a11',
      amount: 1750,
      currency: 'KES',
      status: 'FAILED',
      // @ts-expect-error not a result field: dropped
      cardNumber: '4242424242424242',
    });
    const success = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(success.result).to.deep.equal({
      status: 'SUCCESS',
      source: 'message',
      checkoutReference: 'CHK623581942',
      paymentUuid: '5f0c8a0e-1e0f-4a43-9d6e-2b5d3f0e9a11',
      amount: 1750,
      currency: 'KES',
    });
    expect(element.status).to.equal('success');
    await element.updateComplete;
    expect(frameOf(element)).to.equal(null);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-pending', 'waftpay-success']);
  });

  it('fail() keeps a failure status word and refuses a contradicting one', async () => {
    const first = await mount({ 'checkout-url': protocolPageUrl() });
    (await whenConnected(first.element)).merchant.fail({ status: 'EXPIRED', checkoutReference: 'C1' });
    const expired = await oneEvent<WaftpayFailureEvent>(first.element, 'waftpay-failure');
    expect(expired.result).to.deep.equal({ status: 'EXPIRED', source: 'message', checkoutReference: 'C1' });

    const second = await mount({ 'checkout-url': protocolPageUrl({ id: '2' }) });
    (await whenConnected(second.element)).merchant.fail({ status: 'SUCCESS' });
    const failed = await oneEvent<WaftpayFailureEvent>(second.element, 'waftpay-failure');
    expect(failed.result.status).to.equal('FAILED');
  });

  it('expire() ends the session as expired, with the element’s expires-at', async () => {
    const expiresAt = isoIn(3_600_000);
    const { element } = await mount({ 'checkout-url': protocolPageUrl(), 'expires-at': expiresAt });
    (await whenConnected(element)).merchant.expire();
    const event = await oneEvent<WaftpayExpiredEvent>(element, 'waftpay-expired');
    expect(event.expiresAt).to.equal(expiresAt);
    expect(element.status).to.equal('expired');
  });

  it('cancel() ends the session as cancelled by the customer', async () => {
    const { element, events } = await mount({ 'checkout-url': protocolPageUrl() });
    (await whenConnected(element)).merchant.cancel();
    const event = await oneEvent<WaftpayCancelEvent>(element, 'waftpay-cancel');
    expect(event.reason).to.equal('customer');
    expect(element.status).to.equal('cancelled');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-cancel']);
  });

  it('calls made before the handshake are delivered once connected, in order', async () => {
    const { element, events } = await mount({ 'checkout-url': protocolPageUrl({ early: 'succeed' }) });
    const event = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(event.result.checkoutReference).to.equal('EARLY');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
  });

  it('a message and a return-URL landing for one payment give one outcome', async () => {
    // The expiry only lets time pass: its clock stands still until the page has paid, however
    // long that takes, and is then moved past the deadline.
    const clock = installManualClock();
    try {
      const { element, events } = await mount({
        'checkout-url': protocolPageUrl(),
        'success-redirect-url': returnUrl('success'),
        'expires-at': isoIn(60_000),
      });
      const page = await whenConnected(element);
      page.merchant.succeed({ checkoutReference: 'BOTH' });
      page.location.assign(returnUrl('success', { checkout_reference: 'BOTH' }));
      await oneEvent(element, 'waftpay-success');
      clock.advance(60_001);
      expect(typesOf(events).filter((type) => outcomeTypes.includes(type))).to.deep.equal([
        'waftpay-success',
      ]);
    } finally {
      clock.uninstall();
    }
  });

  it('a page that reloads connects again; ready is not repeated', async () => {
    const { element, events } = await mount({ 'checkout-url': protocolPageUrl() });
    const first = await whenConnected(element);
    // The WindowProxy stays the same across a reload; the global behind it does not.
    (first as unknown as { before: boolean }).before = true;
    first.location.reload();
    await waitUntil(() => !('before' in pageOf(element)) && pageOf(element).merchantReady === true);
    const second = pageOf(element);
    second.merchant.succeed({ checkoutReference: 'AFTER-RELOAD' });
    const event = await oneEvent<WaftpaySuccessEvent>(element, 'waftpay-success');
    expect(event.result.checkoutReference).to.equal('AFTER-RELOAD');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
  });

  it('a page that closed its channel and then navigates connects again', async () => {
    const { element } = await mount({ 'checkout-url': protocolPageUrl() });
    const first = await whenConnected(element);
    first.merchant.destroy();
    first.merchant.succeed({ checkoutReference: 'AFTER-DESTROY' });
    await settle(50);
    expect(element.status).to.equal('ready');
    first.location.assign(protocolPageUrl({ step: '2' }));
    await waitUntil(() => pageOf(element).location.search.includes('step=2'));
    const second = await whenConnected(element);
    second.merchant.cancel();
    await oneEvent(element, 'waftpay-cancel');
  });

  it('ignores another window on the allowed origin that is not the element’s frame', async () => {
    const rejected: unknown[] = [];
    const debug = console.debug;
    console.debug = (message: unknown, ...details: unknown[]) => {
      if (String(message).includes('ignored a message (not from the window this page talks to)'))
        rejected.push(details[0]);
      debug.call(console, message, ...details);
    };
    try {
      const { element, events } = await mount({ 'checkout-url': protocolPageUrl(), debug: '' });
      await whenConnected(element);
      const { fixture, html } = await import('@open-wc/testing');
      const impostor = await fixture<HTMLIFrameElement>(
        html`<iframe src=${protocolPageUrl({ id: 'impostor' })}></iframe>`,
      );
      const page = impostor.contentWindow as typeof window & {
        merchant?: { succeed(r: object): void };
        merchantReady: boolean;
      };
      // The impostor's hello reached the element, which turned it away.
      await waitUntil(() =>
        rejected.some((data) => (data as { type?: string } | undefined)?.type === 'hello'),
      );
      expect(page.merchantReady, 'no handshake with a window the element did not open').to.equal(false);
      // Without a handshake the helper has no channel: the outcome waits in its queue, unsent.
      page.merchant!.succeed({ checkoutReference: 'IMPOSTOR' });
      expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
    } finally {
      console.debug = debug;
    }
  });

  it('ignores a page whose origin is not in allowed-origins (it still loads)', async () => {
    const { element, events } = await mount({
      'checkout-url': protocolPageUrl(),
      'allowed-origins': 'https://pay.example',
    });
    await oneEvent(element, 'waftpay-ready');
    const page = pageOf(element);
    page.merchant.succeed({ checkoutReference: 'NOT-ALLOWED' });
    await settle(200);
    expect(page.merchantReady).to.equal(false);
    expect(typesOf(events)).to.deep.equal(['waftpay-ready']);
  });

  it('accepts a page on any origin listed in allowed-origins', async () => {
    const { element } = await mount({
      'checkout-url': protocolPageUrl(),
      'allowed-origins': `https://pay.example ${location.origin}`,
    });
    (await whenConnected(element)).merchant.succeed({});
    await oneEvent(element, 'waftpay-success');
  });

  for (const origins of [
    '*',
    'https://*',
    'https://*.example',
    'https://pay.example;script-src',
    'https://pay.example/checkout',
    'null',
    'pay.example',
    'https://a.example *',
  ]) {
    it(`allowed-origins="${origins}" → waftpay-error (invalid-allowed-origins), no frame`, async () => {
      const { element, events } = await mount({
        'checkout-url': protocolPageUrl(),
        'allowed-origins': origins,
      });
      await untilRecorded(events);
      await settle(20);
      expect(frameOf(element)).to.equal(null);
      expect(typesOf(events)).to.deep.equal(['waftpay-error']);
      expect((events[0] as WaftpayErrorEvent).error.code).to.equal('invalid-allowed-origins');
    });
  }

  it('in debug mode, logs what it refuses', async () => {
    const logs: string[] = [];
    const debug = console.debug;
    console.debug = (message: string) => logs.push(message);
    try {
      const { element } = await mount({ 'checkout-url': protocolPageUrl(), debug: '' });
      await whenConnected(element);
      window.postMessage(
        { protocol: protocolName, version: protocolVersion, type: 'hello', id: 'forged' },
        location.origin,
      );
      // The forged hello is refused at once; the page's ready comes over the channel when it comes.
      await waitUntil(() => logs.some((line) => line.includes('received ready')), 'the ready logged');
      await waitUntil(() => logs.some((line) => line.includes('not from the window')), 'the forgery logged');
    } finally {
      console.debug = debug;
    }
    expect(logs.join('\n')).to.contain('ignored a message (not from the window this page talks to)');
    expect(logs.join('\n')).to.contain('sent hello to');
  });
});

describe('the frame follows the page’s height', () => {
  it('takes the reported height, rounded up, with no inner scrollbar', async () => {
    const { element } = await mount({ 'checkout-url': protocolPageUrl({ height: '900.4' }) });
    await whenConnected(element);
    await waitUntil(() => frameOf(element)!.style.height === '901px', 'frame height');
    const page = pageOf(element);
    expect(page.document.documentElement.scrollHeight).to.be.at.most(page.innerHeight);
  });

  it('follows the page as it grows and shrinks', async () => {
    const { element } = await mount({ 'checkout-url': protocolPageUrl({ height: '500' }) });
    const page = await whenConnected(element);
    await waitUntil(() => frameOf(element)!.style.height === '500px');
    (page.document.querySelector('#content') as HTMLElement).style.height = '760px';
    await waitUntil(() => frameOf(element)!.style.height === '760px', 'grew');
    (page.document.querySelector('#content') as HTMLElement).style.height = '300px';
    await waitUntil(() => frameOf(element)!.style.height === '300px', 'shrank');
  });

  it('a page whose height follows the frame’s settles instead of growing forever', async () => {
    const { element } = await mount({ 'checkout-url': protocolPageUrl({ vh: '' }) });
    await whenConnected(element);
    // Settled: the same height for half a second, however long the steps to it took.
    let settled = -1;
    let since = performance.now();
    await waitUntil(
      () => {
        const height = frameOf(element)!.getBoundingClientRect().height;
        if (height !== settled) [settled, since] = [height, performance.now()];
        return performance.now() - since > 500;
      },
      'the frame to stop growing',
      { interval: 50, timeout: 8000 },
    );
    expect(settled).to.be.below(640 + 24 * 4);
  });

  it('stays within --waftpay-checkout-max-height and --waftpay-checkout-min-height', async () => {
    const tall = await mount({ 'checkout-url': protocolPageUrl({ height: '1500' }) });
    tall.element.style.setProperty('--waftpay-checkout-max-height', '400px');
    await whenConnected(tall.element);
    await waitUntil(() => frameOf(tall.element)!.style.height === '1500px');
    expect(frameOf(tall.element)!.getBoundingClientRect().height).to.equal(400);

    const short = await mount({ 'checkout-url': protocolPageUrl({ id: 'short', height: '100' }) });
    short.element.style.setProperty('--waftpay-checkout-min-height', '250px');
    await whenConnected(short.element);
    await waitUntil(() => frameOf(short.element)!.style.height === '100px');
    expect(frameOf(short.element)!.getBoundingClientRect().height).to.equal(250);
  });
});
