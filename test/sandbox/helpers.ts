import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before } from 'node:test';
import type { AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/server.js';

export interface Sandbox extends RunningSandbox {
  /** POSTs JSON to an API path (under /api) and returns the HTTP status and body. */
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, any> }>;
  /** A token for `consumerKey` (default: a Collections key). */
  token(consumerKey?: string): Promise<string>;
  /**
   * A sandbox-only test helper: `action` on the session of `checkoutReference`, with a JSON body
   * (`{}` by default) and the token of `consumerKey` (default: `shop`, whose token {@link Sandbox.token} gives).
   */
  act(
    checkoutReference: string,
    action: HelperAction,
    body?: unknown,
    consumerKey?: string,
  ): Promise<{ status: number; body: Record<string, any> }>;
  /** A request with a JSON body and a Bearer token to any API path, with any method. */
  send(
    method: string,
    path: string,
    body: unknown,
    token?: string,
  ): Promise<{ status: number; body: Record<string, any>; headers: Headers }>;
}

export type HelperAction = 'approve' | 'decline' | 'expire' | 'cancel' | 'escalate' | 'refund' | 'reverse';

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const running = await startSandbox({ port: 0, log: () => undefined, ...options });
  const send = async (method: string, path: string, body: unknown, token?: string) => {
    const response = await fetch(`${running.apiBaseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, any>,
      headers: response.headers,
    };
  };
  const post = async (path: string, body: unknown, token?: string) => {
    const { status, body: reply } = await send('POST', path, body, token);
    return { status, body: reply };
  };
  const token = async (consumerKey = 'shop') =>
    (
      await post('/authentication-service/v1/api/generate-token', {
        consumer_key: consumerKey,
        consumer_secret: 'secret',
      })
    ).body.token as string;
  const tokens = new Map<string, Promise<string>>();
  return {
    ...running,
    get sessionCount() {
      return running.sessionCount;
    },
    get phoneScreens() {
      return running.phoneScreens;
    },
    post,
    send,
    token,
    act: async (checkoutReference, action, body = {}, consumerKey = 'shop') => {
      if (!tokens.has(consumerKey)) tokens.set(consumerKey, token(consumerKey));
      return post(
        `/sandbox/v1/sessions/${encodeURIComponent(checkoutReference)}/${action}`,
        body,
        await tokens.get(consumerKey),
      );
    },
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
  /** The deliveries of outcomes (every status but PENDING). */
  readonly finals: Array<Record<string, any>>;
  /** The request headers of each delivery. */
  readonly headers: Array<Record<string, string | string[] | undefined>>;
  /** The HTTP status for the n-th delivery (from 1) and its body; 200 by default. */
  answer: (attempt: number, body: Record<string, any>) => number;
  /** A `Location` header sent with every answer, when set (to answer with a redirect). */
  location?: string;
  close(): Promise<void>;
}

/** A webhook receiver that records every delivery. */
export async function receiver(answer: Receiver['answer'] = () => 200): Promise<Receiver> {
  const deliveries: Array<Record<string, any>> = [];
  const headers: Receiver['headers'] = [];
  const state: { answer: Receiver['answer']; location?: string } = { answer };
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const parsed = JSON.parse(body) as Record<string, any>;
      deliveries.push(parsed);
      headers.push(request.headers);
      response
        .writeHead(
          state.answer(deliveries.length, parsed),
          state.location ? { location: state.location } : {},
        )
        .end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    deliveries,
    headers,
    get finals() {
      return deliveries.filter((delivery) => delivery.status !== 'PENDING');
    },
    get answer() {
      return state.answer;
    },
    set answer(next) {
      state.answer = next;
    },
    get location() {
      return state.location;
    },
    set location(next) {
      state.location = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Waits until `check` holds (asked every 10 ms), or fails saying what did not happen. The patience
 * (20 s unless told) is for a busy machine, which is slow, not wrong: a test that passes never
 * waits for it.
 */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** {@link eventually}, for a check that needs no words. */
export const until = (check: () => boolean, timeoutMs?: number): Promise<void> =>
  eventually('a condition', check, timeoutMs);
