/**
 * The protocol between `<waftpay-checkout>` (the merchant's page) and the hosted checkout page
 * (`waftpay-checkout/host`). Both sides import this module, so they agree by construction.
 *
 * Transport: penpal 7 (handshake, then a private MessageChannel), on the channel
 * `waftpay-checkout/v1`. The hosted page calls one method on the merchant's side, `report`,
 * with an envelope `{ protocol: 'waftpay-checkout', version: 1, message }`. Every envelope is
 * checked by {@link readEnvelope} before anything acts on it.
 *
 * Liveness: the hosted page exposes one method, `ping`, and reports `leaving` when it unloads
 * (navigating or closing). A page that has `ping` and falls silent without saying `leaving` is
 * gone (its renderer crashed or hangs), and the element loads it again. A page without `ping`
 * (an older host helper) is never judged by its silence.
 *
 * Versioning: `protocolVersion` changes only for a breaking change. The channel name carries it,
 * so pages of different major versions do not connect at all (the element then treats the page
 * as one that speaks no protocol); additions within a version are new message types, which an
 * older element ignores, and new methods, which an older page answers as unknown (`ping` came so).
 */
import { own, plainObject } from './untrusted.js';

export const protocolName = 'waftpay-checkout';
export const protocolVersion = 1;
/** The penpal channel: our traffic only, and only with the same major version. */
export const protocolChannel = `${protocolName}/v${protocolVersion}`;

/** What the hosted page says while the customer acts elsewhere (a prompt on the phone). */
export interface PendingInfo {
  /** A short sentence for the customer, e.g. "Approve the payment on your phone". */
  readonly message?: string;
}

/** The result fields a hosted page sent; the element keeps the known, well-typed ones. */
export type ResultFields = object;

/** Messages from the hosted page to the merchant's element (protocol version 1). */
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
   * element closes its overlay, as it does when Esc is pressed in the shop's own page. (Added
   * within version 1: an older element ignores it.)
   */
  | { readonly type: 'escape' };

export interface Envelope {
  readonly protocol: typeof protocolName;
  readonly version: typeof protocolVersion;
  readonly message: HostMessage;
}

/** The methods the element exposes to the hosted page. */
export interface MerchantMethods {
  [name: string]: (envelope: unknown) => void;
  report(envelope: unknown): void;
}

/** The methods the hosted page exposes to the element. */
export interface HostedPageMethods {
  [name: string]: () => boolean;
  /** Answers while the page is alive; see "Liveness" above. */
  ping(): boolean;
}

/**
 * Penpal's debug log for this channel, without the liveness chatter (a ping and its reply every
 * 2 s would bury everything else).
 */
export function penpalLog(
  log: (message: string, ...details: unknown[]) => void,
): (...details: unknown[]) => void {
  return (...details) => {
    if (typeof details[0] === 'string' && details[0].includes('ping()')) return;
    log('penpal', ...details);
  };
}

/** Longest pending message kept; longer ones are dropped, not cut. */
export const maxPendingMessageLength = 256;
/** Taller than any checkout page; a larger report is noise or hostile. */
export const maxReportedHeight = 100_000;

export function createEnvelope(message: HostMessage): Envelope {
  return { protocol: protocolName, version: protocolVersion, message };
}

/**
 * Reads an envelope received from the other side: returns a fresh, well-formed message, or
 * `undefined` for anything else. Fields of the wrong type are dropped; it never throws.
 */
export function readEnvelope(value: unknown): HostMessage | undefined {
  const envelope = plainObject(value);
  if (
    !envelope ||
    own(envelope, 'protocol') !== protocolName ||
    own(envelope, 'version') !== protocolVersion
  ) {
    return undefined;
  }
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
