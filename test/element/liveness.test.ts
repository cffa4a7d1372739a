import { expect } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import type { WaftpayErrorEvent } from '../../src/element.js';
import { linkToHostedPage, type HostedPageLink } from '../../src/element/hosted-page-link.js';
import { Liveness, type PingAnswer } from '../../src/element/liveness.js';
import type { HostMessage } from '../../src/shared/protocol.js';
import {
  frameOf,
  mount,
  protocolPageUrl,
  rawProtocolPageUrl,
  reloadsOf,
  settle,
  typesOf,
  whenConnected,
  type FixtureWindow,
} from './helpers.js';
import { isWebKit } from './engine-support.js';
import { advanceUntil, installManualClock, type ManualClock } from './manual-clock.js';

/** A ping the test answers by hand: each question waits in `asked` for `answer`. */
function handPing() {
  const asked: Array<(answer: PingAnswer) => void> = [];
  const ping = (): Promise<PingAnswer> => new Promise((resolve) => asked.push(resolve));
  const answer = async (index: number, value: PingAnswer): Promise<void> => {
    await waitUntil(() => asked.length > index, `question ${index + 1} was not asked`);
    asked[index](value);
  };
  return { asked, ping, answer };
}

/** Makes `document.visibilityState` say `state` (and tells listeners), until `restore`. */
function pretendVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}
function restoreVisibility(): void {
  delete (document as { visibilityState?: unknown }).visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('liveness: asking the hosted page whether it is there', () => {
  let controller: AbortController;
  beforeEach(() => (controller = new AbortController()));
  afterEach(() => {
    controller.abort();
    restoreVisibility();
  });

  const watching = (ping: () => Promise<PingAnswer>) => {
    const silences: number[] = [];
    const liveness = new Liveness(
      { ping, timeoutMs: 50, intervalMs: 0, onSilent: () => silences.push(Date.now()) },
      controller.signal,
    );
    return { liveness, silences };
  };

  it('asks again after every answer, and judges the first silence once', async () => {
    const { asked, ping, answer } = handPing();
    const { liveness, silences } = watching(ping);
    liveness.watch();
    await answer(0, 'alive');
    await answer(1, 'alive');
    await answer(2, 'silent');
    await waitUntil(() => silences.length > 0, 'the silence not judged');
    await settle(30);
    expect(silences).to.have.length(1);
    expect(asked).to.have.length(3);
  });

  it('stops asking a page that has no ping (an older host helper), and never judges it', async () => {
    const { asked, ping, answer } = handPing();
    const { liveness, silences } = watching(ping);
    liveness.watch();
    await answer(0, 'unsupported');
    await settle(30);
    expect(asked).to.have.length(1);
    expect(silences).to.have.length(0);
  });

  it('a page that said it is leaving is not judged by the answer to a question asked before', async () => {
    const { asked, ping, answer } = handPing();
    const { liveness, silences } = watching(ping);
    liveness.watch();
    await waitUntil(() => asked.length === 1);
    liveness.pause();
    await answer(0, 'silent');
    await settle(30);
    expect(silences).to.have.length(0);
    expect(asked).to.have.length(1);
  });

  it('watching again (the page connected again) leaves one round of questions, not two', async () => {
    const { asked, ping, answer } = handPing();
    const { liveness } = watching(ping);
    liveness.watch();
    await waitUntil(() => asked.length === 1);
    liveness.watch();
    await answer(1, 'alive');
    await answer(0, 'alive'); // the earlier round's answer ends that round
    await answer(2, 'alive');
    await waitUntil(() => asked.length >= 4, 'not asked again');
    await settle(30);
    expect(asked).to.have.length(4);
  });

  it('asks nothing while this page is hidden, and asks again when it is visible', async () => {
    const { asked, ping } = handPing();
    const { liveness } = watching(ping);
    pretendVisibility('hidden');
    liveness.watch();
    await settle(60);
    expect(asked).to.have.length(0);
    pretendVisibility('visible');
    await waitUntil(() => asked.length === 1);
  });

  it('a silence that spans a hidden spell is asked again, not judged', async () => {
    const { asked, ping, answer } = handPing();
    const { liveness, silences } = watching(ping);
    liveness.watch();
    await waitUntil(() => asked.length === 1);
    pretendVisibility('hidden');
    pretendVisibility('visible');
    await answer(0, 'silent');
    await waitUntil(() => asked.length === 2);
    expect(silences).to.have.length(0);
  });

  it('stops when its presentation stops', async () => {
    const { asked, ping, answer } = handPing();
    const { liveness, silences } = watching(ping);
    liveness.watch();
    await waitUntil(() => asked.length === 1);
    controller.abort();
    await answer(0, 'silent');
    await settle(30);
    expect(asked).to.have.length(1);
    expect(silences).to.have.length(0);
  });
});

describe('liveness over the real channel', () => {
  let controller: AbortController;
  let frame: HTMLIFrameElement;
  let messages: HostMessage[];
  beforeEach(() => {
    controller = new AbortController();
    messages = [];
  });
  afterEach(() => {
    controller.abort();
    frame.remove();
  });

  let logged: string[];
  async function link(src: string): Promise<HostedPageLink> {
    frame = document.createElement('iframe');
    frame.src = src;
    document.body.append(frame);
    logged = [];
    const onMessage = (message: HostMessage): void => void messages.push(message);
    const log = (...details: unknown[]): void => void logged.push(details.join(' '));
    const remoteWindow = frame.contentWindow!;
    const options = { remoteWindow, allowedOrigins: [location.origin], onMessage, log };
    return linkToHostedPage(options, controller.signal);
  }

  it('the host helper answers a ping; before the handshake there is nobody to ask', async () => {
    const hosted = await link(protocolPageUrl());
    expect(await hosted.ping(500)).to.equal('unsupported');
    await waitUntil(() => messages.some((message) => message.type === 'ready'));
    expect(await hosted.ping(5000)).to.equal('alive');
    // The debug log keeps the handshake and the reports, not a line per ping.
    expect(logged.some((line) => line.includes('sent connect to'))).to.equal(true);
    expect(logged.filter((line) => line.includes('ping'))).to.deep.equal([]);
  });

  it('says leaving as it unloads, and answers again once the next page has connected', async () => {
    const hosted = await link(protocolPageUrl());
    await waitUntil(() => messages.some((message) => message.type === 'ready'));
    frame.contentWindow!.location.href = protocolPageUrl({ height: '300' });
    await waitUntil(() => messages.filter((message) => message.type === 'ready').length === 2);
    const types = messages.map((message) => message.type).filter((type) => type !== 'resize');
    if (isWebKit && !types.includes('leaving')) {
      // WebKit may drop what a page posts on its channel as it unloads (about 1 run in 12 on a
      // busy machine). Nothing depends on it: the next page's hello starts the watch again.
      console.log('WebKit dropped the leaving message of an unloading page; the session went on');
      expect(types).to.deep.equal(['ready', 'ready']);
    } else {
      expect(types).to.deep.equal(['ready', 'leaving', 'ready']);
    }
    expect(await hosted.ping(5000)).to.equal('alive');
  });

  it('a page gone without a word does not answer', async () => {
    const hosted = await link(protocolPageUrl());
    await waitUntil(() => messages.some((message) => message.type === 'ready'));
    frame.remove();
    expect(await hosted.ping(100)).to.equal('silent');
  });

  it('a page of another major version gets no channel: there is nobody to ask', async () => {
    const hosted = await link(rawProtocolPageUrl({ version: '1' }));
    await waitUntil(() => logged.some((line) => line.includes('not a well-formed message')));
    expect(await hosted.ping(500)).to.equal('unsupported');
  });

  it('a page that closes its channel is not asked again; its next page is', async () => {
    const hosted = await link(protocolPageUrl());
    await waitUntil(() => messages.some((message) => message.type === 'ready'));
    (frame.contentWindow as FixtureWindow).merchant.destroy();
    await waitUntil(() => logged.some((line) => line.includes('closed the channel')));
    expect(await hosted.ping(500)).to.equal('unsupported');
    frame.contentWindow!.location.href = protocolPageUrl({ step: '2' });
    await waitUntil(() => messages.filter((message) => message.type === 'ready').length === 2);
    expect(await hosted.ping(5000)).to.equal('alive');
  });
});

describe('the element and a hosted page that falls silent', () => {
  /** Takes the element's page away without a goodbye, as a crashed renderer does. */
  function vanish(page: FixtureWindow): void {
    page.exitSilently = true;
    page.location.replace('about:blank');
  }
  // The watch only lets time pass (a question every 2 s, answered within load-timeout): its timers
  // run on a clock the test moves, while loads and messages take the real time they need. The
  // load timeout is generous, as it also bounds the page's load after a crash, in real time.
  const loadTimeout = '10000';

  let clock: ManualClock;
  beforeEach(() => (clock = installManualClock()));
  afterEach(() => clock.uninstall());

  it('loads the page again; the session goes on with one ready and one outcome', async () => {
    const url = protocolPageUrl();
    const { element, events } = await mount({ 'checkout-url': url, 'load-timeout': loadTimeout });
    vanish(await whenConnected(element));
    const reloads = reloadsOf(frameOf(element)!);
    await waitUntil(() => frameOf(element)?.contentWindow?.location.href === 'about:blank');
    // Through the watch's interval and the question's silence; the reload's deadline is not reached.
    await advanceUntil(clock, () => reloads.count > 0, 'not loaded again');
    await waitUntil(() => frameOf(element)?.contentWindow?.location.href === url, 'not loaded again');
    const again = await whenConnected(element);
    again.merchant.succeed({ checkoutReference: 'AFTER' });
    await waitUntil(() => element.status === 'success');
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-success']);
    expect(reloads.count).to.equal(1);
  });

  it('a page that does not come back within load-timeout is a load-timeout error; retry() brings it back', async () => {
    const key = 'liveness-test-mute';
    const { element, events } = await mount({
      'checkout-url': protocolPageUrl({ mute: key }),
      'load-timeout': loadTimeout,
    });
    const page = await whenConnected(element);
    sessionStorage.setItem(key, 'yes');
    try {
      vanish(page);
      // Through the watch's interval, the question's silence and the reload's load timeout.
      await advanceUntil(clock, () => element.status === 'error', 'no error');
    } finally {
      sessionStorage.removeItem(key);
    }
    expect(typesOf(events)).to.deep.equal(['waftpay-ready', 'waftpay-error']);
    expect((events[1] as WaftpayErrorEvent).error.code).to.equal('load-timeout');
    element.retry();
    await whenConnected(element);
    expect(element.status).to.equal('ready');
  });
});
