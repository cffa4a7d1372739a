import type { ServerResponse } from 'node:http';
import { SandboxError } from './errors.js';
import type { EndpointName } from './fault-setting.js';
import type { SandboxContext } from './routes.js';

/**
 * The merchant's faults for a request to one of Waftpay's endpoints, `subject` being what it is
 * about (the reference it names): over the throttle, a 429 with `Retry-After`; else a 503, no
 * answer at all, or an answer after a wait, as the setting draws. Resolves `true` when the request
 * goes on to be answered normally, `false` when it is held unanswered.
 *
 * @throws {SandboxError} `throttled` or `unavailable`.
 */
export async function misbehave(
  context: SandboxContext,
  consumerKey: string,
  endpoint: EndpointName,
  subject: string,
  response: ServerResponse,
): Promise<boolean> {
  const faults = context.faults.of(consumerKey);
  if (!faults) return true;
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
    return false;
  }
  if (fault.delayMs > 0) await new Promise<void>((resolve) => context.clock.schedule(resolve, fault.delayMs));
  return true;
}
