import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRoutes } from './api-routes.js';
import { realClock, type SandboxClock, type ScheduledRun } from './clock.js';
import { SandboxError, newRequestId } from './errors.js';
import { readFaultSetting, type FaultSetting } from './fault-setting.js';
import { FaultControl, type InjectedCounts } from './faults.js';
import { helperRoutes } from './helper-routes.js';
import { sendJson } from './http.js';
import { checkFees, type Fees } from './money.js';
import { pageRoutes } from './page-routes.js';
import { PhoneLines } from './phone.js';
import { recordedPayments, type RecordedPayments } from './recorded.js';
import type { Route, SandboxContext } from './routes.js';
import { SessionStore, type PaymentEvent, type Session } from './sessions.js';
import { Throttle } from './throttle.js';
import { TokenStore, type Credentials } from './tokens.js';
import { finalStatuses, webhookBody } from './webhook-body.js';
import { WebhookSender } from './webhooks.js';

export { testNumbers } from './test-numbers.js';
export { validationHash } from './webhook-body.js';
export { ManualClock, realClock, type SandboxClock, type ScheduledRun } from './clock.js';
export type { FaultSetting } from './fault-setting.js';
export type { InjectedCounts } from './faults.js';
export type { Fees } from './money.js';
export type { RecordedPayment, RecordedPayments, RecordedRefund } from './recorded.js';

/**
 * Which webhooks are sent: the final outcome only (the guide: "we POST the final result"),
 * PENDING and ESCALATED too (the webhooks overview lists PENDING among the events), or every
 * status, CREATED included.
 */
export type WebhookStatuses = 'final' | 'pending' | 'all';

export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. Default 5174. */
  port?: number;
  /** Interface to listen on. Default `localhost`. */
  host?: string;
  /**
   * Only these credentials get a token. By default any non-empty pair does, and from then on that
   * consumer key gets a token only with the secret it was first used with.
   */
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
  /** Which statuses are announced by webhook. Default `pending` (PENDING, ESCALATED and outcomes). */
  webhookStatuses?: WebhookStatuses;
  /**
   * Hosts besides this machine's (localhost, 127.0.0.1, [::1]) that `callback_url` may name;
   * `*` allows any. Default none.
   */
  webhookHosts?: readonly string[];
  /** At most this many API requests per second per client address (then 429). Default: no limit. */
  throttlePerSecond?: number;
  /** How long an ended session that was not paid is remembered, ms. Default 24 hours. */
  sessionRetentionMs?: number;
  /** How long a paid session is remembered after its last change (refunds, queries), ms. Default 90 days. */
  paidRetentionMs?: number;
  /** How long a refund or reversal stays processing, ms. Default 0 (done at once). */
  refundDelayMs?: number;
  /** Deliver every webhook twice (at-least-once, made visible). Default false. */
  duplicateWebhooks?: boolean;
  /** How long 254700000004 stays pending, ms. Default 3000. */
  pendingDelayMs?: number;
  /** Waftpay's fees: `total_charges` and `total_amount` follow. Default none. */
  fees?: Fees;
  /**
   * Faults on purpose for every merchant that set none of its own (the same setting as
   * `PUT /api/sandbox/v1/faults`; see docs/sandbox.md). Default none.
   */
  faults?: unknown;
  /** Where time comes from and waits happen. Default the machine's; tests may pass a ManualClock. */
  clock?: SandboxClock;
  /** Where sandbox events (webhook deliveries) are reported. Default: the console. */
  log?: (message: string) => void;
  /** Where warnings go (listening beyond this machine). Default: the console's error stream. */
  warn?: (message: string) => void;
}

/** A merchant's faults: the setting, and what it injected so far. */
export interface FaultReport {
  readonly setting: FaultSetting;
  readonly injected: InjectedCounts;
}

export interface RunningSandbox {
  /** The server's origin, e.g. `http://localhost:5174`. */
  readonly origin: string;
  /** The API base URL, e.g. `http://localhost:5174/api` (as Waftpay's `https://sandbox.waftpay.io/api`). */
  readonly apiBaseUrl: string;
  /** The clock it runs on. */
  readonly clock: SandboxClock;
  /** Sessions in memory now (ended ones are forgotten after `sessionRetentionMs`). */
  readonly sessionCount: number;
  /** Phone pages (`/phone/<msisdn>`) connected now for their live updates. */
  readonly phoneScreens: number;
  /** What the sandbox holds of one merchant (consumer key): payments, refunds, reversals. */
  recorded(consumerKey: string): RecordedPayments;
  /** Sets one merchant's faults (as `PUT /api/sandbox/v1/faults`). @throws {SandboxError} a bad setting. */
  setFaults(consumerKey: string, setting: unknown): FaultReport;
  /** One merchant's faults and what they injected so far, if any. */
  faults(consumerKey: string): FaultReport | undefined;
  /** Ends one merchant's faults; returns what they were. */
  clearFaults(consumerKey: string): FaultReport | undefined;
  /**
   * Resolves once no webhook delivery is under way (each is answered, or waits on the clock). With
   * a ManualClock, await it after each move of the clock.
   */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

const loopback = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Statuses each setting of `webhookStatuses` announces besides the final outcomes. */
const announced: Record<WebhookStatuses, ReadonlySet<string>> = {
  final: new Set(),
  pending: new Set(['PENDING', 'ESCALATED']),
  all: new Set(['CREATED', 'PENDING', 'ESCALATED']),
};

/**
 * Starts the sandbox: Waftpay's API (token, Create Checkout Request, status query, refunds and
 * reversals), the hosted checkout page, and webhooks, on one server; and the sandbox's own test
 * helpers and faults on purpose. Everything lives in memory, on the clock it is given.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const log = options.log ?? ((message: string) => console.log(`[sandbox] ${message}`));
  const warn = options.warn ?? ((message: string) => console.warn(`[sandbox] ${message}`));
  const clock = options.clock ?? realClock;
  const fees = options.fees ?? {};
  checkFees(fees);
  const statuses = options.webhookStatuses ?? 'pending';
  if (!Object.hasOwn(announced, statuses))
    throw new TypeError(`webhookStatuses must be final, pending or all, got ${String(statuses)}`);
  const faults = new FaultControl(
    clock,
    options.faults === undefined ? undefined : readFaultSetting(options.faults),
  );
  const tokens = new TokenStore(options.tokenTtlMs ?? 7_200_000, clock, options.credentials);
  const webhooks = new WebhookSender({
    clock,
    retryMs: options.webhookRetryMs ?? 60_000,
    attempts: options.webhookAttempts ?? 3,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    log,
  });
  const announce = (session: Session, event: PaymentEvent): void => {
    const final = finalStatuses.has(event.status);
    if (!final && !announced[statuses].has(event.status)) return;
    const reference = session.transactionReference;
    const fault = faults.of(session.consumerKey)?.webhook(reference, event.status, final);
    webhooks.send(
      {
        session: session.id,
        url: event.refund?.notificationUrl ?? session.request.callbackUrl,
        reference,
        status: event.status,
        body: webhookBody(session, event, fees, clock.now()),
      },
      fault ?? { drop: false, copies: 1, delayMs: 0, reorder: false },
      options.duplicateWebhooks ? 1 : 0,
    );
  };
  const sessions: SessionStore = new SessionStore({
    clock,
    defaultExpiryMs: options.defaultExpiryMs ?? 30 * 60_000,
    pendingDelayMs: options.pendingDelayMs ?? 3000,
    retentionMs: options.sessionRetentionMs ?? 24 * 60 * 60_000,
    paidRetentionMs: options.paidRetentionMs ?? 90 * 24 * 60 * 60_000,
    refundDelayMs: options.refundDelayMs ?? 0,
    onEvent: (session, event) => {
      announce(session, event);
      phones.changed(session);
    },
  });
  const phones = new PhoneLines(sessions);
  const throttle = options.throttlePerSecond ? new Throttle(options.throttlePerSecond) : undefined;
  const held = new Map<ServerResponse, ScheduledRun>();
  let origin = '';

  const context: SandboxContext = {
    clock,
    sessions,
    tokens,
    faults,
    phones,
    fees,
    webhookHosts: options.webhookHosts ?? [],
    hold(response, ms) {
      const close = (): void => {
        held.delete(response);
        response.socket?.destroy();
      };
      // A hang of no time: the connection closes now, with no answer.
      if (ms <= 0) return close();
      held.set(response, clock.schedule(close, ms));
      response.on('close', () => {
        held.get(response)?.cancel();
        held.delete(response);
      });
    },
    origin: () => origin,
  };
  const routes: Route[] = [...apiRoutes(context), ...helperRoutes(context), ...pageRoutes(context)];

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
          throttle.take(request.socket.remoteAddress ?? '', clock.now());
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
  server.on('clientError', (_error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const body = JSON.stringify(
      new SandboxError('malformedTarget', 'The request could not be parsed').body(newRequestId()),
    );
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const hostname = options.host ?? 'localhost';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5174, hostname, resolve);
  });
  const address = server.address() as AddressInfo;
  origin = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${address.port}`;
  if (!loopback.test(hostname))
    warn(
      `WARNING: listening on ${hostname}, not only on this machine. Anyone who can reach ${origin} can open the ` +
        'phone pages (/phone/<msisdn>) and press Approve for any prompt, settle payments with the test ' +
        'numbers, and read the hosted pages. Use it only on a network you trust.',
    );

  const report = (consumerKey: string) => faults.of(consumerKey)?.report();
  return {
    origin,
    apiBaseUrl: `${origin}/api`,
    clock,
    get sessionCount() {
      return sessions.size;
    },
    get phoneScreens() {
      return phones.size;
    },
    recorded: (consumerKey) => recordedPayments(sessions, consumerKey),
    setFaults: (consumerKey, setting) => faults.set(consumerKey, readFaultSetting(setting)).report(),
    faults: report,
    clearFaults: (consumerKey) => faults.clear(consumerKey)?.report(),
    webhooksIdle: () => webhooks.idle(),
    close: async () => {
      sessions.close();
      webhooks.close();
      for (const [response, run] of held) {
        run.cancel();
        response.socket?.destroy();
      }
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
