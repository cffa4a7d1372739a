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
import {
  checkoutReply,
  checkoutRequest,
  errorReply,
  refundReply,
  refundRequest,
  refundStatusReply,
  statusReply,
  tokenReply,
} from './waftpay-documents.js';

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
  test('is requested once and reused until it expires (expires_in is in milliseconds), on the clock given', async () => {
    // Two hours, as Waftpay's; renewed a little early (a tenth of its life, at most 60 s).
    const waftpay = await fake({ token: () => ({ json: { ...tokenReply, expires_in: 7_200_000 } }) });
    let now = Date.UTC(2026, 2, 2, 12);
    const waftpayClient = client(waftpay, { now: () => now });
    for (let i = 0; i < 3; i++) await waftpayClient.createCheckout(checkoutRequest);
    assert.equal(waftpay.count('token'), 1);
    now += 7_200_000 - 60_001;
    await waftpayClient.createCheckout(checkoutRequest);
    assert.equal(waftpay.count('token'), 1, 'still good a minute before it ends');
    now += 1;
    await waftpayClient.createCheckout(checkoutRequest);
    assert.equal(waftpay.count('token'), 2, 'renewed a minute before it ends');
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
    // Without a timeout the call would hang: the test's own timeout bounds that failure.
    test(`every call has a timeout: ${what}`, { timeout: 60_000 }, async () => {
      const waftpay = await fake({ checkout: () => answer });
      const error = await rejection(client(waftpay, { timeoutMs: 300 }).createCheckout(checkoutRequest));
      assert.ok(error instanceof WaftpayNetworkError, String(error));
      assert.equal(error.reason, 'timeout');
      assert.equal(error.retryable, true);
      // The client's timeoutMs, not a default, is what ran out.
      assert.match(error.message, /within 300 ms/);
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
    assert.throws(() => createWaftpayClient({ ...base, now: 5 as never }), TypeError);
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

describe('refund()', () => {
  test('the documented request, with the Collections token; the documented reply (code a number) gives the request_uuid', async () => {
    const waftpay = await fake();
    const refunded = await client(waftpay).refund(refundRequest);
    assert.equal(refunded.requestUuid, 'A333RTYUT');
    assert.deepEqual(refunded.response, refundReply);
    const sent = waftpay.received.at(-1)!;
    assert.equal(sent.route, 'refund');
    assert.equal(sent.authorization, `Bearer ${tokenReply.token}`);
    assert.equal(sent.contentType, 'application/json');
    assert.deepEqual(sent.body, refundRequest);
  });

  test('the same rules as createCheckout: a refusal is a WaftpayApiError with Waftpay’s fields, not retried', async () => {
    const waftpay = await fake({
      refund: () => ({
        status: 400,
        json: {
          ...errorReply,
          message: 'amount is more than is left to refund (400)',
          param: 'amount',
          code: '400.001.303',
        },
      }),
    });
    const error = await rejection(client(waftpay).refund(refundRequest));
    assert.ok(error instanceof WaftpayApiError);
    assert.equal(error.httpStatus, 400);
    assert.equal(error.param, 'amount');
    assert.equal(error.code, '400.001.303');
    assert.equal(error.retryable, false);
    assert.equal(waftpay.count('refund'), 1);
  });

  test('a 401 renews the token once; a 503 is retryable and not repeated; a timeout is a network error, not repeated', async () => {
    let issued = 0;
    const renewed = await fake({
      token: () => ({ json: { ...tokenReply, token: `token-${++issued}` } }),
      refund: (request) =>
        request.authorization === 'Bearer token-1'
          ? { status: 401, json: { error: 'authentication_error', message: 'expired', code: '401.002.201' } }
          : { json: refundReply },
    });
    assert.equal((await client(renewed).refund(refundRequest)).requestUuid, 'A333RTYUT');
    assert.equal(renewed.count('refund'), 2);

    const busy = await fake({ refund: () => ({ status: 503, text: 'busy' }) });
    const unavailable = await rejection(client(busy).refund(refundRequest));
    assert.ok(unavailable instanceof WaftpayApiError);
    assert.equal(unavailable.retryable, true);
    assert.equal(busy.count('refund'), 1);

    const silent = await fake({ refund: () => 'hang' });
    const timeout = await rejection(client(silent, { timeoutMs: 200 }).refund(refundRequest));
    assert.ok(timeout instanceof WaftpayNetworkError);
    assert.equal(timeout.reason, 'timeout');
    assert.equal(silent.count('refund'), 1);
  });

  test('an accepted reply without a request_uuid is refused (unexpected_reply)', async () => {
    const waftpay = await fake({ refund: () => ({ json: { ...refundReply, results: {} } }) });
    const error = await rejection(client(waftpay).refund(refundRequest));
    assert.ok(error instanceof WaftpayApiError);
    assert.equal(error.error, 'unexpected_reply');
  });
});

describe('queryRefund()', () => {
  test('the documented request (POST /refund-reversal, the Collections token); the documented reply, amounts as text', async () => {
    const waftpay = await fake();
    const answer = await client(waftpay).queryRefund('A333RTYUT');
    assert.ok(answer.found);
    assert.equal(answer.state, 'succeeded');
    assert.equal(answer.refund.amount, 1015);
    assert.equal(answer.refund.total_charges, 0);
    assert.equal(answer.refund.original_payment_uuid, refundStatusReply.results.original_payment_uuid);
    assert.equal(
      answer.refund.original_transaction_reference,
      refundStatusReply.results.original_transaction_reference,
    );
    assert.equal(answer.response.code, 102);
    const sent = waftpay.received.at(-1)!;
    assert.equal(sent.route, 'refundStatus');
    assert.equal(sent.authorization, `Bearer ${tokenReply.token}`);
    assert.deepEqual(sent.body, { request_uuid: 'A333RTYUT' });
  });

  test('processing (101, PENDING); a request_uuid Waftpay does not know (404): found false', async () => {
    const pending = await fake({
      refundStatus: () => ({ json: { ...refundStatusReply, code: 101, status: 'PENDING' } }),
    });
    const processing = await client(pending).queryRefund('A333RTYUT');
    assert.equal(processing.found && processing.state, 'processing');
    const unknown = await fake({
      refundStatus: () => ({ status: 404, json: { code: 404, status: 'NOT FOUND', description: 'none' } }),
    });
    const answer = await client(unknown).queryRefund('A333RTYUT');
    assert.equal(answer.found, false);
    assert.equal(answer.response.status, 'NOT FOUND');
  });

  test('a 5xx is a retryable WaftpayApiError; a reply it cannot read is unexpected_reply; no request_uuid, a TypeError', async () => {
    const busy = await fake({ refundStatus: () => ({ status: 503, text: 'busy' }) });
    const unavailable = await rejection(client(busy).queryRefund('A333RTYUT'));
    assert.ok(unavailable instanceof WaftpayApiError);
    assert.equal(unavailable.retryable, true);
    const odd = await fake({
      refundStatus: () => ({ json: { ...refundStatusReply, status: 'DONE', code: 1 } }),
    });
    const unreadable = await rejection(client(odd).queryRefund('A333RTYUT'));
    assert.equal(unreadable.error, 'unexpected_reply');
    await assert.rejects(client(busy).queryRefund(''), TypeError);
  });
});

describe('the status query in every form the documents show', () => {
  test('amounts as numbers or as text ("1015.00"), the envelope 200.100 / ACCEPTED, and the sandbox’s status word', async () => {
    const waftpay = await fake({
      query: () => ({
        json: {
          ...statusReply,
          data: {
            ...statusReply.data,
            amount: '1015.00',
            total_charges: '0.00',
            total_amount: '1015.00',
            state: 'succeeded',
            status: 'REFUNDED',
            refunded_amount: 400,
          },
        },
      }),
    });
    const answer = await client(waftpay).queryPayment({ payment_uuid: statusReply.data.payment_uuid });
    assert.ok(answer.found);
    assert.equal(answer.response.status, '200.100');
    assert.equal(answer.response.code, 'ACCEPTED');
    assert.equal(answer.payment.amount, 1015);
    assert.equal(answer.payment.total_charges, 0);
    assert.equal(answer.payment.status, 'REFUNDED');
    assert.equal(answer.payment.refunded_amount, 400);
  });

  test('a status word the client does not know is left out, not guessed', async () => {
    const waftpay = await fake({
      query: () => ({ json: { ...statusReply, data: { ...statusReply.data, status: 'DONE' } } }),
    });
    const answer = await client(waftpay).queryPayment({ payment_uuid: '1' });
    assert.ok(answer.found);
    assert.equal(answer.payment.status, undefined);
  });
});
