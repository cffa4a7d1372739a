import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before } from 'node:test';
import type { AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/server.js';

export interface Sandbox extends RunningSandbox {
  /** POSTs JSON to an API path (under /api) and returns the HTTP status and body. */
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, any> }>;
  token(): Promise<string>;
}

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const running = await startSandbox({ port: 0, log: () => undefined, ...options });
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${running.apiBaseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  return {
    ...running,
    post,
    token: async () =>
      (
        await post('/authentication-service/v1/api/generate-token', {
          consumer_key: 'shop',
          consumer_secret: 'secret',
        })
      ).body.token,
  };
}

/**
 * A sandbox (with a token) for the tests of the enclosing describe block: started before them,
 * closed after. Read `.api` and `.token` inside the tests.
 */
export function useSandbox(options: SandboxOptions = {}): { api: Sandbox; token: string } {
  const context = {} as { api: Sandbox; token: string };
  before(async () => {
    context.api = await sandbox(options);
    context.token = await context.api.token();
  });
  after(() => context.api.close());
  return context;
}

let counter = 0;
/** A valid Create Checkout Request (the guide's example), with a fresh reference. */
export function checkoutBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  counter++;
  return {
    customer: {
      first_name: 'Amina',
      other_names: 'Kariuki',
      email: 'amina.kariuki@example.com',
      phone_number: '254733112244',
    },
    timestamp: '2025-11-18T09:45:30.540Z',
    checkout_reference: `CHK${Date.now()}${counter}`,
    payment_reference: `INV${counter}`,
    msisdn: '254711223344',
    country: 'KEN',
    currency: 'KES',
    amount: 1750,
    mode: 'redirect',
    callback_url: 'http://127.0.0.1:9/webhook',
    success_redirect_url: 'http://127.0.0.1:5173/return/success',
    fail_redirect_url: 'http://127.0.0.1:5173/return/fail',
    meta_data: { order_id: 'ORDER-39182' },
    extra_params: { language: 'en', strict_amount: true },
    ...overrides,
  };
}

/** The session id (base64 of a UUID) at the end of a checkout URL. */
export function sessionId(checkoutUrl: string): string {
  return new URL(checkoutUrl).pathname.split('/').pop() as string;
}

export interface Receiver {
  readonly url: string;
  readonly deliveries: Array<Record<string, any>>;
  /** Answers the n-th delivery (from 1) with this status; 200 otherwise. */
  answer: (attempt: number) => number;
  close(): Promise<void>;
}

/** A webhook receiver that records every delivery. */
export async function receiver(answer: (attempt: number) => number = () => 200): Promise<Receiver> {
  const deliveries: Array<Record<string, any>> = [];
  const state = { answer };
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      deliveries.push(JSON.parse(body));
      response.writeHead(state.answer(deliveries.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    deliveries,
    get answer() {
      return state.answer;
    },
    set answer(next) {
      state.answer = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
