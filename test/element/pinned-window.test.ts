import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import {
  PinnedWindow,
  readTransport,
  transportMessage,
  type Greeting,
} from '../../src/shared/pinned-window.js';
import { protocolName, protocolVersion } from '../../src/shared/protocol.js';

/**
 * The transport's greetings are checked against a real (same-origin) frame whose postMessage
 * records where each message was addressed, and against MessageEvents that claim other origins:
 * what the browser would deliver from a frame on those origins.
 */
async function recordingFrame(): Promise<{
  remote: Window;
  sent: Array<{ type: string; targetOrigin: string }>;
}> {
  const frame = await fixture<HTMLIFrameElement>(html`<iframe></iframe>`);
  const remote = frame.contentWindow!;
  const sent: Array<{ type: string; targetOrigin: string }> = [];
  const post = remote.postMessage.bind(remote);
  remote.postMessage = ((message: { type: string }, options: WindowPostMessageOptions) => {
    sent.push({ type: message.type, targetOrigin: options.targetOrigin! });
    if (options.targetOrigin === location.origin) post(message, options);
  }) as Window['postMessage'];
  return { remote, sent };
}

let controller: AbortController;
beforeEach(() => (controller = new AbortController()));
afterEach(() => controller.abort());

function start(remote: Window, allowedOrigins: string[]) {
  const greetings: Array<{ greeting: Greeting; origin: string }> = [];
  const rejected: string[] = [];
  const pinned = new PinnedWindow(
    {
      remoteWindow: remote,
      allowedOrigins,
      onGreeting: (greeting, origin) => greetings.push({ greeting, origin }),
      log: (message) => {
        const reason = /^ignored a message \((.*)\)$/.exec(message);
        if (reason) rejected.push(reason[1]);
      },
    },
    controller.signal,
  );
  return { pinned, greetings, rejected };
}

function arrive(source: Window, origin: string, data: unknown, ports: MessagePort[] = []): void {
  window.dispatchEvent(new MessageEvent('message', { source, origin, data, ports }));
}

const hello = (id: unknown = 'page-1') => transportMessage('hello', { id });

describe('PinnedWindow', () => {
  const other = ['https://pay.example', 'https://pay2.example'];

  it('addresses its hello to each allowed origin by name, never to *', async () => {
    const { remote, sent } = await recordingFrame();
    // The frame is still on an empty document of our origin: only ours could hear it.
    start(remote, [...other, location.origin]).pinned.hello('shop');
    expect(sent).to.deep.equal([{ type: 'hello', targetOrigin: location.origin }]);
  });

  it('says nothing to a frame on our own origin that is not allowed', async () => {
    const { remote, sent } = await recordingFrame();
    start(remote, other).pinned.hello('shop');
    expect(sent).to.deep.equal([]);
  });

  it('hears the hellos and channels of its window, on allowed origins', async () => {
    const { remote, sent } = await recordingFrame();
    const { pinned, greetings } = start(remote, other);
    arrive(remote, 'https://pay2.example', hello());
    const { port1, port2 } = new MessageChannel();
    arrive(remote, 'https://pay.example', transportMessage('connect'), [port2]);
    expect(greetings).to.deep.equal([
      { greeting: { type: 'hello', id: 'page-1' }, origin: 'https://pay2.example' },
      { greeting: { type: 'connect', port: port2 }, origin: 'https://pay.example' },
    ]);
    pinned.send('connect', 'https://pay2.example', undefined, [port1]);
    expect(sent).to.deep.equal([{ type: 'connect', targetOrigin: 'https://pay2.example' }]);
  });

  it('refuses other windows, other origins, other protocols and versions, and malformed greetings', async () => {
    const { remote } = await recordingFrame();
    const { remote: stranger } = await recordingFrame();
    const { greetings, rejected } = start(remote, other);
    const { port2 } = new MessageChannel();
    const { port2: second } = new MessageChannel();
    arrive(stranger, 'https://pay.example', hello());
    arrive(remote, 'https://evil.example', hello());
    for (const data of [
      { ...hello(), protocol: 'another' },
      { ...hello(), version: protocolVersion - 1 },
      { ...hello(), version: String(protocolVersion) },
      hello(''),
      hello(42),
      hello('x'.repeat(65)),
      transportMessage('hello'),
      transportMessage('ping', { id: 'p' }),
      Object.assign(Object.create({ protocol: protocolName, version: protocolVersion }), {
        type: 'hello',
        id: 'inherited',
      }),
      'hello',
      null,
    ])
      arrive(remote, 'https://pay.example', data);
    // A channel must come with exactly one port.
    arrive(remote, 'https://pay.example', transportMessage('connect'));
    arrive(remote, 'https://pay.example', transportMessage('connect'), [port2, second]);
    expect(greetings).to.deep.equal([]);
    expect(rejected).to.deep.equal([
      'not from the window this page talks to',
      'origin https://evil.example is not allowed',
      ...Array(13).fill('not a well-formed message of this protocol'),
    ]);
  });

  it('stops listening when its signal aborts', async () => {
    const { remote } = await recordingFrame();
    const { greetings } = start(remote, other);
    controller.abort();
    arrive(remote, 'https://pay.example', hello());
    expect(greetings).to.deep.equal([]);
  });

  it('reads only the transport message of the type asked for', async () => {
    expect(readTransport(transportMessage('pong', { id: 'a' }), 'pong')).to.deep.equal({
      protocol: protocolName,
      version: protocolVersion,
      type: 'pong',
      id: 'a',
    });
    expect(readTransport(transportMessage('pong'), 'ping')).to.equal(undefined);
    expect(readTransport({ type: 'pong' }, 'pong')).to.equal(undefined);
    // Sent through a real channel, a message keeps its shape.
    const { port1, port2 } = new MessageChannel();
    let received: unknown;
    port2.onmessage = ({ data }) => (received = data);
    port1.postMessage(transportMessage('bye'));
    await waitUntil(() => received !== undefined);
    expect(readTransport(received, 'bye')).to.not.equal(undefined);
  });
});
