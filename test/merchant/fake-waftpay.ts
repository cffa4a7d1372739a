// A stand-in for Waftpay, answering with the documents' example payloads unless a test says
// otherwise, and recording every request it gets: over real HTTP (`fakeWaftpay`), or in the
// test's own process, as the `fetch` a Waftpay client is given (`inProcessWaftpay`), for tests of
// the shop's logic that open no socket.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkoutReply,
  refundReply,
  refundStatusReply,
  statusReply,
  tokenReply,
} from './waftpay-documents.js';

export type Route = 'token' | 'checkout' | 'query' | 'refund' | 'refundStatus';

export interface Received {
  readonly route: Route | 'other';
  readonly authorization?: string;
  readonly contentType?: string;
  readonly body: any;
}

/** An answer: JSON with a status, raw text, headers then silence (`stall`), or nothing (`hang`). */
export type Answer =
  { status?: number; json: unknown; delayMs?: number } | { status?: number; text: string } | 'stall' | 'hang';

export type Handler = (request: Received, nth: number) => Answer | Promise<Answer>;

interface Routes {
  readonly received: Received[];
  /** Requests so far to one route. */
  count(route: Route): number;
  /** Replaces a route's answers. */
  on(route: Route, handler: Handler): void;
}

export interface FakeWaftpay extends Routes {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export interface InProcessWaftpay extends Routes {
  /** A base URL that names no server: the client's requests never leave the process. */
  readonly baseUrl: string;
  readonly fetch: (input: string, init: RequestInit) => Promise<Response>;
}

const paths: Record<string, Route | undefined> = {
  '/api/authentication-service/v1/api/generate-token': 'token',
  '/api/checkout-backend-api/v1/request': 'checkout',
  '/api/payments-tsq-service/v1/query/payments': 'query',
  '/api/payments-api-service/v1/refund-reversal': 'refund',
  '/api/refund-reversal': 'refundStatus',
};

const documented: Record<Route, Handler> = {
  token: () => ({ json: tokenReply }),
  checkout: () => ({ json: checkoutReply }),
  query: () => ({ json: statusReply }),
  refund: () => ({ json: refundReply }),
  refundStatus: () => ({ json: refundStatusReply }),
};

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The routes and what they received; `answer` records a request and says what to answer. */
function routes(handlers: Partial<Record<Route, Handler>>) {
  const table: Record<Route, Handler> = { ...documented, ...handlers };
  const received: Received[] = [];
  const count = (route: Route) => received.filter((request) => request.route === route).length;
  return {
    received,
    count,
    on: (route: Route, handler: Handler) => void (table[route] = handler),
    async answer(path: string, headers: Record<string, string | undefined>, text: string) {
      const route: Route | 'other' = paths[path] ?? 'other';
      const entry: Received = {
        route,
        authorization: headers.authorization,
        contentType: headers['content-type'],
        body: parsed(text),
      };
      received.push(entry);
      if (route === 'other') return undefined;
      return table[route](entry, count(route));
    },
  };
}

export async function fakeWaftpay(handlers: Partial<Record<Route, Handler>> = {}): Promise<FakeWaftpay> {
  const { answer, ...recorded } = routes(handlers);
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      let text = '';
      for await (const chunk of request) text += String(chunk);
      const reply = await answer(request.url ?? '', request.headers as Record<string, string>, text);
      if (reply === undefined) return void response.writeHead(404).end();
      if (reply === 'hang') return;
      if (reply === 'stall') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"code":');
        return;
      }
      if ('json' in reply && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      const body = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(body);
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...recorded,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The same answers, in this process. `hang` and `stall` never answer: the client's timeout (its
 * abort signal) ends them, as it would a silent server.
 */
export function inProcessWaftpay(handlers: Partial<Record<Route, Handler>> = {}): InProcessWaftpay {
  const { answer, ...recorded } = routes(handlers);
  // Never reached over a network, but a client takes only https: off loopback, as for the real one.
  const baseUrl = 'https://waftpay.invalid/api';
  return {
    ...recorded,
    baseUrl,
    async fetch(input, init) {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const reply = await answer(new URL(input).pathname, headers, String(init.body ?? ''));
      if (reply === undefined) return new Response(null, { status: 404 });
      if (reply === 'hang' || reply === 'stall')
        return new Promise<Response>((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }),
        );
      const body = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
      return new Response(body, {
        status: reply.status ?? 200,
        headers: { 'content-type': 'application/json' },
      });
    },
  };
}
