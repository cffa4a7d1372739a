import {
  PenpalError,
  type InitializeMessengerOptions,
  type Message,
  type MessageHandler,
  type Messenger,
} from 'penpal';
import { own, plainObject } from './untrusted.js';

export interface PinnedWindowMessengerOptions {
  /** The one window to talk to: the checkout frame's window, or the merchant's (parent or opener). */
  readonly remoteWindow: Window;
  /** Concrete origins (never `*`) that window may have. */
  readonly allowedOrigins: readonly string[];
  /** Called with a reason for every message that is refused (debug logging). */
  readonly onRejected?: (reason: string, event: MessageEvent) => void;
  /** Called with the origin of every window message sent (debug logging, and tests). */
  readonly onSent?: (type: string, targetOrigin: string) => void;
  /** Called when penpal tears the messenger down, including when the other side asked it to. */
  readonly onDestroyed?: () => void;
}

const isStringArray = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Shape checks penpal itself leaves out: a malformed message is dropped here, not thrown later. */
function isWellFormed(message: object): boolean {
  switch (own(message, 'type')) {
    case 'SYN':
      return typeof own(message, 'participantId') === 'string';
    case 'ACK1':
      return (
        Array.isArray(own(message, 'methodPaths')) &&
        (own(message, 'methodPaths') as unknown[]).every(isStringArray)
      );
    case 'ACK2':
    case 'DESTROY':
      return true;
    case 'CALL':
      return (
        typeof own(message, 'id') === 'string' &&
        isStringArray(own(message, 'methodPath')) &&
        Array.isArray(own(message, 'args'))
      );
    case 'REPLY':
      return typeof own(message, 'callId') === 'string';
    default:
      return false;
  }
}

/**
 * A penpal `Messenger` between two windows that never addresses `*`. Penpal's own
 * `WindowMessenger` announces itself (its SYN) to any origin; this one sends the SYN once to each
 * allowed origin by name, so the browser delivers it only if the other window really is on one of
 * them. After the handshake everything goes through the private MessageChannel, as in penpal.
 * Messages are accepted only from `remoteWindow`, from an allowed origin, and well-formed.
 */
export class PinnedWindowMessenger implements Messenger {
  readonly #remote: Window;
  readonly #origins: readonly string[];
  readonly #options: PinnedWindowMessengerOptions;
  #validate?: InitializeMessengerOptions['validateReceivedMessage'];
  /** The origin the other side proved in its SYN; replies go there only. */
  #peerOrigin?: string;
  #port?: MessagePort;
  readonly #handlers = new Set<MessageHandler>();

  constructor(options: PinnedWindowMessengerOptions) {
    this.#remote = options.remoteWindow;
    this.#origins = options.allowedOrigins;
    this.#options = options;
  }

  initialize = ({ validateReceivedMessage }: InitializeMessengerOptions): void => {
    this.#validate = validateReceivedMessage;
    window.addEventListener('message', this.#onWindowMessage);
  };

  sendMessage = (message: Message, transferables: Transferable[] = []): void => {
    if (message.type === 'SYN') {
      for (const origin of this.#synTargets()) this.#post(message, origin, transferables);
      return;
    }
    if (message.type === 'ACK1') return this.#post(message, this.#requirePeer(), transferables);
    if (message.type === 'ACK2') {
      const { port1, port2 } = new MessageChannel();
      this.#usePort(port1);
      return this.#post(message, this.#requirePeer(), [port2, ...transferables]);
    }
    if (!this.#port) {
      throw new PenpalError('TRANSMISSION_FAILED', 'The channel to the other window is not open yet.');
    }
    this.#port.postMessage(message, { transfer: transferables });
  };

  addMessageHandler = (handler: MessageHandler): void => {
    this.#handlers.add(handler);
  };

  removeMessageHandler = (handler: MessageHandler): void => {
    this.#handlers.delete(handler);
  };

  destroy = (): void => {
    window.removeEventListener('message', this.#onWindowMessage);
    this.#closePort();
    this.#handlers.clear();
    this.#options.onDestroyed?.();
  };

  #post(message: Message, targetOrigin: string, transfer: Transferable[]): void {
    this.#options.onSent?.(message.type, targetOrigin);
    this.#remote.postMessage(message, { targetOrigin, transfer });
  }

  /**
   * Where a SYN can arrive: the peer's origin once it has introduced itself; before that every
   * allowed origin, except while the other window is still on our own origin (a frame's first,
   * empty document), where only our origin could receive it and the browser would log an error.
   */
  #synTargets(): readonly string[] {
    if (this.#peerOrigin) return [this.#peerOrigin];
    let visibleOrigin: string | undefined;
    try {
      visibleOrigin = this.#remote.origin;
    } catch {
      // Another origin: the browser keeps it to itself, and delivers only to the right one.
    }
    return visibleOrigin === undefined
      ? this.#origins
      : this.#origins.filter((origin) => origin === visibleOrigin);
  }

  #requirePeer(): string {
    if (!this.#peerOrigin) {
      throw new PenpalError('TRANSMISSION_FAILED', 'The other window has not introduced itself yet.');
    }
    return this.#peerOrigin;
  }

  #usePort(port: MessagePort): void {
    this.#closePort();
    this.#port = port;
    port.addEventListener('message', this.#onPortMessage);
    port.start();
  }

  #closePort(): void {
    this.#port?.removeEventListener('message', this.#onPortMessage);
    this.#port?.close();
    this.#port = undefined;
  }

  #accept(data: unknown): data is Message {
    const message = plainObject(data);
    return Boolean(message && this.#validate?.(message) && isWellFormed(message));
  }

  #deliver(message: Message): void {
    for (const handler of this.#handlers) handler(message);
  }

  #onWindowMessage = (event: MessageEvent): void => {
    const reject = (reason: string): void => this.#options.onRejected?.(reason, event);
    if (event.source !== this.#remote) return reject('not from the window this page talks to');
    if (!this.#origins.includes(event.origin)) return reject(`origin ${event.origin} is not allowed`);
    if (!this.#accept(event.data)) return reject('not a well-formed message of this protocol');
    const message = event.data;
    if (message.type === 'SYN') {
      // The other side (re)started, e.g. the page reloaded: forget the old channel.
      this.#closePort();
      this.#peerOrigin = event.origin;
    }
    if (message.type === 'ACK2') {
      const port = event.ports[0];
      if (!port) return reject('handshake without a channel');
      this.#usePort(port);
    }
    this.#deliver(message);
  };

  #onPortMessage = (event: MessageEvent): void => {
    if (!this.#accept(event.data)) return;
    this.#deliver(event.data);
  };
}
