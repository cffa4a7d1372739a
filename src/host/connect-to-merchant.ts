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
import { connect, type RemoteProxy } from 'penpal';
import { parseOrigins } from '../shared/origins.js';
import {
  createEnvelope,
  penpalLog,
  protocolChannel,
  type HostedPageMethods,
  type HostMessage,
  type MerchantMethods,
  type PendingInfo,
} from '../shared/protocol.js';
import { PinnedWindowMessenger } from '../shared/window-messenger.js';

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

  let remote: RemoteProxy<MerchantMethods> | undefined;
  let closed = false;
  const queue: HostMessage[] = [];
  let observer: ResizeObserver | undefined;
  let lastHeight = 0;

  const deliver = (message: HostMessage): void => {
    log?.(`report ${message.type}`, message);
    remote?.report(createEnvelope(message)).catch((error: unknown) => log?.('report failed', error));
  };
  const send = (message: HostMessage): void => {
    if (closed) return;
    if (remote) deliver(message);
    else queue.push(message);
  };
  // The shop's element takes silence without a goodbye for a crash, and loads this page again.
  // (`remote` is unset once closed.)
  const leaving = (): void => {
    if (remote) deliver({ type: 'leaving' });
  };
  // Back from the back/forward cache: still connected, and here again.
  const back = (event: PageTransitionEvent): void => {
    if (event.persisted && remote) deliver({ type: 'ready' });
  };
  // Key presses go to the frame that has the focus: once the customer has touched this page, Esc
  // never reaches the shop's overlay. Pass on the Esc this page did not use (a menu of its own that
  // it closed), and only a live one: never queued for later, never from a popup (its own window).
  const escape = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && !event.defaultPrevented && !event.isComposing && remote)
      deliver({ type: 'escape' });
  };
  const close = (): void => {
    closed = true;
    remote = undefined;
    queue.length = 0;
    observer?.disconnect();
    removeEventListener('pagehide', leaving);
    removeEventListener('pageshow', back);
    removeEventListener('keydown', escape);
  };

  const messenger = new PinnedWindowMessenger({
    remoteWindow: merchant,
    allowedOrigins: peers,
    onRejected: log && ((reason, event) => log(`ignored a message (${reason})`, event.data)),
    onSent: log && ((type, origin) => log(`sent ${type} to ${origin}`)),
    onDestroyed: close,
  });
  const methods: HostedPageMethods = { ping: () => true };
  const connection = connect<MerchantMethods>({
    messenger,
    methods,
    channel: protocolChannel,
    log: log && penpalLog(log),
  });

  const ready = connection.promise.then((proxy) => {
    if (closed) return new Promise<void>(() => undefined);
    remote = proxy;
    deliver({ type: 'ready' });
    addEventListener('pagehide', leaving);
    addEventListener('pageshow', back);
    if (framed) addEventListener('keydown', escape);
    for (const message of queue.splice(0)) deliver(message);
    if (options.autoResize !== false) {
      observer = new ResizeObserver(() => {
        const height = document.documentElement.getBoundingClientRect().height;
        if (Math.abs(height - lastHeight) < 0.5) return;
        lastHeight = height;
        send({ type: 'resize', height });
      });
      observer.observe(document.documentElement);
    }
  });
  ready.catch(() => undefined);

  const outcome = (type: 'success' | 'failure', result: CheckoutResultInit = {}): void =>
    send({ type, result: { ...result } });
  return {
    ready: ready.then(() => undefined),
    pending: (info = {}) => send({ type: 'pending', info: { ...info } }),
    succeed: (result) => outcome('success', result),
    fail: (result) => outcome('failure', result),
    expire: () => send({ type: 'expired' }),
    cancel: () => send({ type: 'cancel' }),
    destroy: () => {
      if (closed) return;
      close();
      connection.destroy();
    },
  };
}
