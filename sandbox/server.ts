import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readCheckoutRequest } from './checkout-request.js';
import { SandboxError, newRequestId } from './errors.js';
import { hostedPageHeaders, renderHostedPage, renderUnknownSession } from './hosted-page.js';
import { readJsonObject, readOptionalJsonObject, sendHtml, sendJson } from './http.js';
import { SessionStore, type Session } from './sessions.js';
import { paymentStatus, queryPayment } from './status-query.js';
import { testNumbers } from './test-numbers.js';
import { Throttle } from './throttle.js';
import { TokenStore, type Credentials } from './tokens.js';
import { WebhookSender } from './webhooks.js';

export { testNumbers } from './test-numbers.js';
export { validationHash } from './webhooks.js';

export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 5174. */
  port?: number;
  /** Interface to listen on. Default `localhost`. */
  host?: string;
  /** Only these credentials get a token; by default any non-empty pair does. */
  credentials?: Credentials;
  /** Token lifetime (`expires_in`), ms. Default 7 200 000 (2 h), as Waftpay. */
  tokenTtlMs?: number;
  /** Lifetime of a session without `extra_params.expiry`, ms. Default 30 minutes. */
  defaultExpiryMs?: number;
  /** Wait between webhook attempts, ms. Default 60 000, as Waftpay. */
  webhookRetryMs?: number;
  /** Webhook attempts in all. Default 3, as Waftpay. */
  webhookAttempts?: number;
  /** How long one webhook attempt may take, ms. Default 10 000. */
  webhookTimeoutMs?: number;
  /**
   * Hosts besides this machine's (localhost, 127.0.0.1, [::1]) that `callback_url` may name;
   * `*` allows any. Default none.
   */
  webhookHosts?: readonly string[];
  /** At most this many API requests per second per client address (then 429). Default: no limit. */
  throttlePerSecond?: number;
  /** How long an ended session is remembered for status queries, ms. Default 24 hours. */
  sessionRetentionMs?: number;
  /** Deliver every webhook twice (at-least-once, made visible). Default false. */
  duplicateWebhooks?: boolean;
  /** How long 254700000004 stays pending, ms. Default 3000. */
  pendingDelayMs?: number;
  /** Where sandbox events (webhook deliveries) are reported. Default: the console. */
  log?: (message: string) => void;
}

export interface RunningSandbox {
  /** The server's origin, e.g. `http://localhost:5174`. */
  readonly origin: string;
  /** The API base URL, e.g. `http://localhost:5174/api` (as Waftpay's `https://sandbox.waftpay.io/api`). */
  readonly apiBaseUrl: string;
  /** Sessions in memory now (ended ones are forgotten after `sessionRetentionMs`). */
  readonly sessionCount: number;
  close(): Promise<void>;
}

type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  match: RegExpExecArray,
) => Promise<void> | void;
interface Route {
  readonly path: RegExp;
  readonly methods: Record<string, Handler>;
}

/** Where the hosted page's browser script is: beside the built server, or in dist/ when run from source. */
const assetFolders = [
  new URL('./assets/', import.meta.url),
  new URL('../dist/sandbox/assets/', import.meta.url),
];

async function readAsset(name: string): Promise<Buffer | undefined> {
  for (const folder of assetFolders) {
    try {
      return await readFile(new URL(name, folder));
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

/**
 * Starts the sandbox: Waftpay's API (token, Create Checkout Request, status query), the hosted
 * checkout page, and webhooks, on one loopback server. Everything lives in memory.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const log = options.log ?? ((message: string) => console.log(`[sandbox] ${message}`));
  const tokens = new TokenStore(options.tokenTtlMs ?? 7_200_000, options.credentials);
  const webhooks = new WebhookSender({
    retryMs: options.webhookRetryMs ?? 60_000,
    attempts: options.webhookAttempts ?? 3,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    duplicate: options.duplicateWebhooks ?? false,
    log,
  });
  const sessions = new SessionStore({
    defaultExpiryMs: options.defaultExpiryMs ?? 30 * 60_000,
    pendingDelayMs: options.pendingDelayMs ?? 3000,
    retentionMs: options.sessionRetentionMs ?? 24 * 60 * 60_000,
    onChange: (session) => webhooks.send(session),
  });
  const throttle = options.throttlePerSecond ? new Throttle(options.throttlePerSecond) : undefined;
  const webhookHosts = options.webhookHosts ?? [];
  let origin = '';

  const session = (match: RegExpExecArray): Session => {
    const found = sessions.byToken(match[1]);
    if (!found) throw new SandboxError('notFound', 'No checkout session has that id');
    return found;
  };
  const paymentView = (found: Session) => ({
    state: found.state,
    paidAmount: found.paidAmount,
    transactionReference: found.transactionReference,
    paymentUuid: found.paymentUuid,
  });

  // Session ids are the base64 of a UUID's text, which only ever uses letters and digits.
  const routes: Route[] = [
    {
      path: /^\/api\/authentication-service\/v1\/api\/generate-token$/,
      methods: {
        POST: async (request, response) => {
          const { token, expiresIn } = tokens.issue(await readJsonObject(request));
          sendJson(response, 200, {
            status: true,
            message: 'Request processed successfully',
            token,
            expires_in: expiresIn,
          });
        },
      },
    },
    {
      path: /^\/api\/checkout-backend-api\/v1\/request$/,
      methods: {
        POST: async (request, response) => {
          const consumerKey = tokens.verify(request.headers.authorization, 'collections');
          const body = readCheckoutRequest(await readJsonObject(request), { webhookHosts });
          const created = sessions.create(body, consumerKey);
          sendJson(response, 200, {
            code: '200',
            status: 'SUCCESS',
            description: 'Request accepted',
            data: {
              checkout_url: `${origin}/checkout/${created.token}`,
              expires_at: new Date(created.expiresAt).toISOString(),
            },
          });
        },
      },
    },
    {
      path: /^\/api\/payments-tsq-service\/v1\/query\/payments$/,
      methods: {
        POST: async (request, response) => {
          tokens.verify(request.headers.authorization, 'collections');
          const answer = queryPayment(sessions, await readJsonObject(request));
          sendJson(response, answer.http, answer.body);
        },
      },
    },
    {
      // Sandbox-only test helpers (Waftpay has nothing like them): what a customer would do,
      // for a merchant's server tests that have no browser. <reference> is the
      // checkout_reference, URL-encoded.
      path: /^\/api\/sandbox\/v1\/sessions\/([^/]{1,200})\/(approve|decline|expire|cancel)$/,
      methods: {
        POST: async (request, response, match) => {
          let reference: string;
          try {
            reference = decodeURIComponent(match[1]);
          } catch {
            throw new SandboxError(
              'malformedTarget',
              'The checkout_reference in the path is not URL-encoded',
            );
          }
          const found = sessions.find('transaction_reference', reference);
          if (!found)
            throw new SandboxError('notFound', `No checkout session has checkout_reference ${reference}`);
          const { amount } = await readOptionalJsonObject(request);
          if (amount !== undefined && (typeof amount !== 'number' || !Number.isFinite(amount)))
            throw new SandboxError('invalidAmount', 'amount must be a number', 'amount');
          const action = match[2];
          if (action === 'approve') sessions.approve(found, amount as number | undefined);
          else if (action === 'decline') sessions.decline(found);
          else if (action === 'expire') sessions.expire(found);
          else sessions.cancel(found);
          sendJson(response, 200, {
            checkout_reference: found.transactionReference,
            transaction_reference: found.transactionReference,
            payment_uuid: found.paymentUuid,
            ...paymentStatus(found),
          });
        },
      },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})$/,
      methods: {
        GET: (_request, response, match) => {
          const found = sessions.byToken(match[1]);
          if (!found) return sendHtml(response, 404, renderUnknownSession());
          sendHtml(response, 200, renderHostedPage(found), hostedPageHeaders(found));
        },
      },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})\/state$/,
      methods: { GET: (_request, response, match) => sendJson(response, 200, paymentView(session(match))) },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})\/prompt$/,
      methods: {
        POST: async (request, response, match) => {
          const found = session(match);
          const { amount } = await readJsonObject(request);
          if (amount !== undefined && (typeof amount !== 'number' || !Number.isFinite(amount))) {
            throw new SandboxError('invalidAmount', 'amount must be a number', 'amount');
          }
          sessions.prompt(found, amount as number | undefined);
          sendJson(response, 200, paymentView(found));
        },
      },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})\/phone$/,
      methods: {
        POST: async (request, response, match) => {
          const found = session(match);
          const { approved } = await readJsonObject(request);
          if (typeof approved !== 'boolean')
            throw new SandboxError('invalidValue', 'approved must be true or false', 'approved');
          sessions.answer(found, approved);
          sendJson(response, 200, paymentView(found));
        },
      },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})\/cancel$/,
      methods: {
        POST: async (request, response, match) => {
          const found = session(match);
          await readJsonObject(request);
          sessions.cancel(found);
          sendJson(response, 200, paymentView(found));
        },
      },
    },
    {
      path: /^\/assets\/(hosted-page\.js(?:\.map)?)$/,
      methods: {
        GET: async (_request, response, match) => {
          const body = await readAsset(match[1]);
          if (!body)
            throw new SandboxError('notFound', 'The hosted page script is not built: run `npm run build`.');
          response.writeHead(200, {
            'content-type': match[1].endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8',
            'cache-control': 'no-cache',
          });
          response.end(body);
        },
      },
    },
    {
      path: /^\/$/,
      methods: {
        GET: (_request, response) =>
          sendJson(response, 200, {
            name: 'waftpay-sandbox',
            api_base_url: `${origin}/api`,
            test_numbers: testNumbers,
          }),
      },
    },
  ];

  /** The path of an origin-form request target (`/a/b?c`); anything else is refused. */
  function pathOf(target: string | undefined): string {
    if (!target?.startsWith('/') || target.startsWith('//'))
      throw new SandboxError('malformedTarget', 'The request target must be a path such as /api/…');
    try {
      return new URL(target, 'http://sandbox').pathname;
    } catch {
      throw new SandboxError('malformedTarget', 'The request target is not a valid path');
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    try {
      const path = pathOf(request.url);
      if (throttle && path.startsWith('/api/')) {
        try {
          throttle.take(request.socket.remoteAddress ?? '');
        } catch (error) {
          response.setHeader('retry-after', '1');
          throw error;
        }
      }
      const route = routes.find((candidate) => candidate.path.test(path));
      if (!route) throw new SandboxError('notFound', `No route ${path}`);
      const handler = route.methods[request.method ?? ''];
      if (!handler) {
        response.setHeader('allow', Object.keys(route.methods).join(', '));
        throw new SandboxError('methodNotAllowed', `${request.method} is not allowed here`);
      }
      await handler(request, response, route.path.exec(path) as RegExpExecArray);
    } catch (error) {
      if (response.headersSent) return void response.end();
      if (!(error instanceof SandboxError))
        log(`unexpected error ${requestId}: ${(error as Error).stack ?? String(error)}`);
      const refusal =
        error instanceof SandboxError
          ? error
          : new SandboxError('unexpected', 'The sandbox failed unexpectedly');
      sendJson(response, refusal.http, refusal.body(requestId));
    }
  }

  const server: Server = createServer((request, response) => void handle(request, response));
  // A request line Node cannot parse never reaches handle(): answer it, in Waftpay's shape.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const body = JSON.stringify(
      new SandboxError('malformedTarget', 'The request could not be parsed').body(newRequestId()),
    );
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5174, options.host ?? 'localhost', resolve);
  });
  const address = server.address() as AddressInfo;
  const hostname = options.host ?? 'localhost';
  origin = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${address.port}`;

  return {
    origin,
    apiBaseUrl: `${origin}/api`,
    get sessionCount() {
      return sessions.size;
    },
    close: async () => {
      sessions.close();
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
