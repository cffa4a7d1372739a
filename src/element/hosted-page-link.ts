import { CallOptions, connect, PenpalError, type Connection, type RemoteProxy } from 'penpal';
import type { PingAnswer } from './liveness.js';
import {
  penpalLog,
  protocolChannel,
  readEnvelope,
  type HostedPageMethods,
  type HostMessage,
  type MerchantMethods,
} from '../shared/protocol.js';
import { PinnedWindowMessenger } from '../shared/window-messenger.js';

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

/**
 * Keeps the element connected to the page in its frame until `signal` aborts. Penpal re-runs the
 * handshake by itself when the page reloads or moves to another allowed origin; when the page
 * closes the channel (`destroy()` in the host helper) a fresh connection waits for its next load.
 */
export function linkToHostedPage(options: HostedPageLinkOptions, signal: AbortSignal): HostedPageLink {
  const { remoteWindow, allowedOrigins, onMessage, log } = options;
  let connection: Connection<HostedPageMethods> | undefined;
  // Penpal's proxy outlives re-handshakes: calls go through the messenger's current port.
  let remote: RemoteProxy<HostedPageMethods> | undefined;

  const open = (): void => {
    remote = undefined;
    if (signal.aborted) return;
    const messenger = new PinnedWindowMessenger({
      remoteWindow,
      allowedOrigins,
      onRejected: log && ((reason, event) => log(`ignored a message (${reason})`, event.data)),
      onSent: log && ((type, origin) => log(`sent ${type} to ${origin}`)),
      onDestroyed: () => {
        if (signal.aborted) return;
        log?.('the hosted page closed the channel; waiting for it to connect again');
        queueMicrotask(open);
      },
    });
    const methods: MerchantMethods = {
      report(envelope: unknown): void {
        if (signal.aborted) return;
        const message = readEnvelope(envelope);
        if (message) onMessage(message);
        else log?.('ignored a report that is not a message of this protocol', envelope);
      },
    };
    const opened = connect<HostedPageMethods>({
      messenger,
      methods,
      channel: protocolChannel,
      log: log && penpalLog(log),
    });
    connection = opened;
    // The promise only rejects when the connection is torn down before a handshake.
    opened.promise.then((proxy) => connection === opened && (remote = proxy)).catch(() => undefined);
  };

  signal.addEventListener('abort', () => connection?.destroy(), { once: true });
  open();

  return {
    async ping(timeoutMs) {
      if (!remote) return 'unsupported';
      try {
        await remote.ping(new CallOptions({ timeout: timeoutMs }));
        return 'alive';
      } catch (error) {
        if (error instanceof PenpalError && error.code === 'METHOD_CALL_TIMEOUT') return 'silent';
        // METHOD_NOT_FOUND: an older page. A destroyed connection: a new one is on its way.
        return 'unsupported';
      }
    },
  };
}
