// The demo shop's server for tests: started against the sandbox or a fake Waftpay, with a fresh
// database, quiet logs that tests can read, and helpers for what a browser and Waftpay do.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startMerchant,
  type MerchantOptions,
  type RunningMerchant,
  type ShopLimits,
} from '../../demo/merchant/server.js';
import type { SandboxOptions } from '../../sandbox/server.js';
import { eventually, sandbox as sandboxApi, type Sandbox } from '../sandbox/helpers.js';

export { eventually } from '../sandbox/helpers.js';

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'waftpay-shop-'));

export function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return sandboxApi({ webhookRetryMs: 50, ...options });
}

/** Limits no test reaches unless it means to: many tests pay with one number from one address. */
export const roomyLimits: ShopLimits = {
  orders: { openPerNumber: 10_000, perNumber: 10_000, perCustomer: 10_000, windowMs: 60_000 },
  clients: {
    orders: { burst: 10_000, perMinute: 10_000 },
    webhooks: { burst: 10_000, perMinute: 10_000 },
    verify: { burst: 10_000, perMinute: 10_000 },
  },
};

/**
 * A page server that serves whatever it is asked for, as Vite serves its root and `/@fs/`: what
 * the shop's own guard must keep from it. `served` lists the paths that reached it.
 */
export function pagesServingAnything(): { pages: NonNullable<ShopOptions['pages']>; served: string[] } {
  const served: string[] = [];
  const pages = ((request: IncomingMessage, response: ServerResponse) => {
    served.push(request.url ?? '');
    response.writeHead(200).end('a file');
  }) as unknown as NonNullable<ShopOptions['pages']>;
  return { pages, served };
}

export interface TestShop extends RunningMerchant {
  readonly logs: string[];
  /** Requests the shop made to Waftpay, by path. */
  readonly calls: string[];
  readonly tokenRequests: number;
  readonly statusQueries: number;
}

/** The shop, talking to Waftpay at `baseUrl` (the sandbox's or a fake's). */
export type ShopOptions = Partial<Omit<MerchantOptions, 'waftpay'>> & {
  waftpay?: Partial<MerchantOptions['waftpay']>;
};

export async function shop(baseUrl: string, options: ShopOptions = {}): Promise<TestShop> {
  const logs: string[] = [];
  const calls: string[] = [];
  const merchant = await startMerchant({
    port: 0,
    dataDir: newDataDir(),
    log: (line) => logs.push(line),
    reconcileEveryMs: 0,
    limits: roomyLimits,
    ...options,
    waftpay: {
      baseUrl,
      consumerKey: 'shop',
      consumerSecret: 'secret',
      fetch: (input, init) => {
        calls.push(new URL(input).pathname);
        return fetch(input, init);
      },
      ...options.waftpay,
    },
  });
  return {
    ...merchant,
    logs,
    calls,
    get tokenRequests() {
      return calls.filter((path) => path.endsWith('/generate-token')).length;
    },
    get statusQueries() {
      return calls.filter((path) => path.endsWith('/query/payments')).length;
    },
  };
}

export async function createOrder(
  merchant: Pick<RunningMerchant, 'url'>,
  msisdn = '254712345678',
  extra: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  const response = await fetch(`${merchant.url}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'iframe', msisdn, ...extra }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as Record<string, any>;
}

/** The customer asks for the prompt on the hosted page (test numbers then answer by themselves). */
export async function customerPays(checkoutUrl: string): Promise<void> {
  const response = await fetch(`${checkoutUrl}/prompt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(response.status, 200);
}

export async function orderStatus(merchant: RunningMerchant, id: string): Promise<Record<string, any>> {
  return (await (await fetch(`${merchant.url}/api/orders/${id}`)).json()) as Record<string, any>;
}

/** The order once its status is final. */
export async function settled(merchant: RunningMerchant, id: string): Promise<Record<string, any>> {
  let order: Record<string, any> = {};
  await eventually(
    `order ${id} settled`,
    async () => (order = await orderStatus(merchant, id)).status !== 'CREATED',
  );
  return order;
}

export function deliver(merchant: RunningMerchant, body: unknown): Promise<Response> {
  return fetch(`${merchant.url}/webhooks/waftpay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * A webhook anyone who knows the order's reference can write: Waftpay's documented shape, with
 * a `validation_hash` that matches (it has no secret), for payment ids made up on the spot.
 */
export function forgedWebhook(
  reference: string,
  options: { status?: string; amount?: number; paymentUuid?: string; paymentId?: number } = {},
): Record<string, any> {
  const {
    status = 'SUCCESS',
    amount = 1750,
    paymentUuid = '413283551145799999',
    paymentId = 424242,
  } = options;
  const hash = createHash('sha256')
    .update(`${Number(amount).toString()}${reference}${paymentUuid}${paymentId}`)
    .digest('hex');
  return {
    status,
    code: { SUCCESS: '102', FAILED: '103', EXPIRED: '105', PENDING: '101' }[status] ?? '102',
    description: 'Payment completed successfully',
    results: {
      result_code: '0',
      result_description: 'The service request is processed successfully.',
      amount,
      total_charges: 0,
      total_amount: amount,
      account: '254712345678',
      transaction_reference: reference,
      payment_uuid: paymentUuid,
      payment_id: paymentId,
      external_reference: '3C1HH10ZU8',
      time_processed: new Date().toISOString(),
      validation_hash: hash,
      metadata: {},
    },
  };
}

/** Sends raw bytes to a server and returns what it answered (the status line first). */
export function rawRequest(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    // Only a bound on a server that never closes: every answer the tests ask for closes by itself.
    socket.setTimeout(30_000, () => socket.destroy());
    socket.end(bytes);
  });
}

/**
 * A sandbox test helper (`approve`, `decline`, `expire`, `cancel`) for the session of
 * `reference`, which must succeed.
 */
export async function sandboxAction(
  waftpay: Sandbox,
  reference: string,
  action: 'approve' | 'decline' | 'expire' | 'cancel',
  body: Record<string, unknown> = {},
): Promise<void> {
  const reply = await waftpay.act(reference, action, body);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

/** The sandbox's own record of the payment for `reference` (its status query, asked as the shop). */
export async function sandboxPayment(
  waftpay: Sandbox,
  reference: string,
): Promise<{ state: string; payment_uuid: string }> {
  const query = { transaction_reference: reference };
  return (await waftpay.post('/payments-tsq-service/v1/query/payments', query, await waftpay.token())).body
    .data;
}
