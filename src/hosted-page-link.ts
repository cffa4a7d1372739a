import { connect, type Connection } from 'penpal';
import { protocolChannel, readEnvelope, type HostMessage, type MerchantMethods } from './protocol.js';
import { PinnedWindowMessenger } from './window-messenger.js';

export interface HostedPageLinkOptions {
  /** The checkout frame's window. */
  readonly remoteWindow: Window;
  readonly allowedOrigins: readonly string[];
  /** Called with every well-formed message of the protocol. */
  readonly onMessage: (message: HostMessage) => void;
  /** Debug logging; when absent nothing is logged. */
  readonly log?: (message: string, ...details: unknown[]) => void;
}

/**
 * Keeps the element connected to the page in its frame until `signal` aborts. Penpal re-runs the
 * handshake by itself when the page reloads or moves to another allowed origin; when the page
 * closes the channel (`destroy()` in the host helper) a fresh connection waits for its next load.
 */
export function linkToHostedPage(options: HostedPageLinkOptions, signal: AbortSignal): void {
  const { remoteWindow, allowedOrigins, onMessage, log } = options;
  let connection: Connection | undefined;

  const open = (): void => {
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
    connection = connect({
      messenger,
      methods,
      channel: protocolChannel,
      log: log && ((...details: unknown[]) => log('penpal', ...details)),
    });
    // The promise only rejects when the connection is torn down before a handshake.
    connection.promise.catch(() => undefined);
  };

  signal.addEventListener('abort', () => connection?.destroy(), { once: true });
  open();
}
