// The shop's HTTP interface: each route reads the request, calls the shop's logic (shop.ts) and
// writes the answer. Limits per client and the page guard live here; the rules do not.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect } from 'vite';
import { WaftpayApiError } from '../../src/server.js';
import { ClientLimit, clientOf, type Rate } from './client-limits.js';
import type { Clock } from './clock.js';
import { customerCookie, customerKey, customerOf, newCustomer } from './customers.js';
import { HttpError, pathOf, readJson, refuseCrossSite, send } from './http.js';
import { OncePerKey } from './once-per-key.js';
import { hasDotSegment } from './pages.js';
import { publicOrder } from './public-order.js';
import { renderReturnPage } from './return-page.js';
import { ShopRefusal, type Shop } from './shop.js';
import type { Order } from './store.js';
import { describe, waftpayUnreachable } from './waftpay-errors.js';

/** How many requests one client may make to the routes that cost something. */
export interface ClientRates {
  /** `POST /api/orders`: each may push a prompt to a phone. */
  readonly orders: Rate;
  /** `POST /webhooks/waftpay`: each may cost a status query (Waftpay's own deliveries come from few addresses). */
  readonly webhooks: Rate;
  /** `POST /api/orders/<id>/verify`: each may cost a status query. */
  readonly verify: Rate;
}

export interface RoutesOptions {
  readonly shop: Shop;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** The shop's own origins: state-changing requests from any other are refused. */
  readonly ownOrigins: ReadonlySet<string>;
  /** Whether browsers reach the shop over https (the customer's cookie is then `__Host-` and `Secure`). */
  readonly secureCookie: boolean;
  readonly clientRates: ClientRates;
  /** Read the client's address from `X-Forwarded-For` (behind a proxy the shop trusts). */
  readonly trustProxy: boolean;
  readonly contentSecurityPolicy: string;
  readonly phoneUrl: (msisdn: string) => { phoneUrl?: string };
  /** Serves everything else (the storefront page and its scripts): Vite's middleware in the demo. */
  readonly pages?: Connect.Server;
  /**
   * The Bearer token of the shop's staff, who may refund (`POST /api/orders/<id>/refund`). Without
   * it, no one may: that route is not found.
   */
  readonly adminToken?: string;
}

/** How long an order request another server has claimed is waited for before it is taken over (that server stopped). */
const orderRequestClaimMs = 60_000;

const digest = (text: string) => createHash('sha256').update(text).digest();

/** What the customer reads when Waftpay is down, slow or failing: nothing was made or charged. */
const waftpayUnavailable = 'Waftpay cannot be reached. Nothing was charged. Try again.';
const waftpayRefused = 'The payment could not be started. Nothing was charged. Please try again later.';
const tooMany = 'Too many requests from here in a short time. Wait a minute and try again.';
const retryAfter = (ms: number) => ({ 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });

/**
 * Every webhook the shop does not take gets this same answer, whatever the reason (malformed, a
 * hash that does not match, a reference or a payment nobody knows, too many requests, Waftpay
 * unreachable): the reason is only in the log. Waftpay delivers again after anything but a 2xx.
 */
function refuseWebhook(response: ServerResponse): void {
  send(response, 400, { received: false });
}

export function shopRoutes(
  options: RoutesOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { shop, log, secureCookie } = options;
  const limits = {
    orders: new ClientLimit(options.clientRates.orders, options.clock),
    webhooks: new ClientLimit(options.clientRates.webhooks, options.clock),
    verify: new ClientLimit(options.clientRates.verify, options.clock),
  };
  const client = (request: IncomingMessage) => clientOf(request, options.trustProxy);

  function view(order: Order, request: IncomingMessage) {
    const customer = customerOf(request, secureCookie);
    const mine = customer !== undefined && order.customer === customerKey(customer);
    return publicOrder(order, {
      mine,
      clock: options.clock,
      returnUrl: shop.returnUrl,
      phoneUrl: options.phoneUrl,
    });
  }

  /** What `POST /api/orders` answers: the order and its checkout, and the customer's cookie if new. */
  interface OrderCreated {
    readonly body: Record<string, unknown>;
    readonly headers: Record<string, string>;
  }
  /** Order requests this server made lately, by `Idempotency-Key`: the same key at once waits for the first. */
  const orderRequests = new OncePerKey<OrderCreated>(orderRequestClaimMs, () => options.clock.now());

  /**
   * `POST /api/orders`, once per `Idempotency-Key` (the storefront makes one per request to pay),
   * kept in the store, so whichever server the same request reaches: sent twice (a double call, a
   * retry after a lost answer) it gets the one order the first made, and counts once against the
   * client's limit. While another server is making it, 409 with `Retry-After`. Without a key, each
   * request makes an order.
   */
  async function createOrder(request: IncomingMessage, response: ServerResponse): Promise<void> {
    refuseCrossSite(request, options.ownOrigins);
    const key = request.headers['idempotency-key'];
    if (key !== undefined && !/^[\w-]{8,100}$/.test(String(key))) {
      request.resume();
      throw new HttpError(400, 'bad-request', 'Idempotency-Key must be 8 to 100 letters, digits, - or _.');
    }
    const created = key
      ? await orderRequests.run(String(key), () => makeOrderOnce(String(key), request))
      : await makeOrder(request);
    request.resume();
    send(response, 201, created.body, created.headers);
  }

  async function makeOrderOnce(key: string, request: IncomingMessage): Promise<OrderCreated> {
    const now = options.clock.now();
    const claim = await shop.store.claimOrderRequest(key, now, now - orderRequestClaimMs);
    if (!claim.claimed) {
      if (claim.response) return JSON.parse(claim.response) as OrderCreated;
      throw new HttpError(
        409,
        'request-in-progress',
        'This request is being handled. Try again in a moment.',
        retryAfter(1000),
      );
    }
    let created: OrderCreated | undefined;
    try {
      created = await makeOrder(request);
      return created;
    } finally {
      // Kept with what it made; or, nothing made, free to be tried again.
      await shop.store.finishOrderRequest(key, created && JSON.stringify(created));
    }
  }

  /** Whether the request carries the staff's token (compared in constant time). */
  const isStaff = (request: IncomingMessage) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    return (
      options.adminToken !== undefined &&
      given !== undefined &&
      timingSafeEqual(digest(given), digest(options.adminToken))
    );
  };

  /**
   * `POST /api/orders/<id>/refund` (the shop's staff, with its token): `{amount?, remarks?}`, once
   * per `Idempotency-Key` (required): asked again, it answers the same refund and asks Waftpay
   * nothing more.
   */
  async function refundOrder(request: IncomingMessage, orderId: string, response: ServerResponse) {
    if (!isStaff(request)) {
      request.resume();
      throw new HttpError(404, 'not-found', 'Not found');
    }
    const key = String(request.headers['idempotency-key'] ?? '');
    if (!/^[\w-]{8,100}$/.test(key)) {
      request.resume();
      throw new HttpError(400, 'bad-request', 'Idempotency-Key must be 8 to 100 letters, digits, - or _.');
    }
    const body = await readJson(request);
    const refund = await shop.refund(orderId, {
      key,
      amount: body.amount === undefined ? undefined : Number(body.amount),
      remarks: typeof body.remarks === 'string' ? body.remarks.slice(0, 200) : undefined,
    });
    send(response, refund.state === 'done' ? 200 : 202, { refund });
  }

  async function makeOrder(request: IncomingMessage): Promise<OrderCreated> {
    const wait = limits.orders.take(client(request));
    if (wait) {
      request.resume();
      throw new HttpError(429, 'too-many-requests', tooMany, retryAfter(wait));
    }
    const body = await readJson(request);
    const known = customerOf(request, secureCookie);
    const customer = known ?? newCustomer();
    const { order, checkout } = await shop.createOrder({
      msisdn: typeof body.msisdn === 'string' ? body.msisdn : '',
      mode: ['overlay', 'popup', 'redirect'].includes(body.mode as string) ? (body.mode as string) : 'iframe',
      expiresInSeconds: Number(body.expiresInSeconds ?? 1800),
      customer: customerKey(customer),
    });
    return {
      body: {
        orderId: order.id,
        mode: order.mode,
        checkoutUrl: checkout.checkoutUrl,
        expiresAt: checkout.expiresAt,
        successRedirectUrl: shop.returnUrl('success', order.id),
        failRedirectUrl: shop.returnUrl('fail', order.id),
        ...options.phoneUrl(order.msisdn),
      },
      headers: known ? {} : { 'set-cookie': customerCookie(customer, secureCookie) },
    };
  }

  async function receiveWebhook(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (limits.webhooks.take(client(request))) {
      log(`webhook REJECTED (too many from ${client(request)}); no order changed`);
      request.resume();
      return refuseWebhook(response);
    }
    let body: unknown;
    try {
      body = await readJson(request);
    } catch {
      log('webhook REJECTED (not a JSON object); no order changed');
      return refuseWebhook(response);
    }
    const receipt = await shop.receiveWebhook(body);
    if (!receipt.taken) return refuseWebhook(response);
    send(response, 200, { received: true, duplicate: receipt.duplicate });
  }

  async function verifyOrder(
    request: IncomingMessage,
    orderId: string,
    response: ServerResponse,
  ): Promise<void> {
    refuseCrossSite(request, options.ownOrigins);
    const limited = limits.verify.take(client(request));
    const known = limited
      ? await shop.store.get(orderId).then((order) => order && { order, retryAfterMs: limited })
      : await shop.verifyOrder(orderId);
    if (!known) throw new HttpError(404, 'unknown-order', 'There is no such order.');
    const { order, retryAfterMs } = known;
    send(
      response,
      200,
      view(order, request),
      order.status === 'CREATED' && retryAfterMs ? retryAfter(retryAfterMs) : {},
    );
  }

  function fail(response: ServerResponse, error: unknown): void {
    if (response.headersSent) return void response.end();
    if (error instanceof ShopRefusal) {
      const status = error.code.startsWith('invalid-')
        ? 400
        : error.code === 'unknown-order'
          ? 404
          : error.code.endsWith('-busy')
            ? 429
            : 409;
      return send(response, status, { error: error.message, code: error.code });
    }
    if (error instanceof HttpError)
      return send(response, error.status, { error: error.message, code: error.code }, error.headers);
    if (waftpayUnreachable(error)) {
      log(`Waftpay unavailable: ${describe(error)}`);
      return send(
        response,
        503,
        { error: waftpayUnavailable, code: 'waftpay-unavailable' },
        { 'retry-after': '5' },
      );
    }
    if (error instanceof WaftpayApiError) {
      log(`Waftpay refused: ${describe(error)}`);
      return send(response, 502, { error: waftpayRefused, code: 'waftpay-refused' });
    }
    log(`unexpected error: ${describe(error)}`);
    send(response, 500, {
      error: 'Something went wrong in the shop. Nothing was charged. Try again.',
      code: 'shop-error',
    });
  }

  return async function handle(request, response) {
    response.setHeader('content-security-policy', options.contentSecurityPolicy);
    response.setHeader('x-content-type-options', 'nosniff');
    try {
      const url = pathOf(request.url);
      const { pathname } = url;
      if (pathname === '/api/orders' && request.method === 'POST')
        return await createOrder(request, response);
      if (pathname === '/api/orders' && request.method === 'GET') {
        // This browser's orders (none without its cookie): what "your orders" shows.
        const customer = customerOf(request, secureCookie);
        const mine = customer ? await shop.store.byCustomer(customerKey(customer)) : [];
        return send(response, 200, { orders: mine.map((order) => view(order, request)) });
      }
      if (pathname === '/webhooks/waftpay' && request.method === 'POST')
        return await receiveWebhook(request, response);
      const orderPath = /^\/api\/orders\/([A-Z0-9-]{1,40})(\/verify|\/refund)?$/.exec(pathname);
      if (orderPath) {
        if (orderPath[2] === '/refund' && request.method === 'POST')
          return await refundOrder(request, orderPath[1], response);
        if (orderPath[2] && request.method === 'POST')
          return await verifyOrder(request, orderPath[1], response);
        const order = await shop.store.get(orderPath[1]);
        if (!order) throw new HttpError(404, 'unknown-order', 'There is no such order.');
        if (!orderPath[2] && request.method === 'GET') return send(response, 200, view(order, request));
        throw new HttpError(405, 'method-not-allowed', 'Method not allowed');
      }
      const back = /^\/return\/(success|fail)$/.exec(pathname);
      if (back && request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        return void response.end(
          renderReturnPage(back[1] as 'success' | 'fail', url.searchParams.get('order') ?? ''),
        );
      }
      // Dot segments (.data, .git, .env, ..), anywhere in the path as sent, are never pages.
      if (options.pages && !hasDotSegment((request.url ?? '').split('?')[0]))
        return options.pages(request, response, () => send(response, 404, { error: 'Not found' }));
      throw new HttpError(404, 'not-found', 'Not found');
    } catch (error) {
      fail(response, error);
    }
  };
}
