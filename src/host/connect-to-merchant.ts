/**
 * `waftpay-checkout/host`: for the hosted checkout page itself. Tells the shop's
 * `<waftpay-checkout>` what happens on the page, over a checked, private channel, and keeps the
 * shop's frame as tall as the page. Framework-free; nothing happens on import.
 *
 * @example
 * const merchant = connectToMerchant({ merchantOrigins: ['https://shop.example'] });
 * merchant.pending({ message: 'Approve the payment on your phone' });
 * merchant.succeed({ checkoutReference: 'CHK623581942', amount: 1750, currency: 'KES' });
 */
import { parseOrigins } from '../shared/origins.js';
import { idOf, PinnedWindow, readTransport, transportMessage } from '../shared/pinned-window.js';
import { createEnvelope, type HostMessage, type PendingInfo } from '../shared/protocol.js';

export { WaftpayCheckoutError, WaftpayErrorCode } from '../shared/errors.js';
export { protocolName, protocolVersion, type PendingInfo } from '../shared/protocol.js';

/** What the hosted page may tell the shop about a finished payment. */
export interface CheckoutResultInit {
  /** Waftpay's status word; for `fail()`, e.g. `FAILED` (default) or `EXPIRED`. */
  status?: string;
  checkoutReference?: string;
  paymentReference?: string;
  transactionReference?: string;
  paymentUuid?: string;
  amount?: number;
  currency?: string;
  description?: string;
}

export interface ConnectToMerchantOptions {
  /** Origins of the shops that may embed this page, e.g. `['https://shop.example']`. Never `*`. */
  merchantOrigins: readonly string[];
  /** Keep the shop's frame as tall as this page (default `true`). */
  autoResize?: boolean;
  /** Log the handshake, what is sent, and what is refused, to the console. */
  debug?: boolean;
}

/** The hosted page's side of the channel. Every method is a no-op when there is no shop to tell. */
export interface MerchantConnection {
  /** Resolves when the shop's element has answered the handshake; never, when not embedded by one. */
  readonly ready: Promise<void>;
  /** The customer has to act elsewhere (approve a prompt on their phone). Not an outcome. */
  pending(info?: PendingInfo): void;
  succeed(result?: CheckoutResultInit): void;
  fail(result?: CheckoutResultInit): void;
  expire(): void;
  /** The customer cancelled on this page. */
  cancel(): void;
  /** Closes the channel and stops reporting the height. Idempotent. */
  destroy(): void;
}

const inert: MerchantConnection = Object.freeze({
  ready: new Promise<void>(() => undefined),
  pending: () => undefined,
  succeed: () => undefined,
  fail: () => undefined,
  expire: () => undefined,
  cancel: () => undefined,
  destroy: () => undefined,
});

/** The window of the shop that shows this page: the parent of a frame, or the opener of a popup. */
function merchantWindow(): Window | null {
  if (typeof window === 'undefined') return null;
  return window.parent !== window ? window.parent : window.opener;
}

/**
 * Connects this page to the shop's `<waftpay-checkout>`. Calls made before the shop answers are
 * delivered, in order, once it does. In a frame, an Esc this page does not use itself is passed
 * on, so the shop's overlay closes wherever the focus is. Opened directly (a redirect) or embedded
 * by an origin outside `merchantOrigins`, it stays silent: `ready` never resolves and every call
 * does nothing, so one page works in every mode.
 *
 * @throws {WaftpayCheckoutError} `invalid-allowed-origins` when `merchantOrigins` lists something
 * other than origins.
 */
export function connectToMerchant(options: ConnectToMerchantOptions): MerchantConnection {
  const origins = parseOrigins('merchantOrigins', options.merchantOrigins);
  const log = options.debug
    ? (message: string, ...details: unknown[]) =>
        console.debug(`[waftpay-checkout/host] ${message}`, ...details)
    : undefined;
  const merchant = merchantWindow();
  if (!merchant) return inert;
  // Where the browser tells us who embeds us, a stranger gets nothing at all, not even a hello,
  // and the shop that does embed us is the only origin to address.
  const framed = window.parent !== window;
  const embedder =
    framed && typeof location.ancestorOrigins === 'object' ? location.ancestorOrigins[0] : undefined;
  if (embedder && embedder !== 'null' && !origins.includes(embedder)) {
    log?.(`embedded by ${embedder}, which is not in merchantOrigins; staying silent`);
    return inert;
  }
  const peers = embedder && origins.includes(embedder) ? [embedder] : origins;

  /** The channel the shop's element gave this page, once it has answered its hello. */
  let port: MessagePort | undefined;
  let closed = false;
  const queue: HostMessage[] = [];
  let observer: ResizeObserver | undefined;
  let lastHeight = 0;
  const stop = new AbortController();
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));

  const deliver = (message: HostMessage): void => {
    log?.(`report ${message.type}`, message);
    port?.postMessage(createEnvelope(message));
  };
  const send = (message: HostMessage): void => {
    if (closed) return;
    if (port) deliver(message);
    else queue.push(message);
  };
  // The shop's element takes silence without a goodbye for a crash, and loads this page again.
  // (`port` is unset once closed.)
  const leaving = (): void => deliver({ type: 'leaving' });
  // Back from the back/forward cache: still connected, and here again.
  const back = (event: PageTransitionEvent): void => {
    if (event.persisted) deliver({ type: 'ready' });
  };
  // Key presses go to the frame that has the focus: once the customer has touched this page, Esc
  // never reaches the shop's overlay. Pass on the Esc this page did not use (a menu of its own that
  // it closed), and only a live one: never queued for later, never from a popup (its own window).
  const escape = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && !event.defaultPrevented && !event.isComposing) deliver({ type: 'escape' });
  };
  /** Stops for good; `bye` tells the element, when it is not the one that closed. */
  const close = (bye: boolean): void => {
    if (bye) port?.postMessage(transportMessage('bye'));
    port?.close();
    port = undefined;
    closed = true;
    queue.length = 0;
    observer?.disconnect();
    stop.abort();
  };
  const onPortMessage = ({ data }: MessageEvent): void => {
    const ping = readTransport(data, 'ping');
    if (ping) port?.postMessage(transportMessage('pong', { id: idOf(ping) }));
    else if (readTransport(data, 'bye')) close(false);
  };
  const connect = (channel: MessagePort): void => {
    const first = !port;
    port?.close();
    port = channel;
    port.onmessage = onPortMessage;
    deliver({ type: 'ready' });
    for (const message of queue.splice(0)) deliver(message);
    if (!first) return;
    connected();
    addEventListener('pagehide', leaving, { signal: stop.signal });
    addEventListener('pageshow', back, { signal: stop.signal });
    if (framed) addEventListener('keydown', escape, { signal: stop.signal });
    if (options.autoResize !== false) {
      observer = new ResizeObserver(() => {
        const height = document.documentElement.getBoundingClientRect().height;
        if (Math.abs(height - lastHeight) < 0.5) return;
        lastHeight = height;
        send({ type: 'resize', height });
      });
      observer.observe(document.documentElement);
    }
  };

  // A new id for each page: the element gives a new channel to a new page only.
  const id = String(Math.random());
  const shop = new PinnedWindow(
    {
      remoteWindow: merchant,
      allowedOrigins: peers,
      log,
      // The shop asks whether a page is there: it answers with its own hello.
      onGreeting: (greeting, origin) =>
        greeting.type === 'hello' ? shop.send('hello', origin, { id }) : connect(greeting.port),
    },
    stop.signal,
  );
  shop.hello(id);

  const outcome = (type: 'success' | 'failure', result: CheckoutResultInit = {}): void =>
    send({ type, result: { ...result } });
  return {
    ready,
    pending: (info = {}) => send({ type: 'pending', info: { ...info } }),
    succeed: (result) => outcome('success', result),
    fail: (result) => outcome('failure', result),
    expire: () => send({ type: 'expired' }),
    cancel: () => send({ type: 'cancel' }),
    destroy: () => {
      if (!closed) close(true);
    },
  };
}
