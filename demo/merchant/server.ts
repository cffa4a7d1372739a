import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connect } from 'vite';
import {
  confirmWebhook,
  createWaftpayClient,
  verifyWebhook,
  WaftpayApiError,
  WaftpayNetworkError,
  type WaftpayClientOptions,
} from '../../src/server.js';
import { customerCookie, customerKey, customerOf, newCustomer } from './customers.js';
import { HttpError, pathOf, readJson, refuseCrossSite, send } from './http.js';
import { OncePerKey } from './once-per-key.js';
import { OrderStore, type Order } from './orders.js';
import { judge, paymentFromQuery, type ConfirmedPayment } from './outcomes.js';
import { renderReturnPage } from './return-page.js';
import { nextQueryAt, waftpayBackoffMs } from './status-backoff.js';

export interface MerchantOptions {
  readonly port?: number;
  readonly host?: string;
  /** Where Waftpay and the customer's browser reach this server (callback and return URLs). */
  readonly publicUrl?: string;
  /** Folder for the SQLite database; created if missing. Keep it out of what any web server serves. */
  readonly dataDir: string;
  readonly waftpay: WaftpayClientOptions;
  /** Serves everything else (the storefront page and its scripts): Vite's middleware in the demo. */
  readonly pages?: Connect.Server;
  readonly log?: (message: string) => void;
  /** What the shop sells. Default: one basket of KES 1 750. */
  readonly basket?: { readonly amount: number; readonly currency: string };
  /** Makes each order's `checkout_reference`. Default: `CHK-<time>-<random>`. */
  readonly newCheckoutReference?: () => string;
  /** How often orders still open past their expiry are checked with Waftpay. Default 60 000 ms; 0: never by itself. */
  readonly reconcileEveryMs?: number;
  /** How long after its expiry an open order is checked (time for its webhook to come). Default 60 000 ms. */
  readonly reconcileGraceMs?: number;
  /** Waits between status queries of one order. Default Waftpay's advice: 5, 10, 30, then 60 s. */
  readonly statusBackoffMs?: readonly number[];
  /**
   * Where the local sandbox's phone pages are (`<origin>/phone/`), when the shop runs against it:
   * the storefront shows the customer's phone beside the shop. Unset with a real Waftpay.
   */
  readonly sandboxPhonesUrl?: string;
}

/** What one reconciliation pass did. */
export interface ReconcileReport {
  /** Open orders past their expiry that were checked. */
  readonly checked: number;
  /** Of those, settled from Waftpay's answer. */
  readonly settled: number;
  /** Of those, Waftpay could not be asked (tried again next pass). */
  readonly unreachable: number;
}

export interface RunningMerchant {
  /** Where the server listens. */
  readonly url: string;
  /** Where it tells Waftpay and browsers to reach it (`publicUrl`, else `url`). */
  readonly publicUrl: string;
  readonly orders: OrderStore;
  /** Checks every order still open past its expiry (plus the grace) with Waftpay, now. */
  reconcile(): Promise<ReconcileReport>;
  close(): Promise<void>;
}

/** What the customer reads when Waftpay is down, slow or failing: nothing was made or charged. */
const waftpayUnavailable = 'Waftpay cannot be reached. Nothing was charged. Try again.';
const waftpayRefused = 'The payment could not be started. Nothing was charged. Please try again later.';

/** `extra_params.expiry` in Waftpay's format, `YYYY-MM-DD HH:mm:ss` (read as UTC by the sandbox). */
function waftpayExpiry(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** Waftpay down, slow or failing (5xx, 429): the customer may try again; nothing was made. */
function waftpayUnreachable(error: unknown): boolean {
  return error instanceof WaftpayNetworkError || (error instanceof WaftpayApiError && error.retryable);
}

/** `/.data/…`, however it is spelled (`/%2Edata/…`): a page server decodes the path before reading. */
function startsWithDotFolder(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return decoded.startsWith('/.') || decoded.includes('/../') || decoded.endsWith('/..');
}

/** What `POST /api/orders` answers: the order and its checkout, and the customer's cookie if new. */
interface OrderCreated {
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

/** For logs: what Waftpay said, never what it sent. */
function describe(error: unknown): string {
  if (error instanceof WaftpayApiError)
    return `HTTP ${error.httpStatus} ${error.code ?? error.error ?? ''} ${error.message}${error.requestId ? ` (request_id ${error.requestId})` : ''}`;
  if (error instanceof WaftpayNetworkError) return error.message;
  return (error as Error)?.stack ?? String(error);
}

/**
 * The demo shop's server, a reference integration that uses only `waftpay-checkout/server`: it
 * creates checkout sessions (the credentials never reach the browser), receives Waftpay's
 * webhooks and has each confirmed by Waftpay's status query, reconciles orders whose webhooks
 * never came, and is the only judge of whether an order is paid.
 */
export async function startMerchant(options: MerchantOptions): Promise<RunningMerchant> {
  const log = options.log ?? ((message: string) => console.log(`[shop] ${message}`));
  const orders = new OrderStore(options.dataDir);
  const waftpay = createWaftpayClient(options.waftpay);
  const basket = options.basket ?? { amount: 1750, currency: 'KES' };
  const backoff = options.statusBackoffMs ?? waftpayBackoffMs;
  const graceMs = options.reconcileGraceMs ?? 60_000;
  let publicUrl = options.publicUrl ?? '';
  const ownOrigins = new Set<string>();

  const returnUrl = (kind: 'success' | 'fail', orderId: string): string =>
    `${publicUrl}/return/${kind}?order=${encodeURIComponent(orderId)}`;
  const phoneUrl = (msisdn: string) =>
    options.sandboxPhonesUrl ? { phoneUrl: `${options.sandboxPhonesUrl}${msisdn}` } : {};

  /**
   * The order as the storefront sees it: the shop's own fields, nothing of Waftpay's replies. The
   * browser it was made in also gets its phone number and, while its session is open, what it
   * needs to show the same checkout again (after a reload, or back from a return page).
   */
  function publicOrder(order: Order, request?: IncomingMessage) {
    const customer = request && customerOf(request);
    const mine = customer !== undefined && order.customer === customerKey(customer);
    const open =
      order.status === 'CREATED' &&
      order.checkoutUrl !== null &&
      order.expiresAt !== null &&
      Date.parse(order.expiresAt) > Date.now();
    return {
      id: order.id,
      status: order.status,
      amount: order.amount,
      currency: order.currency,
      paidAmount: order.paidAmount,
      transactionReference: order.transactionReference,
      verifiedBy: order.verifiedBy,
      verifiedAt: order.verifiedAt,
      needsAttention: order.attention !== null,
      createdAt: order.createdAt,
      expiresAt: order.expiresAt,
      ...(mine ? { msisdn: order.msisdn, mode: order.mode, ...phoneUrl(order.msisdn) } : {}),
      ...(mine && open
        ? {
            checkout: {
              checkoutUrl: order.checkoutUrl,
              expiresAt: order.expiresAt,
              successRedirectUrl: returnUrl('success', order.id),
              failRedirectUrl: returnUrl('fail', order.id),
            },
          }
        : {}),
    };
  }

  function raise(order: Order, note: string): void {
    orders.flag(order.id, note);
    log(`NEEDS ATTENTION order ${order.id}: ${note}`);
  }

  /**
   * Applies a payment Waftpay confirmed: settles the order if it is still open, records the
   * webhook it came with (once), and raises what a person must see: a late or contradicting
   * outcome, a second payment, a wrong currency or amount.
   */
  function apply(
    order: Order,
    payment: ConfirmedPayment,
    verifiedBy: 'webhook' | 'status-query',
    webhookBody?: unknown,
  ): { duplicate: boolean } {
    const verdict = judge(order, payment, verifiedBy);
    let applied = false;
    if (webhookBody !== undefined) {
      const delivery = { paymentUuid: payment.paymentUuid, status: payment.status, body: webhookBody };
      const recorded = orders.recordDelivery(order.id, delivery, verdict.settlement);
      if (!recorded.recorded) return { duplicate: true };
      applied = recorded.applied;
    } else if (verdict.settlement) {
      applied = orders.settle(order.id, verdict.settlement);
    }
    if (verdict.attention) raise(order, verdict.attention);
    const { settlement } = verdict;
    if (settlement && !applied) {
      const now = orders.get(order.id) as Order;
      if (
        now.status !== settlement.status ||
        (now.paymentUuid && now.paymentUuid !== settlement.paymentUuid)
      ) {
        raise(
          order,
          `Waftpay reports ${payment.status} (${order.currency} ${payment.amount}, payment ${payment.paymentUuid}) for an order already ${now.status}${now.paymentUuid ? ` by payment ${now.paymentUuid}` : ''}: settle it by hand (refund or fulfil).`,
        );
      }
    }
    if (applied)
      log(
        `order ${order.id}: ${settlement?.status} (from ${verifiedBy === 'webhook' ? 'a confirmed webhook' : 'a status query'})`,
      );
    return { duplicate: false };
  }

  /** Orders made, by the `Idempotency-Key` of the request that made them, for ten minutes. */
  const orderRequests = new OncePerKey<OrderCreated>(10 * 60_000);

  /**
   * `POST /api/orders`, once per `Idempotency-Key` (the storefront makes one per request to pay):
   * the same request sent twice (a double call, a retry after a lost answer) gets the one order
   * the first made. Without a key, each request makes an order.
   */
  async function createOrderOnce(request: IncomingMessage, response: ServerResponse): Promise<void> {
    refuseCrossSite(request, ownOrigins);
    const key = request.headers['idempotency-key'];
    if (key !== undefined && !/^[\w-]{8,100}$/.test(String(key)))
      throw new HttpError(400, 'bad-request', 'Idempotency-Key must be 8 to 100 letters, digits, - or _.');
    const created = key
      ? await orderRequests.run(String(key), () => createOrder(request))
      : await createOrder(request);
    request.resume();
    send(response, 201, created.body, created.headers);
  }

  async function createOrder(request: IncomingMessage): Promise<OrderCreated> {
    const body = await readJson(request);
    const mode = ['overlay', 'popup', 'redirect'].includes(body.mode as string)
      ? (body.mode as string)
      : 'iframe';
    const msisdn = typeof body.msisdn === 'string' ? body.msisdn.replace(/[\s+]/g, '') : '';
    if (!/^254[17]\d{8}$/.test(msisdn))
      throw new HttpError(400, 'invalid-msisdn', 'Enter your M-Pesa number as 12 digits, like 254712345678.');
    const expiresIn = Number(body.expiresInSeconds ?? 1800);
    if (!Number.isInteger(expiresIn) || expiresIn < 10 || expiresIn > 86_400)
      throw new HttpError(400, 'invalid-expiry', 'Choose how long the payment may take from the list.');
    const id = `ORDER-${randomBytes(4).toString('hex').toUpperCase()}`;
    const checkoutReference =
      options.newCheckoutReference?.() ?? `CHK-${Date.now()}-${randomBytes(3).toString('hex')}`;
    const known = customerOf(request);
    const customer = known ?? newCustomer();
    orders.create({
      id,
      checkoutReference,
      amount: basket.amount,
      currency: basket.currency,
      msisdn,
      mode,
      customer: customerKey(customer),
    });
    let session;
    try {
      session = await waftpay.createCheckout({
        customer: { first_name: 'Demo', other_names: 'Customer', phone_number: msisdn },
        timestamp: new Date().toISOString(),
        checkout_reference: checkoutReference,
        payment_reference: id,
        msisdn,
        country: 'KEN',
        currency: basket.currency,
        amount: basket.amount,
        mode: 'redirect',
        callback_url: `${publicUrl}/webhooks/waftpay`,
        success_redirect_url: returnUrl('success', id),
        fail_redirect_url: returnUrl('fail', id),
        meta_data: { order_id: id, merchant_name: 'Mama Mboga Market' },
        extra_params: {
          language: 'en',
          expiry: waftpayExpiry(Date.now() + expiresIn * 1000),
          strict_amount: true,
        },
      });
    } catch (error) {
      orders.discard(id);
      throw error;
    }
    orders.attachCheckout(id, session.checkoutUrl, session.expiresAt);
    log(`order ${id}: checkout created (${mode})`);
    return {
      body: {
        orderId: id,
        mode,
        checkoutUrl: session.checkoutUrl,
        expiresAt: session.expiresAt,
        successRedirectUrl: returnUrl('success', id),
        failRedirectUrl: returnUrl('fail', id),
        ...phoneUrl(msisdn),
      },
      headers: known ? {} : { 'set-cookie': customerCookie(customer, publicUrl.startsWith('https:')) },
    };
  }

  /**
   * Waftpay's webhook. Its body proves nothing by itself (its hash has no secret), so each one is
   * confirmed with Waftpay's status query first; then it is recorded and applied, and only then
   * answered 2xx, so a crash or Waftpay's own failure means a retry, never a lost payment.
   */
  async function receiveWebhook(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const claimed = await verifyWebhook(body);
    if ('event' in claimed && orders.hasDelivery(claimed.event.paymentUuid, claimed.event.status))
      return send(response, 200, { received: true, duplicate: true });
    const confirmation = await confirmWebhook(waftpay, body);
    if (!confirmation.ok) {
      const detail = confirmation.reason === 'malformed' ? confirmation.problem : confirmation.reason;
      log(`webhook REJECTED (${detail}); no order changed`);
      throw new HttpError(400, confirmation.reason, 'Webhook refused');
    }
    const { event } = confirmation;
    const order = orders.byReference(event.checkoutReference);
    if (!order) {
      log(`webhook for unknown checkout_reference ${event.checkoutReference}; ignored`);
      throw new HttpError(404, 'unknown-order', 'No order has that reference');
    }
    if (confirmation.claimedStatus !== event.status) {
      log(`webhook for ${order.id} said ${confirmation.claimedStatus}; Waftpay reports ${event.status}`);
      if (confirmation.state === 'processing') {
        // Maybe only early (PENDING, CREATED, ESCALATED): not acknowledged, so Waftpay delivers it again (and reconciliation looks later).
        throw new HttpError(409, 'not-confirmed', 'Waftpay does not confirm this outcome yet');
      }
    }
    const { duplicate } = apply(order, event, 'webhook', body);
    send(response, 200, { received: true, duplicate });
  }

  /** Asks Waftpay (status query) for an order still open, no more often than the back-off allows. */
  async function verifyOrder(
    request: IncomingMessage,
    order: Order,
    response: ServerResponse,
  ): Promise<void> {
    refuseCrossSite(request, ownOrigins);
    const wait = nextQueryAt(order, backoff) - Date.now();
    if (order.status !== 'CREATED' || wait > 0) {
      const headers: Record<string, string> =
        wait > 0 ? { 'retry-after': String(Math.ceil(wait / 1000)) } : {};
      return send(response, 200, publicOrder(order, request), order.status === 'CREATED' ? headers : {});
    }
    orders.noteQuery(order.id);
    const answer = await waftpay.queryPayment({ transaction_reference: order.checkoutReference });
    if (answer.found) {
      const pastExpiry = order.expiresAt !== null && Date.parse(order.expiresAt) < Date.now();
      apply(order, paymentFromQuery(answer.payment, pastExpiry), 'status-query');
    }
    send(response, 200, publicOrder(orders.get(order.id) as Order, request));
  }

  let reconciling: Promise<ReconcileReport> | undefined;
  /** Orders still open past their expiry: their webhooks never came, so ask Waftpay. */
  function reconcile(): Promise<ReconcileReport> {
    reconciling ??= (async () => {
      const report = { checked: 0, settled: 0, unreachable: 0 };
      for (const order of orders.openExpiredBefore(new Date(Date.now() - graceMs).toISOString())) {
        report.checked++;
        let answer;
        try {
          answer = await waftpay.queryPayment({ transaction_reference: order.checkoutReference });
          orders.noteQuery(order.id);
        } catch (error) {
          report.unreachable++;
          log(`reconciliation: order ${order.id} not checked: ${describe(error)}`);
          continue;
        }
        if (!answer.found) {
          if (
            orders.settle(order.id, {
              status: 'EXPIRED',
              paidAmount: null,
              paymentUuid: null,
              transactionReference: null,
              verifiedBy: 'status-query',
            })
          ) {
            report.settled++;
            raise(order, 'Waftpay has no record of its checkout; closed as expired.');
          }
          continue;
        }
        const payment = paymentFromQuery(answer.payment, true);
        if (payment.status === 'PENDING') {
          if (!order.attention?.includes('still processing'))
            raise(
              order,
              `Waftpay reports its payment ${payment.paymentUuid} still processing after the checkout expired.`,
            );
          continue;
        }
        apply(order, payment, 'status-query');
        if ((orders.get(order.id) as Order).status !== 'CREATED') report.settled++;
      }
      if (report.checked) log(`reconciliation: ${JSON.stringify(report)}`);
      return report;
    })().finally(() => (reconciling = undefined));
    return reconciling;
  }

  function fail(response: ServerResponse, error: unknown): void {
    if (response.headersSent) return void response.end();
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

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const url = pathOf(request.url);
      const { pathname } = url;
      if (pathname === '/api/orders' && request.method === 'POST')
        return await createOrderOnce(request, response);
      if (pathname === '/api/orders' && request.method === 'GET') {
        // This browser's orders (none without its cookie): what "your orders" shows.
        const customer = customerOf(request);
        const mine = customer ? orders.byCustomer(customerKey(customer)) : [];
        return send(response, 200, { orders: mine.map((order) => publicOrder(order, request)) });
      }
      if (pathname === '/webhooks/waftpay' && request.method === 'POST')
        return await receiveWebhook(request, response);
      const orderPath = /^\/api\/orders\/([A-Z0-9-]{1,40})(\/verify)?$/.exec(pathname);
      if (orderPath) {
        const order = orders.get(orderPath[1]);
        if (!order) throw new HttpError(404, 'unknown-order', 'There is no such order.');
        if (orderPath[2] && request.method === 'POST') return await verifyOrder(request, order, response);
        if (!orderPath[2] && request.method === 'GET')
          return send(response, 200, publicOrder(order, request));
        throw new HttpError(405, 'method-not-allowed', 'Method not allowed');
      }
      const back = /^\/return\/(success|fail)$/.exec(pathname);
      if (back && request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        return void response.end(
          renderReturnPage(back[1] as 'success' | 'fail', url.searchParams.get('order') ?? ''),
        );
      }
      // Dot folders (.data, .git, .env…) are never pages, whatever serves the pages.
      if (options.pages && !startsWithDotFolder(pathname))
        return options.pages(request, response, () => send(response, 404, { error: 'Not found' }));
      throw new HttpError(404, 'not-found', 'Not found');
    } catch (error) {
      fail(response, error);
    }
  }

  // One boundary around everything: no request, however malformed, can end the process.
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`unexpected error answering a request: ${describe(error)}`);
      response.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5173, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  publicUrl ||= url;
  ownOrigins.add(new URL(url).origin).add(new URL(publicUrl).origin);

  const every = options.reconcileEveryMs ?? 60_000;
  const timer = every > 0 ? setInterval(() => void reconcile(), every) : undefined;
  timer?.unref();

  return {
    url,
    publicUrl,
    orders,
    reconcile,
    close: async () => {
      clearInterval(timer);
      await reconciling?.catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      orders.close();
    },
  };
}
