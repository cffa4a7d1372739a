import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, describe, test } from 'node:test';
import {
  createWaftpayClient,
  WaftpayApiError,
  WaftpayNetworkError,
  type WaftpayClientOptions,
} from '../../src/server.js';
import { fakeWaftpay, type FakeWaftpay } from './fake-waftpay.js';
import { checkoutReply, checkoutRequest, errorReply, statusReply, tokenReply } from './waftpay-documents.js';

const fakes: FakeWaftpay[] = [];
after(() => Promise.all(fakes.map((fake) => fake.close())));

async function fake(...args: Parameters<typeof fakeWaftpay>): Promise<FakeWaftpay> {
  const made = await fakeWaftpay(...args);
  fakes.push(made);
  return made;
}

function client(waftpay: FakeWaftpay, options: Partial<WaftpayClientOptions> = {}) {
  return createWaftpayClient({
    baseUrl: waftpay.baseUrl,
    consumerKey: 'APP_CONSUMER_KEY',
    consumerSecret: 'APP_CONSUMER_SECRET',
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

describe('createWaftpayClient against the documents’ example replies', () => {
  test('Create Checkout Request: token first, then the request with Bearer and JSON, as documented', async () => {
    const waftpay = await fake();
    const created = await client(waftpay).createCheckout(checkoutRequest);
    assert.equal(created.checkoutUrl, checkoutReply.data.checkout_url);
    assert.equal(created.expiresAt, checkoutReply.data.expires_at);
    assert.deepEqual(created.response, checkoutReply);
    const [token, checkout] = waftpay.received;
    assert.equal(token.route, 'token');
    assert.deepEqual(token.body, {
      consumer_key: 'APP_CONSUMER_KEY',
      consumer_secret: 'APP_CONSUMER_SECRET',
    });
    assert.equal(token.authorization, undefined);
    assert.equal(checkout.route, 'checkout');
    assert.equal(checkout.authorization, `Bearer ${tokenReply.token}`);
    assert.equal(checkout.contentType, 'application/json');
    assert.deepEqual(checkout.body, checkoutRequest);
  });

  test('status query: the documented reply, by exactly the one reference given', async () => {
    const waftpay = await fake();
    const answer = await client(waftpay).queryPayment({ transaction_reference: 'TXN123654573' });
    assert.equal(answer.found, true);
    assert.deepEqual(answer.found && answer.payment, statusReply.data);
    assert.deepEqual(waftpay.received.at(-1)!.body, { transaction_reference: 'TXN123654573' });
  });

  test('status query: NOT_FOUND is an answer, not an error', async () => {
    const waftpay = await fake({
      query: () => ({ status: 404, json: { status: 'NOT_FOUND', code: '404', description: 'No payment' } }),
    });
    const answer = await client(waftpay).queryPayment({ payment_uuid: '1' });
    assert.deepEqual(answer, {
      found: false,
      response: { status: 'NOT_FOUND', code: '404', description: 'No payment' },
    });
  });

  test('a status query names exactly one reference, or nothing is sent', async () => {
    const waftpay = await fake();
    const waftpayClient = client(waftpay);
    for (const reference of [{}, { payment_uuid: '1', request_uuid: '2' }, { payment_uuid: '' }]) {
      assert.ok((await rejection(waftpayClient.queryPayment(reference as never))) instanceof TypeError);
    }
    assert.equal(waftpay.received.length, 0);
  });
});

describe('the token', () => {
  test('is requested once and reused until it expires (expires_in is in milliseconds)', async () => {
    const waftpay = await fake({ token: () => ({ json: { ...tokenReply, expires_in: 400 } }) });
    const waftpayClient = client(waftpay);
    for (let i = 0; i < 3; i++) await waftpayClient.createCheckout(checkoutRequest);
    assert.equal(waftpay.count('token'), 1);
    await new Promise((resolve) => setTimeout(resolve, 450));
    await waftpayClient.createCheckout(checkoutRequest);
    assert.equal(waftpay.count('token'), 2);
  });

  test('concurrent calls share one token request', async () => {
    const waftpay = await fake({ token: () => ({ json: tokenReply, delayMs: 100 }) });
    const waftpayClient = client(waftpay);
    await Promise.all(Array.from({ length: 10 }, () => waftpayClient.createCheckout(checkoutRequest)));
    assert.equal(waftpay.count('token'), 1);
    assert.equal(waftpay.count('checkout'), 10);
  });

  test('a token Waftpay refuses (401) is renewed once, and the call made again', async () => {
    let issued = 0;
    const waftpay = await fake({
      token: () => ({ json: { ...tokenReply, token: `token-${++issued}` } }),
      checkout: (request) =>
        request.authorization === 'Bearer token-1'
          ? { status: 401, json: { error: 'authentication_error', message: 'expired', code: '401.002.201' } }
          : { json: checkoutReply },
    });
    const created = await client(waftpay).createCheckout(checkoutRequest);
    assert.equal(created.checkoutUrl, checkoutReply.data.checkout_url);
    assert.equal(waftpay.count('token'), 2);
    assert.deepEqual(
      waftpay.received.filter((r) => r.route === 'checkout').map((r) => r.authorization),
      ['Bearer token-1', 'Bearer token-2'],
    );
  });

  test('only once: a second 401 is the caller’s error, not a loop', async () => {
    const waftpay = await fake({
      checkout: () => ({
        status: 401,
        json: { error: 'authentication_error', message: 'no', code: '401.002.201' },
      }),
    });
    const error = await rejection(client(waftpay).createCheckout(checkoutRequest));
    assert.ok(error instanceof WaftpayApiError);
    assert.equal(error.httpStatus, 401);
    assert.equal(waftpay.count('token'), 2);
    assert.equal(waftpay.count('checkout'), 2);
  });

  test('wrong credentials: Waftpay’s 401 is thrown, with its fields', async () => {
    const waftpay = await fake({
      token: () => ({
        status: 401,
        json: { ...errorReply, error: 'authentication_error', code: '401.002.200', message: 'bad key' },
      }),
    });
    const error = await rejection(client(waftpay).createCheckout(checkoutRequest));
    assert.ok(error instanceof WaftpayApiError);
    assert.equal(error.error, 'authentication_error');
    assert.equal(error.code, '401.002.200');
    assert.equal(error.retryable, false);
    assert.equal(waftpay.count('checkout'), 0);
  });
});

describe('errors', () => {
  test('Waftpay’s error shape becomes a WaftpayApiError with Waftpay’s fields', async () => {
    const waftpay = await fake({ checkout: () => ({ status: 400, json: errorReply }) });
    const error = await rejection(client(waftpay).createCheckout(checkoutRequest));
    assert.ok(error instanceof WaftpayApiError);
    assert.equal(error.name, 'WaftpayApiError');
    assert.equal(error.httpStatus, 400);
    assert.equal(error.code, '400.001.300');
    assert.equal(error.error, 'invalid_request');
    assert.equal(error.message, 'msisdn is required');
    assert.equal(error.param, 'source.msisdn');
    assert.equal(error.requestId, 'req_abc123');
    assert.equal(error.status, 'REJECTED');
    assert.equal(error.retryable, false);
  });

  for (const status of [500, 502, 503, 429]) {
    test(`HTTP ${status} is retryable`, async () => {
      const waftpay = await fake({ checkout: () => ({ status, text: '<html>busy</html>' }) });
      const error = await rejection(client(waftpay).createCheckout(checkoutRequest));
      assert.ok(error instanceof WaftpayApiError);
      assert.equal(error.httpStatus, status);
      assert.equal(error.retryable, true);
    });
  }

  test('unreachable: a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as import('node:net').AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const waftpayClient = createWaftpayClient({
      baseUrl: `http://127.0.0.1:${port}/api`,
      consumerKey: 'k',
      consumerSecret: 's',
    });
    const error = await rejection(waftpayClient.createCheckout(checkoutRequest));
    assert.ok(error instanceof WaftpayNetworkError);
    assert.equal(error.reason, 'network');
    assert.equal(error.retryable, true);
  });

  for (const [what, answer] of [
    ['no answer at all', 'hang'],
    ['headers, then silence', 'stall'],
  ] as const) {
    test(`every call has a timeout: ${what}`, async () => {
      const waftpay = await fake({ checkout: () => answer });
      const started = Date.now();
      const error = await rejection(client(waftpay, { timeoutMs: 300 }).createCheckout(checkoutRequest));
      assert.ok(error instanceof WaftpayNetworkError, String(error));
      assert.equal(error.reason, 'timeout');
      assert.equal(error.retryable, true);
      assert.ok(Date.now() - started < 2000);
    });
  }

  test('the token request has the timeout too', async () => {
    const waftpay = await fake({ token: () => 'hang' });
    const error = await rejection(client(waftpay, { timeoutMs: 200 }).createCheckout(checkoutRequest));
    assert.ok(error instanceof WaftpayNetworkError);
    assert.equal(error.reason, 'timeout');
  });

  test('an unexpected token reply is refused, and the error carries nothing of it', async () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.leaked.signature';
    const waftpay = await fake({
      token: () => ({ json: { status: true, token: secret, expires_in: 'soon' } }),
    });
    const error = await rejection(client(waftpay).createCheckout(checkoutRequest));
    assert.ok(error instanceof WaftpayApiError);
    assert.equal(error.error, 'unexpected_reply');
    const everything = [
      String(error),
      error.stack,
      JSON.stringify(error),
      JSON.stringify({ ...error }),
    ].join();
    assert.ok(!everything.includes(secret), everything);
    assert.equal(waftpay.count('checkout'), 0);
  });

  for (const [what, body] of [
    ['not JSON', { text: 'OK' }],
    ['no data', { json: { code: '200', status: 'SUCCESS' } }],
    [
      'a javascript: checkout_url',
      { json: { data: { checkout_url: 'javascript:alert(1)', expires_at: '2026-03-02T14:08:41.921Z' } } },
    ],
    [
      'an unreadable expires_at',
      { json: { data: { checkout_url: 'https://pay.example/c/1', expires_at: 'soon' } } },
    ],
  ] as const) {
    test(`an accepted reply with ${what} is refused`, async () => {
      const waftpay = await fake({ checkout: () => body });
      const error = await rejection(client(waftpay).createCheckout(checkoutRequest));
      assert.ok(error instanceof WaftpayApiError);
      assert.equal(error.error, 'unexpected_reply');
    });
  }

  test('a status query reply with an unknown state is refused', async () => {
    const waftpay = await fake({
      query: () => ({ json: { ...statusReply, data: { ...statusReply.data, state: 'done' } } }),
    });
    const error = await rejection(client(waftpay).queryPayment({ payment_uuid: '1' }));
    assert.ok(error instanceof WaftpayApiError);
    assert.equal(error.error, 'unexpected_reply');
  });

  test('options are checked when the client is made', () => {
    const base = { baseUrl: 'https://sandbox.waftpay.io/api', consumerKey: 'k', consumerSecret: 's' };
    for (const baseUrl of [
      'sandbox.waftpay.io',
      'ftp://api.waftpay.io',
      'http://api.waftpay.io',
      'http://10.0.0.2/api',
    ])
      assert.throws(() => createWaftpayClient({ ...base, baseUrl }), {
        name: 'WaftpayCheckoutError',
        code: 'invalid-base-url',
        message: new RegExp(`^baseUrl must .*got "${baseUrl}"`),
      });
    for (const baseUrl of ['http://127.0.0.1:5174/api', 'http://localhost:5174/api', 'http://[::1]:5174/api'])
      assert.doesNotThrow(() => createWaftpayClient({ ...base, baseUrl }), baseUrl);
    assert.throws(() => createWaftpayClient({ ...base, consumerKey: '' }), TypeError);
    assert.throws(() => createWaftpayClient({ ...base, timeoutMs: 0 }), TypeError);
    assert.doesNotThrow(() => createWaftpayClient({ ...base, baseUrl: 'https://api.waftpay.io/' }));
  });

  test('a given fetch is the one used', async () => {
    const waftpay = await fake();
    const calls: string[] = [];
    await client(waftpay, {
      fetch: (input, init) => {
        calls.push(new URL(input).pathname);
        return fetch(input, init);
      },
    }).createCheckout(checkoutRequest);
    assert.deepEqual(calls, [
      '/api/authentication-service/v1/api/generate-token',
      '/api/checkout-backend-api/v1/request',
    ]);
  });
});
