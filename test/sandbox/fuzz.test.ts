import fc from 'fast-check';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkoutBody, sandbox, sessionId, type Sandbox } from './helpers.js';

// Thousands of generated requests, most of them wrong: the sandbox answers each with a documented
// status in Waftpay's error shape, never a 5xx, never a crash, and loses no session.

const documented = new Set([200, 400, 401, 404, 405, 409, 413, 415]);
let api: Sandbox;
let token: string;
let keeper: { id: string; url: string };

before(async () => {
  api = await sandbox();
  token = await api.token();
  const created = await api.post('/checkout-backend-api/v1/request', checkoutBody(), token);
  keeper = { id: sessionId(created.body.data.checkout_url), url: created.body.data.checkout_url };
});
after(() => api.close());

const paths = fc.oneof(
  fc.constantFrom(
    '/api/authentication-service/v1/api/generate-token',
    '/api/checkout-backend-api/v1/request',
    '/api/payments-tsq-service/v1/query/payments',
    '/',
  ),
  fc.string({ maxLength: 40 }).map((tail) => `/api/${encodeURIComponent(tail)}`),
  fc
    .tuple(
      fc.constantFrom('prompt', 'phone', 'cancel', 'state', ''),
      fc.stringMatching(/^[A-Za-z0-9+/=]{0,70}$/),
    )
    .map(([action, id]) => `/checkout/${encodeURIComponent(id)}${action ? `/${action}` : ''}`),
);

/** Field values of every wrong kind, for Create Checkout Request's fields. */
const wrongValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ maxLength: 300 }),
  fc.double(),
  fc.integer(),
  fc.constant(null),
  fc.constant(''),
  fc.string({ minLength: 1000, maxLength: 3000 }),
);
const fieldNames = Object.keys(checkoutBody());

const bodies = fc.oneof(
  fc.anything({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'undefined'),
  fc
    .dictionary(fc.constantFrom(...fieldNames), wrongValue)
    .map((changes) => JSON.stringify(checkoutBody(changes))),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '{"amount":',
    '[]',
    'null',
    '"a string"',
    '{"consumer_key":"k","consumer_secret":"s"}',
  ),
  fc.constant(JSON.stringify({ pad: 'x'.repeat(70_000) })),
);

const requests = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: paths,
  type: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    '',
    'application/x-www-form-urlencoded',
  ),
  auth: fc.constantFrom('valid', 'junk', 'none'),
  body: bodies,
});

test('2,000 generated requests: documented answers only, never a 5xx', async () => {
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requests, async ({ method, path, type, auth, body }) => {
      const headers: Record<string, string> = {};
      if (type) headers['content-type'] = type;
      if (auth !== 'none') headers.authorization = `Bearer ${auth === 'valid' ? token : 'forged-token'}`;
      const response = await fetch(`${api.origin}${path}`, {
        method,
        headers,
        body: method === 'GET' || method === 'OPTIONS' ? undefined : body,
      });
      const text = await response.text();
      seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
      assert.ok(
        documented.has(response.status),
        `${method} ${path} → ${response.status}: ${text.slice(0, 200)}`,
      );
      if (response.status >= 400 && response.headers.get('content-type')?.includes('json')) {
        const error = JSON.parse(text) as Record<string, unknown>;
        if (error.status !== 'NOT_FOUND') {
          assert.match(String(error.code), /^\d{3}\.\d{3}\.\d{3}$/);
          assert.equal(error.status, 'REJECTED');
        }
      }
    }),
    { numRuns: 2000 },
  );
  assert.ok((seen.get(400) ?? 0) > 0 && (seen.get(404) ?? 0) > 0, JSON.stringify([...seen]));
});

test('after all of it, the first session is intact and the API still works', async () => {
  const state = (await (await fetch(`${api.origin}/checkout/${keeper.id}/state`)).json()) as {
    state: string;
  };
  assert.equal(state.state, 'CREATED');
  assert.equal((await fetch(keeper.url)).status, 200);
  assert.equal((await api.post('/checkout-backend-api/v1/request', checkoutBody(), token)).status, 200);
});
