import type { IncomingMessage, ServerResponse } from 'node:http';

const maxBodyBytes = 64 * 1024;

/**
 * A refusal with words for whoever sent the request (for the storefront's endpoints: the
 * customer) and a stable `code` for programs.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Words for a request the page should never have sent: the customer can only reload. */
const unreadable = 'Something went wrong sending your order. Reload the page and try again.';

export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    request.resume();
    throw new HttpError(415, 'bad-request', unreadable);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new HttpError(413, 'bad-request', unreadable);
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  throw new HttpError(400, 'bad-request', unreadable);
}

export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(JSON.stringify(body));
}

/** The path of an origin-form request target; any other target is refused. */
export function pathOf(target: string | undefined): URL {
  if (!target?.startsWith('/') || target.startsWith('//'))
    throw new HttpError(400, 'bad-request', 'The request target must be a path.');
  try {
    return new URL(target, 'http://shop');
  } catch {
    throw new HttpError(400, 'bad-request', 'The request target is not a valid path.');
  }
}

/**
 * Refuses a state-changing request that another site's page made (cross-site request forgery):
 * browsers say where a request comes from in `Sec-Fetch-Site` and `Origin`. A request with
 * neither (a server, curl, a test) is not a browser's, and is let through.
 */
export function refuseCrossSite(request: IncomingMessage, ownOrigins: ReadonlySet<string>): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (
    (site !== undefined && site !== 'same-origin' && site !== 'none') ||
    (origin !== undefined && !ownOrigins.has(origin))
  ) {
    throw new HttpError(403, 'cross-site', 'This request did not come from the shop’s own page.');
  }
}
