import { WaftpayNetworkError } from './errors.js';

/** The `fetch` this client calls: the platform's, or one given in the options. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** What came back: the HTTP status and the body parsed as JSON (`undefined` when it is not JSON). */
export interface JsonReply {
  readonly httpStatus: number;
  readonly body: unknown;
}

/** A reply larger than this is not one of Waftpay's, and is not read further. */
const maxReplyChars = 1_000_000;

function isTimeout(signal: AbortSignal, error: unknown): boolean {
  const reason = signal.reason as { name?: string } | undefined;
  return (
    (signal.aborted && reason?.name === 'TimeoutError') ||
    (error as { name?: string })?.name === 'TimeoutError'
  );
}

/**
 * POSTs `body` as JSON and reads the whole reply within `timeoutMs` (the clock covers the body
 * too: a server that sends headers and then stalls is a timeout, not a hang).
 *
 * @throws {WaftpayNetworkError} no connection, a broken one, or no complete reply in time.
 */
export async function postJson(
  fetch: Fetch,
  url: string,
  body: unknown,
  options: { readonly timeoutMs: number; readonly token?: string },
): Promise<JsonReply> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let httpStatus: number;
  let text: string;
  try {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
    httpStatus = response.status;
    text = await response.text();
  } catch (error) {
    const timedOut = isTimeout(signal, error);
    throw new WaftpayNetworkError(
      timedOut ? 'timeout' : 'network',
      timedOut
        ? `Waftpay did not answer ${new URL(url).pathname} within ${options.timeoutMs} ms`
        : `Waftpay could not be reached at ${new URL(url).origin}`,
      { cause: error },
    );
  }
  if (text.length > maxReplyChars) return { httpStatus, body: undefined };
  try {
    return { httpStatus, body: JSON.parse(text) as unknown };
  } catch {
    return { httpStatus, body: undefined };
  }
}
