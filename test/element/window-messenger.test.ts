import { expect, fixture, html } from '@open-wc/testing';
import type { Message } from 'penpal';
import { PinnedWindowMessenger } from '../../src/shared/window-messenger.js';

/**
 * The messenger is checked against a real (same-origin) frame whose postMessage records where
 * each message was addressed, and against MessageEvents that claim other origins: what the
 * browser would deliver from a frame on those origins.
 */
async function recordingFrame(): Promise<{
  remote: Window;
  sent: Array<{ type: string; targetOrigin: string }>;
}> {
  const frame = await fixture<HTMLIFrameElement>(html`<iframe></iframe>`);
  const remote = frame.contentWindow!;
  const sent: Array<{ type: string; targetOrigin: string }> = [];
  const post = remote.postMessage.bind(remote);
  remote.postMessage = ((message: Message, options: WindowPostMessageOptions) => {
    sent.push({ type: message.type, targetOrigin: options.targetOrigin! });
    if (options.targetOrigin === location.origin) post(message, options);
  }) as Window['postMessage'];
  return { remote, sent };
}

const channel = 'test';
const syn = (participantId = 'b') =>
  ({ namespace: 'penpal', channel, type: 'SYN', participantId }) as Message;
const validate = (data: unknown): data is Message => (data as { channel?: string }).channel === channel;

function start(remote: Window, allowedOrigins: string[], rejected: string[] = []) {
  const received: Message[] = [];
  const messenger = new PinnedWindowMessenger({
    remoteWindow: remote,
    allowedOrigins,
    onRejected: (reason) => rejected.push(reason),
  });
  messenger.initialize({ validateReceivedMessage: validate });
  messenger.addMessageHandler((message) => received.push(message));
  return { messenger, received };
}

function arrive(source: Window, origin: string, data: unknown, ports: MessagePort[] = []): void {
  window.dispatchEvent(new MessageEvent('message', { source, origin, data, ports }));
}

describe('PinnedWindowMessenger', () => {
  const other = ['https://pay.example', 'https://pay2.example'];

  it('addresses its hello to each allowed origin by name, never to *', async () => {
    const { remote, sent } = await recordingFrame();
    // The frame is still on an empty document of our origin: only ours could hear it.
    start(remote, [...other, location.origin]).messenger.sendMessage(syn('a'));
    expect(sent).to.deep.equal([{ type: 'SYN', targetOrigin: location.origin }]);
  });

  it('says nothing to a frame on our own origin that is not allowed', async () => {
    const { remote, sent } = await recordingFrame();
    start(remote, other).messenger.sendMessage(syn('a'));
    expect(sent).to.deep.equal([]);
  });

  it('after the other side introduces itself, answers only its origin', async () => {
    const { remote, sent } = await recordingFrame();
    const { messenger, received } = start(remote, other);
    arrive(remote, 'https://pay2.example', syn());
    expect(received.map((m) => m.type)).to.deep.equal(['SYN']);
    messenger.sendMessage(syn('a'));
    messenger.sendMessage({ namespace: 'penpal', channel, type: 'ACK1', methodPaths: [] } as Message);
    messenger.sendMessage({ namespace: 'penpal', channel, type: 'ACK2' } as Message);
    expect(sent).to.deep.equal([
      { type: 'SYN', targetOrigin: 'https://pay2.example' },
      { type: 'ACK1', targetOrigin: 'https://pay2.example' },
      { type: 'ACK2', targetOrigin: 'https://pay2.example' },
    ]);
  });

  it('refuses other windows, other origins, other channels and malformed messages', async () => {
    const { remote } = await recordingFrame();
    const { remote: stranger } = await recordingFrame();
    const rejected: string[] = [];
    const { received } = start(remote, other, rejected);
    arrive(stranger, 'https://pay.example', syn());
    arrive(remote, 'https://evil.example', syn());
    arrive(remote, 'https://pay.example', { ...syn(), channel: 'another' });
    arrive(remote, 'https://pay.example', { namespace: 'penpal', channel, type: 'SYN' });
    arrive(remote, 'https://pay.example', {
      namespace: 'penpal',
      channel,
      type: 'CALL',
      id: 1,
      methodPath: 'report',
      args: [],
    });
    arrive(remote, 'https://pay.example', { namespace: 'penpal', channel, type: 'ACK1', methodPaths: [[1]] });
    arrive(
      remote,
      'https://pay.example',
      Object.assign(Object.create({ namespace: 'penpal', channel }), { type: 'SYN', participantId: 'x' }),
    );
    arrive(remote, 'https://pay.example', 'SYN');
    arrive(remote, 'https://pay.example', { namespace: 'penpal', channel, type: 'ACK2' });
    expect(received).to.deep.equal([]);
    expect(rejected).to.deep.equal([
      'not from the window this page talks to',
      'origin https://evil.example is not allowed',
      'not a well-formed message of this protocol',
      'not a well-formed message of this protocol',
      'not a well-formed message of this protocol',
      'not a well-formed message of this protocol',
      'not a well-formed message of this protocol',
      'not a well-formed message of this protocol',
      'handshake without a channel',
    ]);
  });

  it('cannot send on the channel before a handshake, and says why', async () => {
    const { remote } = await recordingFrame();
    const { messenger } = start(remote, other);
    expect(() =>
      messenger.sendMessage({ namespace: 'penpal', channel, type: 'ACK1', methodPaths: [] } as Message),
    ).to.throw('has not introduced itself');
    expect(() =>
      messenger.sendMessage({ namespace: 'penpal', channel, type: 'DESTROY' } as Message),
    ).to.throw('not open');
  });

  it('takes the channel from the handshake and stops listening when destroyed', async () => {
    const { remote } = await recordingFrame();
    let destroyed = 0;
    const received: Message[] = [];
    const messenger = new PinnedWindowMessenger({
      remoteWindow: remote,
      allowedOrigins: other,
      onDestroyed: () => destroyed++,
    });
    messenger.initialize({ validateReceivedMessage: validate });
    messenger.addMessageHandler((message) => received.push(message));
    const { port1, port2 } = new MessageChannel();
    arrive(remote, 'https://pay.example', syn());
    arrive(remote, 'https://pay.example', { namespace: 'penpal', channel, type: 'ACK2' }, [port2]);
    port1.postMessage({
      namespace: 'penpal',
      channel,
      type: 'CALL',
      id: 'c1',
      methodPath: ['report'],
      args: [],
    });
    port1.postMessage({
      namespace: 'penpal',
      channel,
      type: 'CALL',
      id: 'c2',
      methodPath: 'report',
      args: [],
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.map((m) => m.type)).to.deep.equal(['SYN', 'ACK2', 'CALL']);
    messenger.destroy();
    arrive(remote, 'https://pay.example', syn('c'));
    port1.postMessage({
      namespace: 'penpal',
      channel,
      type: 'CALL',
      id: 'c3',
      methodPath: ['report'],
      args: [],
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).to.have.length(3);
    expect(destroyed).to.equal(1);
  });
});
