/**
 * The protocol between `<waftpay-checkout>` (the merchant's page) and the hosted checkout page
 * (`waftpay-checkout/host`). Both sides import this module, so they agree by construction.
 *
 * Transport (src/shared/pinned-window.ts): each page that loads in the frame or popup says
 * `hello` to the shop's window; the element answers `connect` with one end of a fresh
 * MessageChannel, private to the two of them. The hosted page reports through it, each report an
 * envelope `{ protocol: 'waftpay-checkout', version: 2, message }`, checked by
 * {@link readEnvelope} before anything acts on it.
 *
 * Liveness: the element asks `ping` on the channel, and the page answers `pong`; the page reports
 * `leaving` when it unloads (navigating or closing). A connected page that falls silent without
 * saying `leaving` is gone (its renderer crashed or hangs), and the element loads it again.
 * Either side says `bye` when it closes the channel.
 *
 * Versioning: `protocolVersion` changes only for a breaking change (2: the transport above,
 * where version 1 ran on penpal). Every message carries it, so pages of different major versions
 * do not connect at all (the element then treats the page as one that speaks no protocol);
 * additions within a version are new message types, which an older element ignores.
 */
import { own, plainObject } from './untrusted.js';

export const protocolName = 'waftpay-checkout';
export const protocolVersion = 2;

/** What the hosted page says while the customer acts elsewhere (a prompt on the phone). */
export interface PendingInfo {
  /** A short sentence for the customer, e.g. "Approve the payment on your phone". */
  readonly message?: string;
}

/** The result fields a hosted page sent; the element keeps the known, well-typed ones. */
export type ResultFields = object;

/** Messages from the hosted page to the merchant's element (protocol version 2). */
export type HostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'pending'; readonly info: PendingInfo }
  | { readonly type: 'success'; readonly result: ResultFields }
  | { readonly type: 'failure'; readonly result: ResultFields }
  | { readonly type: 'expired' }
  | { readonly type: 'cancel' }
  | { readonly type: 'resize'; readonly height: number }
  /** The page is unloading (navigating, or its window closing): silence after this is expected. */
  | { readonly type: 'leaving' }
  /**
   * The customer pressed Esc in the framed page, which did not use the key itself: the shop's
   * element closes its overlay, as it does when Esc is pressed in the shop's own page.
   */
  | { readonly type: 'escape' };

export interface Envelope {
  readonly protocol: typeof protocolName;
  readonly version: typeof protocolVersion;
  readonly message: HostMessage;
}

/** Longest pending message kept; longer ones are dropped, not cut. */
export const maxPendingMessageLength = 256;
/** Taller than any checkout page; a larger report is noise or hostile. */
export const maxReportedHeight = 100_000;

/** `value` if it is a plain object of this protocol and version, else `undefined`. */
export function ofThisProtocol(value: unknown): object | undefined {
  const object = plainObject(value);
  return object && own(object, 'protocol') === protocolName && own(object, 'version') === protocolVersion
    ? object
    : undefined;
}

export function createEnvelope(message: HostMessage): Envelope {
  return { protocol: protocolName, version: protocolVersion, message };
}

/**
 * Reads an envelope received from the other side: returns a fresh, well-formed message, or
 * `undefined` for anything else. Fields of the wrong type are dropped; it never throws.
 */
export function readEnvelope(value: unknown): HostMessage | undefined {
  const envelope = ofThisProtocol(value);
  if (!envelope) return undefined;
  const message = plainObject(own(envelope, 'message'));
  if (!message) return undefined;
  const type = own(message, 'type');
  switch (type) {
    case 'ready':
      return { type: 'ready' };
    case 'expired':
      return { type: 'expired' };
    case 'cancel':
      return { type: 'cancel' };
    case 'leaving':
      return { type: 'leaving' };
    case 'escape':
      return { type: 'escape' };
    case 'pending': {
      const text = own(plainObject(own(message, 'info')) ?? {}, 'message');
      const valid = typeof text === 'string' && text.length > 0 && text.length <= maxPendingMessageLength;
      return { type: 'pending', info: valid ? { message: text } : {} };
    }
    case 'success':
    case 'failure':
      return { type, result: plainObject(own(message, 'result')) ?? {} };
    case 'resize': {
      const height = own(message, 'height');
      return typeof height === 'number' &&
        Number.isFinite(height) &&
        height > 0 &&
        height <= maxReportedHeight
        ? { type: 'resize', height }
        : undefined;
    }
    default:
      return undefined;
  }
}
