// A stand-in for Waftpay over real HTTP, answering with the documents' example payloads unless a
// test says otherwise, and recording every request it gets.
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

export interface FakeWaftpay {
  readonly baseUrl: string;
  readonly received: Received[];
  /** Requests so far to one route. */
  count(route: Route): number;
  /** Replaces a route's answers. */
  on(route: Route, handler: Handler): void;
  close(): Promise<void>;
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

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function fakeWaftpay(handlers: Partial<Record<Route, Handler>> = {}): Promise<FakeWaftpay> {
  const routes: Record<Route, Handler> = { ...documented, ...handlers };
  const received: Received[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const route: Route | 'other' = paths[request.url ?? ''] ?? 'other';
      const entry: Received = {
        route,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: await readBody(request),
      };
      received.push(entry);
      if (route === 'other') return void response.writeHead(404).end();
      const answer = await routes[route](entry, received.filter((r) => r.route === route).length);
      if (answer === 'hang') return;
      if (answer === 'stall') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"code":');
        return;
      }
      if ('json' in answer && answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      const text = 'json' in answer ? JSON.stringify(answer.json) : answer.text;
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(text);
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    received,
    count: (route) => received.filter((request) => request.route === route).length,
    on: (route, handler) => (routes[route] = handler),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
