// The protocol's transport (see protocol.ts). Two windows, the shop's and the hosted page's,
// greet each other through postMessage until they share a MessageChannel of their own:
//   hosted page → shop   hello { id }     a page has loaded (a new id for each page);
//   shop → hosted page   hello { id }     "is a page there?" (its frame may have loaded unheard);
//   shop → hosted page   connect + port   the answer to a page's hello, a new channel for it.
// On the channel: the page's reports (envelopes), ping { id } → pong { id }, and bye from the
// side that closes it. Every greeting is checked (its window, its origin, its shape) and sent to
// an allowed origin by name, never to `*`: the browser delivers it only if the other window is
// really there.
import { ofThisProtocol, protocolName, protocolVersion } from './protocol.js';
import { own } from './untrusted.js';

export type Greeting =
  { readonly type: 'hello'; readonly id: string } | { readonly type: 'connect'; readonly port: MessagePort };

/** The messages of the transport itself (the reports are envelopes, see protocol.ts). */
export type TransportType = Greeting['type'] | 'ping' | 'pong' | 'bye';

export interface PinnedWindowOptions {
  /** The one window to talk to: the checkout frame's window, or the merchant's (parent or opener). */
  readonly remoteWindow: Window;
  /** Concrete origins (never `*`) that window may have. */
  readonly allowedOrigins: readonly string[];
  /** Each well-formed greeting of `remoteWindow`, from an allowed origin. */
  readonly onGreeting: (greeting: Greeting, origin: string) => void;
  /** Debug logging: each greeting sent (and where), each message refused (and why). */
  readonly log?: (message: string, ...details: unknown[]) => void;
}

/** Longest id a page may give itself. */
const maxIdLength = 64;

/** A message of the transport. */
export const transportMessage = (type: TransportType, fields?: object): object => ({
  protocol: protocolName,
  version: protocolVersion,
  type,
  ...fields,
});

/** `data` if it is a message of the transport of `type`, else `undefined`. */
export function readTransport(data: unknown, type: TransportType): object | undefined {
  const message = ofThisProtocol(data);
  return message && own(message, 'type') === type ? message : undefined;
}

/** The `id` of a hello, ping or pong, when it is one. */
export function idOf(message: object): string | undefined {
  const id = own(message, 'id');
  return typeof id === 'string' && id.length > 0 && id.length <= maxIdLength ? id : undefined;
}

/** Greets `remoteWindow`, and hears its greetings, until `signal` aborts. */
export class PinnedWindow {
  readonly #options: PinnedWindowOptions;

  constructor(options: PinnedWindowOptions, signal: AbortSignal) {
    this.#options = options;
    addEventListener('message', this.#onMessage, { signal });
  }

  /** Sends a greeting to `origin`, which the other window proved it has (or may have). */
  send(type: Greeting['type'], origin: string, fields?: object, transfer: Transferable[] = []): void {
    this.#options.log?.(`sent ${type} to ${origin}`);
    this.#options.remoteWindow.postMessage(transportMessage(type, fields), {
      targetOrigin: origin,
      transfer,
    });
  }

  /**
   * Says hello to each allowed origin, except while the other window is still on our own origin (a
   * frame's first, empty document), where only our origin could hear it and the browser would
   * log an error.
   */
  hello(id: string): void {
    let visibleOrigin: string | undefined;
    try {
      visibleOrigin = this.#options.remoteWindow.origin;
    } catch {
      // Another origin: the browser keeps it to itself, and delivers only to the right one.
    }
    for (const origin of this.#options.allowedOrigins)
      if (visibleOrigin === undefined || origin === visibleOrigin) this.send('hello', origin, { id });
  }

  #onMessage = (event: MessageEvent): void => {
    const { remoteWindow, allowedOrigins, onGreeting, log } = this.#options;
    const reject = (reason: string): void => log?.(`ignored a message (${reason})`, event.data);
    if (event.source !== remoteWindow) return reject('not from the window this page talks to');
    if (!allowedOrigins.includes(event.origin)) return reject(`origin ${event.origin} is not allowed`);
    const hello = readTransport(event.data, 'hello');
    const id = hello && idOf(hello);
    if (id) return onGreeting({ type: 'hello', id }, event.origin);
    const [port] = event.ports;
    if (readTransport(event.data, 'connect') && port && event.ports.length === 1)
      return onGreeting({ type: 'connect', port }, event.origin);
    reject('not a well-formed message of this protocol');
  };
}
