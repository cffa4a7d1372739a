import type { ServerResponse } from 'node:http';
import { SandboxError } from './errors.js';
import { sendJson } from './http.js';
import type { EndpointName } from './fault-setting.js';
import type { SandboxContext } from './routes.js';
import type { SessionStore } from './sessions.js';

/**
 * What a request to the status query or a refund endpoint is about, for the draws of its faults:
 * the `checkout_reference` of the merchant's payment it names, whichever reference it gives.
 * `payment_uuid` and `request_uuid` are Waftpay's, new and random in every run: drawn on, the same
 * seed would not give the same faults. A reference the merchant does not have is taken as given.
 */
export function faultSubject(
  sessions: SessionStore,
  consumerKey: string,
  body: Record<string, unknown>,
): string {
  const { transaction_reference: reference, payment_uuid: paymentUuid, request_uuid: requestUuid } = body;
  if (typeof reference === 'string') return reference;
  if (typeof paymentUuid === 'string')
    return sessions.find(consumerKey, 'payment_uuid', paymentUuid)?.transactionReference ?? paymentUuid;
  if (typeof requestUuid === 'string') {
    const named =
      sessions.findRefund(consumerKey, requestUuid)?.session ??
      sessions.find(consumerKey, 'request_uuid', requestUuid);
    return named?.transactionReference ?? requestUuid;
  }
  return '';
}

/** Answers a request that goes on: with JSON, or (its reply lost) with nothing. */
export type Reply = (http: number, body: unknown) => void;

/**
 * The merchant's faults for a request to one of Waftpay's endpoints, `subject` being what it is
 * about (the reference it names): over the throttle, a 429 with `Retry-After`; else a 503, no
 * answer at all, an answer after a wait, or the work done and its reply lost, as the setting
 * draws. Resolves how to answer when the request goes on to be done, `undefined` when it is held
 * unanswered (and not done).
 *
 * @throws {SandboxError} `throttled` or `unavailable`.
 */
export async function misbehave(
  context: SandboxContext,
  consumerKey: string,
  endpoint: EndpointName,
  subject: string,
  response: ServerResponse,
): Promise<Reply | undefined> {
  const answer: Reply = (http, body) => sendJson(response, http, body);
  const faults = context.faults.of(consumerKey);
  if (!faults) return answer;
  try {
    faults.throttle();
  } catch (error) {
    response.setHeader('retry-after', String(faults.retryAfter()));
    throw error;
  }
  const fault = faults.endpoint(endpoint, subject);
  if (fault.kind === 'error')
    throw new SandboxError(
      'unavailable',
      'Waftpay is unavailable right now (a fault on purpose); try again.',
    );
  if (fault.kind === 'timeout') {
    context.hold(response, fault.hangMs);
    return undefined;
  }
  if (fault.kind === 'lostReply') return () => context.hold(response, fault.hangMs);
  if (fault.delayMs > 0) await new Promise<void>((resolve) => context.clock.schedule(resolve, fault.delayMs));
  return answer;
}
