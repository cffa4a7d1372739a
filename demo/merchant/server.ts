import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connect } from 'vite';
import { OrderStore, type Order } from './orders.js';
import { renderReturnPage } from './return-page.js';
import { WaftpayApiError, WaftpayClient, type WaftpayClientOptions } from './waftpay-client.js';
import { orderStatusFor, verifyWebhook } from './webhook.js';

export interface MerchantOptions {
  readonly port?: number;
  readonly host?: string;
  /** Where Waftpay and the customer's browser reach this server (callback and return URLs). */
  readonly publicUrl?: string;
  /** Folder for the SQLite database; created if missing. */
  readonly dataDir: string;
  readonly waftpay: WaftpayClientOptions;
  /** Serves everything else (the storefront page and its scripts): Vite's middleware in the demo. */
  readonly pages?: Connect.Server;
  readonly log?: (message: string) => void;
}

export interface RunningMerchant {
  /** Where the server listens. */
  readonly url: string;
  /** Where it tells Waftpay and browsers to reach it (`publicUrl`, else `url`). */
  readonly publicUrl: string;
  readonly orders: OrderStore;
  readonly waftpay: WaftpayClient;
  close(): Promise<void>;
}

/** The demo shop sells one basket. */
const basket = { amount: 1750, currency: 'KES', description: 'Sukuma wiki, tomatoes and a bag of unga' };
const maxBodyBytes = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'Expected application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new HttpError(413, 'Body too large');
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  throw new HttpError(400, 'Expected a JSON object');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

/** `extra_params.expiry` in Waftpay's format, `YYYY-MM-DD HH:mm:ss` (read as UTC by the sandbox). */
function waftpayExpiry(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** The request UUID inside a checkout URL (`…/checkout/<base64 of the UUID>`), for status queries. */
function requestUuid(checkoutUrl: string): string | undefined {
  const token = new URL(checkoutUrl).pathname.split('/').pop() ?? '';
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  return /^[0-9a-f-]{36}$/i.test(decoded) ? decoded : undefined;
}

/**
 * The demo shop's server: it creates checkout sessions (the credentials never reach the browser),
 * receives Waftpay's webhooks, and is the only judge of whether an order is paid.
 */
export async function startMerchant(options: MerchantOptions): Promise<RunningMerchant> {
  const log = options.log ?? ((message: string) => console.log(`[shop] ${message}`));
  const orders = new OrderStore(options.dataDir);
  const waftpay = new WaftpayClient(options.waftpay);
  let publicUrl = options.publicUrl ?? '';

  const returnUrl = (kind: 'success' | 'fail', orderId: string): string =>
    `${publicUrl}/return/${kind}?order=${encodeURIComponent(orderId)}`;

  function publicOrder(order: Order) {
    return {
      id: order.id,
      status: order.status,
      amount: order.amount,
      currency: order.currency,
      paidAmount: order.paidAmount,
      transactionReference: order.transactionReference,
      verifiedBy: order.verifiedBy,
      verifiedAt: order.verifiedAt,
    };
  }

  async function createOrder(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const mode = ['overlay', 'popup', 'redirect'].includes(body.mode as string)
      ? (body.mode as string)
      : 'iframe';
    const msisdn = typeof body.msisdn === 'string' ? body.msisdn.replace(/[\s+]/g, '') : '';
    if (!/^254[17]\d{8}$/.test(msisdn)) throw new HttpError(400, 'Enter an M-Pesa number like 254712345678');
    const expiresIn = Number(body.expiresInSeconds ?? 1800);
    if (!Number.isInteger(expiresIn) || expiresIn < 10 || expiresIn > 86_400) {
      throw new HttpError(400, 'expiresInSeconds must be between 10 and 86400');
    }
    const id = `ORDER-${randomBytes(4).toString('hex').toUpperCase()}`;
    const checkoutReference = `CHK-${Date.now()}-${randomBytes(3).toString('hex')}`;
    orders.create({ id, checkoutReference, amount: basket.amount, currency: basket.currency, msisdn, mode });
    const session = await waftpay.createCheckout({
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
    orders.attachCheckout(id, session.checkoutUrl, session.expiresAt);
    log(`order ${id}: checkout created (${mode})`);
    send(response, 201, {
      orderId: id,
      mode,
      checkoutUrl: session.checkoutUrl,
      expiresAt: session.expiresAt,
      successRedirectUrl: returnUrl('success', id),
      failRedirectUrl: returnUrl('fail', id),
    });
  }

  /** Waftpay's webhook: verify, persist, and only then answer 2xx (so a crash means a retry). */
  async function receiveWebhook(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const webhook = verifyWebhook(body);
    if (!webhook) {
      log('webhook REJECTED: bad validation_hash or malformed body; no order changed');
      throw new HttpError(400, 'Invalid webhook');
    }
    const order = orders.byReference(webhook.reference);
    if (!order) throw new HttpError(404, 'Unknown order');
    const fresh = orders.recordWebhook(
      order.id,
      {
        status: orderStatusFor(webhook.status, webhook.amount, order.amount),
        paidAmount: webhook.status === 'SUCCESS' ? webhook.amount : null,
        paymentUuid: webhook.paymentUuid,
        transactionReference: webhook.transactionReference,
        verifiedBy: 'webhook',
      },
      body,
    );
    log(`order ${order.id}: webhook ${webhook.status}${fresh ? '' : ' (duplicate, ignored)'}`);
    send(response, 200, { received: true, duplicate: !fresh });
  }

  /** Asks Waftpay directly (status query): for when the webhook is late or cannot reach us. */
  async function verifyOrder(order: Order, response: ServerResponse): Promise<void> {
    const uuid = order.checkoutUrl ? requestUuid(order.checkoutUrl) : undefined;
    const data = uuid ? await waftpay.queryPayment({ request_uuid: uuid }) : undefined;
    const state = data?.state;
    const outcome =
      state === 'succeeded' ? 'SUCCESS' : state === 'failed' || state === 'canceled' ? 'FAILED' : undefined;
    if (data && outcome) {
      const paid = Number(data.amount);
      orders.recordStatusQuery(order.id, {
        status: orderStatusFor(outcome, paid, order.amount),
        paidAmount: outcome === 'SUCCESS' ? paid : null,
        paymentUuid: String(data.payment_uuid),
        transactionReference:
          typeof data.transaction_reference === 'string' ? data.transaction_reference : null,
        verifiedBy: 'status-query',
      });
    }
    send(response, 200, publicOrder(orders.get(order.id) as Order));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://shop');
    const orderPath = /^\/api\/orders\/([A-Z0-9-]{1,40})(\/verify)?$/.exec(url.pathname);
    try {
      if (url.pathname === '/api/orders' && request.method === 'POST')
        return await createOrder(request, response);
      if (url.pathname === '/webhooks/waftpay' && request.method === 'POST')
        return await receiveWebhook(request, response);
      if (orderPath) {
        const order = orders.get(orderPath[1]);
        if (!order) throw new HttpError(404, 'Unknown order');
        if (orderPath[2] && request.method === 'POST') return await verifyOrder(order, response);
        if (!orderPath[2] && request.method === 'GET') return send(response, 200, publicOrder(order));
        throw new HttpError(405, 'Method not allowed');
      }
      const back = /^\/return\/(success|fail)$/.exec(url.pathname);
      if (back && request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        return void response.end(
          renderReturnPage(back[1] as 'success' | 'fail', url.searchParams.get('order') ?? ''),
        );
      }
      if (options.pages)
        return options.pages(request, response, () => send(response, 404, { error: 'Not found' }));
      throw new HttpError(404, 'Not found');
    } catch (error) {
      if (response.headersSent) return void response.end();
      if (error instanceof HttpError) return send(response, error.status, { error: error.message });
      if (error instanceof WaftpayApiError) {
        log(`Waftpay refused: ${error.message}`);
        return send(response, 502, { error: error.message, waftpay: error.body });
      }
      log(`unexpected error: ${(error as Error).stack ?? String(error)}`);
      send(response, 500, { error: 'The shop failed unexpectedly' });
    }
  }

  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5173, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  publicUrl ||= url;
  return {
    url,
    publicUrl,
    orders,
    waftpay,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      orders.close();
    },
  };
}
