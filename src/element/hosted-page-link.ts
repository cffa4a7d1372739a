import type { PingAnswer } from './liveness.js';
import { readEnvelope, type HostMessage } from '../shared/protocol.js';
import { idOf, PinnedWindow, readTransport, transportMessage } from '../shared/pinned-window.js';

export interface HostedPageLinkOptions {
  /** The checkout frame's window. */
  readonly remoteWindow: Window;
  readonly allowedOrigins: readonly string[];
  /** Called with every well-formed message of the protocol. */
  readonly onMessage: (message: HostMessage) => void;
  /** Debug logging; when absent nothing is logged. */
  readonly log?: (message: string, ...details: unknown[]) => void;
}

export interface HostedPageLink {
  /** Asks the connected page whether it is there (`unsupported` while none is connected). */
  ping(timeoutMs: number): Promise<PingAnswer>;
}

let pings = 0;

/**
 * Keeps the element connected to the page in its frame (or popup) until `signal` aborts: each
 * page that says hello there gets a channel of its own, and the page before it loses its channel.
 * A page that closes its channel (`destroy()` in the host helper) is heard again at its next
 * hello.
 */
export function linkToHostedPage(options: HostedPageLinkOptions, signal: AbortSignal): HostedPageLink {
  const { remoteWindow, allowedOrigins, onMessage, log } = options;
  let port: MessagePort | undefined;
  /** The id of the page at the other end of `port`. */
  let page: string | undefined;
  /** Pings waiting for their pong, by id. */
  const pending = new Map<string, (answer: PingAnswer) => void>();

  const close = (): void => {
    port?.close();
    port = page = undefined;
    for (const answer of pending.values()) answer('unsupported');
  };
  const onPortMessage = ({ data }: MessageEvent): void => {
    const pong = readTransport(data, 'pong');
    if (pong) return pending.get(idOf(pong) ?? '')?.('alive');
    if (readTransport(data, 'bye')) {
      log?.('the hosted page closed the channel; waiting for it to connect again');
      return close();
    }
    const message = readEnvelope(data);
    if (message) onMessage(message);
    else log?.('ignored a report that is not a message of this protocol', data);
  };
  const frame = new PinnedWindow(
    {
      remoteWindow,
      allowedOrigins,
      log,
      onGreeting: (greeting, origin) => {
        if (greeting.type !== 'hello' || greeting.id === page) return;
        close();
        const channel = new MessageChannel();
        port = channel.port1;
        page = greeting.id;
        port.onmessage = onPortMessage;
        frame.send('connect', origin, undefined, [channel.port2]);
      },
    },
    signal,
  );
  signal.addEventListener('abort', () => {
    port?.postMessage(transportMessage('bye'));
    close();
  });
  // A page that loaded before the element listened (its frame rendered on the shop's server)
  // said hello unheard; it answers this one with its own.
  frame.hello('shop');

  return {
    ping(timeoutMs) {
      if (!port) return Promise.resolve('unsupported');
      const id = String(++pings);
      port.postMessage(transportMessage('ping', { id }));
      return new Promise((resolve) => {
        const timer = setTimeout(() => pending.get(id)?.('silent'), timeoutMs);
        pending.set(id, (answer) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(answer);
        });
      });
    },
  };
}
