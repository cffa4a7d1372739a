import { outcomeStatus, toCheckoutResult } from '../shared/checkout-result.js';
import type { HostMessage } from '../shared/protocol.js';
import { own } from '../shared/untrusted.js';
import type { Landing } from './return-url.js';
import type { SessionSignal } from './session.js';

/**
 * What a report of the hosted page means for the session; `undefined` for the reports the
 * showing handles itself (`ready`, `resize`, `leaving`).
 */
export function signalForReport(message: HostMessage): SessionSignal | undefined {
  switch (message.type) {
    case 'pending':
      return { type: 'pending', info: Object.freeze(message.info) };
    case 'success':
      return { type: 'success', result: toCheckoutResult(message.result, 'SUCCESS', 'message') };
    case 'failure': {
      const status = outcomeStatus('failure', own(message.result, 'status'));
      return { type: 'failure', result: toCheckoutResult(message.result, status, 'message') };
    }
    case 'expired':
      return { type: 'pageExpired' };
    case 'cancel':
      return { type: 'cancel' };
    // Esc in the framed page: what Esc in the shop's page does (the overlay closes).
    case 'escape':
      return { type: 'close' };
    default:
      return undefined;
  }
}

/** What the checkout landing on a return URL means for the session. */
export function signalForLanding(landing: Landing): SessionSignal {
  return { type: landing.outcome, result: landing.result };
}
