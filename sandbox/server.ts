import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readCheckoutRequest } from './checkout-request.js';
import { SandboxError, newRequestId } from './errors.js';
import { hostedPageHeaders, renderHostedPage, renderUnknownSession } from './hosted-page.js';
import { readJsonObject, sendHtml, sendJson } from './http.js';
import { SessionStore, type Session } from './sessions.js';
import { queryPayment } from './status-query.js';
import { testNumbers } from './test-numbers.js';
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
    duplicate: options.duplicateWebhooks ?? false,
    log,
  });
  const sessions = new SessionStore({
    defaultExpiryMs: options.defaultExpiryMs ?? 30 * 60_000,
    pendingDelayMs: options.pendingDelayMs ?? 3000,
    onFinal: (session) => webhooks.send(session),
  });
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
          sendJson(response, 200, { status: true, message: 'Token generated', token, expires_in: expiresIn });
        },
      },
    },
    {
      path: /^\/api\/checkout-backend-api\/v1\/request$/,
      methods: {
        POST: async (request, response) => {
          const consumerKey = tokens.verify(request.headers.authorization);
          const created = sessions.create(readCheckoutRequest(await readJsonObject(request)), consumerKey);
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
          tokens.verify(request.headers.authorization);
          const answer = queryPayment(sessions, await readJsonObject(request));
          sendJson(response, answer.http, answer.body);
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

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    try {
      const path = new URL(request.url ?? '/', 'http://sandbox').pathname;
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
      if (error instanceof SandboxError) return sendJson(response, error.http, error.body(requestId));
      log(`unexpected error ${requestId}: ${(error as Error).stack ?? String(error)}`);
      sendJson(response, 500, {
        error: 'service_error',
        message: 'The sandbox failed unexpectedly',
        request_id: requestId,
        code: '500.000.500',
        status: 'ERROR',
      });
    }
  }

  const server: Server = createServer((request, response) => void handle(request, response));
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
    close: async () => {
      sessions.close();
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
