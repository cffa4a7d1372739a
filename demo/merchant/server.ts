import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { hostname } from 'node:os';
import type { Connect } from 'vite';
import { createWaftpayClient, type WaftpayClientOptions } from '../../src/server.js';
import { clientKey } from './client-limits.js';
import { systemClock, type Clock } from './clock.js';
import { packBasket, type FulfilAction } from './fulfilment.js';
import { openStore } from './open-store.js';
import { contentSecurityPolicy } from './pages.js';
import { shopRoutes, type ClientRates } from './routes.js';
import { createShop, type ReconcileReport, type Shop } from './shop.js';
import { waftpayBackoffMs } from './status-backoff.js';
import type { OrderLimits, OrderStore } from './store.js';
import { describe } from './waftpay-errors.js';

export type { ReconcileReport } from './shop.js';

/** How much one number, one browser and one client may ask of the shop. */
export interface ShopLimits {
  /** Counted in the store, so across every shop server sharing it. */
  readonly orders: OrderLimits;
  /** Counted by each server, per client address. */
  readonly clients: ClientRates;
}

export const defaultLimits: ShopLimits = {
  orders: { openPerNumber: 3, perNumber: 10, perCustomer: 20, windowMs: 60 * 60_000 },
  clients: {
    orders: { burst: 30, perMinute: 10 },
    webhooks: { burst: 120, perMinute: 600 },
    verify: { burst: 30, perMinute: 60 },
  },
};

/** How long a client may take to send a request, and how many connections it may hold. */
export interface ConnectionLimits {
  /** Headers within this long of connecting. Default 10 000 ms. */
  readonly headersTimeoutMs: number;
  /** The whole request (headers and body) within this long. Default 20 000 ms. */
  readonly requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this long. Default 5 000 ms. */
  readonly keepAliveTimeoutMs: number;
  /** Connections open at once, in all. Default 1 000. */
  readonly maxConnections: number;
  /** Connections open at once from one client address. Default 100. */
  readonly maxConnectionsPerClient: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  maxConnectionsPerClient: 100,
};

export interface MerchantOptions {
  readonly port?: number;
  readonly host?: string;
  /** Where Waftpay and the customer's browser reach this server (callback and return URLs). */
  readonly publicUrl?: string;
  /** `postgres://…`: keep the orders in PostgreSQL, which several shop servers may share. */
  readonly databaseUrl?: string;
  /** Otherwise SQLite, in this folder (created if missing). Keep it out of what any web server serves. */
  readonly dataDir?: string;
  /** An open store to use instead (closed by the caller). */
  readonly store?: OrderStore;
  readonly waftpay: WaftpayClientOptions;
  /** Serves everything else (the storefront page and its scripts): Vite's middleware in the demo. */
  readonly pages?: Connect.Server;
  /** Origins the checkout is served from, let into the pages' `frame-src` and `connect-src`. */
  readonly checkoutOrigins?: readonly string[];
  readonly log?: (message: string) => void;
  /** What the shop sells. Default: one basket of KES 1 750. */
  readonly basket?: { readonly amount: number; readonly currency: string };
  /** Makes each order's `checkout_reference`. Default: `CHK-<time>-<random>`. */
  readonly newCheckoutReference?: () => string;
  /** Waftpay's `strict_amount`: false lets a customer pay part of an order. Default true. */
  readonly strictAmount?: boolean;
  /** How often orders still open past their expiry are checked with Waftpay. Default 60 000 ms; 0: never by itself. */
  readonly reconcileEveryMs?: number;
  /** How long after its expiry an open order is checked (time for its webhook to come). Default 60 000 ms. */
  readonly reconcileGraceMs?: number;
  /** Status queries reconciliation makes at once (it stops its pass on a 429). Default 4. */
  readonly reconcileConcurrency?: number;
  /** Waits between status queries of one order or payment. Default Waftpay's advice: 5, 10, 30, then 60 s. */
  readonly statusBackoffMs?: readonly number[];
  /** What fulfilling a paid order does. Default: the demo's packing list ({@link packBasket}). */
  readonly fulfil?: FulfilAction;
  /** How often due fulfilments left by a stopped server are looked for. Default 10 000 ms; 0: only at start. */
  readonly fulfilEveryMs?: number;
  /** How long a server's claim on a fulfilment keeps others off it. Default 60 000 ms. */
  readonly fulfilmentLeaseMs?: number;
  /** This server's name in the store's fulfilment records. Default: host, process and a random part. */
  readonly serverId?: string;
  readonly limits?: Partial<ShopLimits>;
  readonly connections?: Partial<ConnectionLimits>;
  /** Read client addresses from `X-Forwarded-For` (only behind a proxy that sets it). */
  readonly trustProxy?: boolean;
  /** The time, for the shop's rules and limits. Default the system's. */
  readonly clock?: Clock;
  /**
   * Where the local sandbox's phone pages are (`<origin>/phone/`), when the shop runs against it:
   * the storefront shows the customer's phone beside the shop. Unset with a real Waftpay.
   */
  readonly sandboxPhonesUrl?: string;
  /** The Bearer token with which the shop's staff may refund orders (`POST /api/orders/<id>/refund`). Default: none may. */
  readonly adminToken?: string;
}

export interface RunningMerchant {
  /** Where the server listens. */
  readonly url: string;
  /** Where it tells Waftpay and browsers to reach it (`publicUrl`, else `url`). */
  readonly publicUrl: string;
  readonly orders: OrderStore;
  readonly shop: Shop;
  /** Checks every order still open past its expiry (plus the grace) with Waftpay, now. */
  reconcile(): Promise<ReconcileReport>;
  close(): Promise<void>;
}

/** Connections per client address, and a cap on them: a connection over it is closed at once. */
function capConnectionsPerClient(server: Server, max: number, trustProxy: boolean): void {
  // Behind a proxy every connection comes from the proxy; its own limits apply there.
  if (trustProxy) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const client = clientKey(socket.remoteAddress ?? '');
    const count = (open.get(client) ?? 0) + 1;
    if (count > max) return void socket.destroy();
    open.set(client, count);
    socket.once('close', () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left) open.set(client, left);
      else open.delete(client);
    });
  });
}

/**
 * The demo shop's server, a reference integration that uses only `waftpay-checkout/server`: the
 * shop's logic (shop.ts) over its store (SQLite, or PostgreSQL shared by several servers), behind
 * thin HTTP routes (routes.ts), with reconciliation and fulfilment running on timers.
 */
export async function startMerchant(options: MerchantOptions): Promise<RunningMerchant> {
  const log = options.log ?? ((message: string) => console.log(`[shop] ${message}`));
  const clock = options.clock ?? systemClock;
  const limits = { ...defaultLimits, ...options.limits };
  const connections = { ...defaultConnectionLimits, ...options.connections };
  const store = options.store ?? (await openStore(options));
  const trustProxy = options.trustProxy ?? false;
  const server: Server = createServer({
    headersTimeout: connections.headersTimeoutMs,
    requestTimeout: connections.requestTimeoutMs,
    keepAliveTimeout: connections.keepAliveTimeoutMs,
    // How often the timeouts above are checked (Node's default, 30 s, would let them run long).
    connectionsCheckingInterval: Math.min(1_000, connections.headersTimeoutMs / 2),
  });
  server.maxConnections = connections.maxConnections;
  capConnectionsPerClient(server, connections.maxConnectionsPerClient, trustProxy);
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 5173, options.host ?? '127.0.0.1', resolve);
    });
  } catch (error) {
    if (!options.store) await store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const publicUrl = options.publicUrl ?? url;

  const shop = createShop({
    store,
    waftpay: createWaftpayClient(options.waftpay),
    clock,
    log,
    publicUrl,
    basket: options.basket ?? { amount: 1750, currency: 'KES' },
    limits: limits.orders,
    statusBackoffMs: options.statusBackoffMs ?? waftpayBackoffMs,
    reconcileGraceMs: options.reconcileGraceMs ?? 60_000,
    reconcileConcurrency: options.reconcileConcurrency,
    fulfil: options.fulfil ?? packBasket,
    serverId: options.serverId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    fulfilmentLeaseMs: options.fulfilmentLeaseMs ?? 60_000,
    newCheckoutReference: options.newCheckoutReference,
    strictAmount: options.strictAmount,
  });
  const handle = shopRoutes({
    shop,
    clock,
    log,
    ownOrigins: new Set([new URL(url).origin, new URL(publicUrl).origin]),
    secureCookie: publicUrl.startsWith('https:'),
    clientRates: limits.clients,
    trustProxy,
    contentSecurityPolicy: contentSecurityPolicy(options.checkoutOrigins ?? []),
    phoneUrl: (msisdn) =>
      options.sandboxPhonesUrl ? { phoneUrl: `${options.sandboxPhonesUrl}${msisdn}` } : {},
    pages: options.pages,
    adminToken: options.adminToken,
  });
  // Answered from here on: nothing can reach the server between its listening and this line.
  server.on('request', (request, response) => {
    // One boundary around everything: no request, however malformed, can end the process.
    handle(request, response).catch((error: unknown) => {
      log(`unexpected error answering a request: ${describe(error)}`);
      response.destroy();
    });
  });

  const every = (ms: number | undefined, fallback: number, work: () => Promise<unknown>) => {
    const interval = ms ?? fallback;
    const timer =
      interval > 0
        ? setInterval(() => void work().catch((error) => log(describe(error))), interval)
        : undefined;
    timer?.unref();
    return timer;
  };
  const timers = [
    every(options.reconcileEveryMs, 60_000, shop.reconcile),
    every(options.fulfilEveryMs, 10_000, shop.fulfilDue),
  ];
  // Whatever a stopped server left due is finished now.
  void shop.fulfilDue().catch((error) => log(describe(error)));

  return {
    url,
    publicUrl,
    orders: store,
    shop,
    reconcile: shop.reconcile,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await shop.settle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.store) await store.close();
    },
  };
}
