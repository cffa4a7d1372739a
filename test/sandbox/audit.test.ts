// The audit: every item Waftpay's documents state about what the sandbox imitates, one test
// each, numbered. The documents are docs.waftpay.io's pages, summarised (with their examples) in
// shared/reference/waftpay-api.md and seeds/waftpay-checkout-guide.txt; each item names its page.
// Where the documents leave a question open, the sandbox's answer is in docs/sandbox.md, not here.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SandboxError } from '../../sandbox/errors.js';
import { checkoutRequest } from '../merchant/waftpay-documents.js';
import { checkoutBody, receiver, sandbox, sessionId, until, type Receiver, type Sandbox } from './helpers.js';

const tokenPath = '/authentication-service/v1/api/generate-token';
const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';

let api: Sandbox;
let token: string;
let hook: Receiver;

/** A session paid, declined and expired (through the sandbox-only helpers), and their webhooks. */
const flows = {} as Record<
  'paid' | 'declined' | 'expired',
  { reference: string; webhooks: Array<Record<string, any>> }
>;

async function flow(action: 'approve' | 'decline' | 'expire', overrides: Record<string, unknown> = {}) {
  const body = checkoutBody({ callback_url: hook.url, ...overrides });
  assert.equal((await api.post(createPath, body, token)).status, 200);
  assert.equal((await api.act(body.checkout_reference, action)).status, 200);
  const mine = () =>
    hook.deliveries.filter((d) => d.results.transaction_reference === body.checkout_reference);
  await until(() => mine().some((d) => d.status !== 'PENDING'));
  return { reference: body.checkout_reference as string, webhooks: mine() };
}

const final = (name: keyof typeof flows) => flows[name].webhooks.find((d) => d.status !== 'PENDING')!;
const later = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 19).replace('T', ' ');

before(async () => {
  api = await sandbox({ webhookRetryMs: 50, webhookTimeoutMs: 500, pendingDelayMs: 50 });
  token = await api.token();
  hook = await receiver();
  flows.paid = await flow('approve', { meta_data: { order_id: 'ORDER-39182' } });
  flows.declined = await flow('decline');
  flows.expired = await flow('expire');
});
after(async () => {
  await api.close();
  await hook.close();
});

type Item = readonly [page: string, statement: string, check: () => Promise<void> | void];

const items: Item[] = [
  // Environments
  [
    'environments',
    'the sandbox API lives under /api (https://sandbox.waftpay.io/api)',
    async () => {
      assert.ok(api.apiBaseUrl.endsWith('/api'));
      const outside = await fetch(`${api.origin}${tokenPath}`, { method: 'POST' });
      assert.equal(outside.status, 404);
    },
  ],
  [
    'environments',
    'the sandbox is throttled (when started with a throttle: HTTP 429 in the error shape)',
    async () => {
      const throttled = await sandbox({ throttlePerSecond: 2 });
      try {
        const replies = await Promise.all(
          Array.from({ length: 4 }, () =>
            throttled.post(tokenPath, { consumer_key: 'k', consumer_secret: 's' }),
          ),
        );
        const refused = replies.filter((reply) => reply.status === 429);
        assert.equal(refused.length, 2);
        assert.equal(refused[0].body.status, 'REJECTED');
        assert.match(refused[0].body.code, /^429\./);
      } finally {
        await throttled.close();
      }
    },
  ],
  // Authentication
  [
    'authentication',
    'POST /authentication-service/v1/api/generate-token issues a token, with no Bearer token needed',
    async () =>
      assert.equal((await api.post(tokenPath, { consumer_key: 'k', consumer_secret: 's' })).status, 200),
  ],
  [
    'authentication',
    'the request body is JSON {consumer_key, consumer_secret}; both are required',
    async () => {
      assert.equal((await api.post(tokenPath, { consumer_key: 'k' })).status, 401);
      assert.equal((await api.post(tokenPath, { consumer_secret: 's' })).status, 401);
    },
  ],
  [
    'authentication',
    'the reply is {status: true, message, token, expires_in}, and nothing else (no refresh token)',
    async () => {
      const { body } = await api.post(tokenPath, { consumer_key: 'k', consumer_secret: 's' });
      assert.deepEqual(Object.keys(body), ['status', 'message', 'token', 'expires_in']);
      assert.equal(body.status, true);
      assert.equal(body.message, 'Request processed successfully');
    },
  ],
  [
    'authentication',
    'the token is a JWT bearer token',
    async () => {
      const parts = token.split('.');
      assert.equal(parts.length, 3);
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
      assert.equal(header.typ, 'JWT');
      assert.equal(typeof header.alg, 'string');
    },
  ],
  [
    'authentication',
    'expires_in is in milliseconds: 7200000 (2 hours)',
    async () => {
      const { body } = await api.post(tokenPath, { consumer_key: 'k', consumer_secret: 's' });
      assert.equal(body.expires_in, 7_200_000);
      const claims = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString());
      assert.ok(Math.abs((claims.exp - claims.iat) * 1000 - 7_200_000) < 1000);
    },
  ],
  [
    'authentication',
    'the token is short-lived: refused once expires_in has passed',
    async () => {
      const brief = await sandbox({ tokenTtlMs: 100 });
      try {
        const expiring = await brief.token();
        await new Promise((resolve) => setTimeout(resolve, 150));
        const { status, body } = await brief.post(createPath, checkoutBody(), expiring);
        assert.equal(status, 401);
        assert.equal(body.error, 'authentication_error');
      } finally {
        await brief.close();
      }
    },
  ],
  [
    'authentication',
    'the token goes in the Authorization: Bearer <token> header',
    async () => {
      assert.equal((await api.post(createPath, checkoutBody(), token)).status, 200);
      const raw = await fetch(`${api.apiBaseUrl}${createPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: token },
        body: JSON.stringify(checkoutBody()),
      });
      assert.equal(raw.status, 401);
    },
  ],
  [
    'checkout guide',
    'tokens are product-scoped: Checkout refuses a Payouts token (authorization_error)',
    async () => {
      const { status, body } = await api.post(createPath, checkoutBody(), await api.token('payouts-shop'));
      assert.equal(status, 403);
      assert.equal(body.error, 'authorization_error');
      assert.match(body.code, /^403\./);
    },
  ],
  [
    'collections status',
    'the status query needs the Collections token: a Remittance token is refused',
    async () => {
      const { status, body } = await api.post(
        queryPath,
        { transaction_reference: flows.paid.reference },
        await api.token('remittance-shop'),
      );
      assert.equal(status, 403);
      assert.equal(body.error, 'authorization_error');
    },
  ],
  // Create Checkout Request
  [
    'checkout guide',
    'POST /checkout-backend-api/v1/request creates a checkout (no request signature needed)',
    async () => assert.equal((await api.post(createPath, checkoutBody(), token)).status, 200),
  ],
  [
    'checkout guide',
    'it requires Authorization: Bearer <token> (401 without)',
    async () => {
      const { status, body } = await api.post(createPath, checkoutBody());
      assert.equal(status, 401);
      assert.equal(body.error, 'authentication_error');
    },
  ],
  [
    'checkout guide',
    'it requires Content-Type: application/json',
    async () => {
      const response = await fetch(`${api.apiBaseUrl}${createPath}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
        body: JSON.stringify(checkoutBody()),
      });
      assert.equal(response.status, 415);
    },
  ],
  [
    'checkout guide',
    'the guide’s example body is accepted (with its expiry moved to the future)',
    async () => {
      const example = {
        ...checkoutRequest,
        checkout_reference: `${checkoutRequest.checkout_reference}-${Date.now()}`,
        // A webhook nobody answers (the sandbox posts only to this machine unless told).
        callback_url: 'http://127.0.0.1:9/aa2b85e4-1c13-4a9c-9b7e-3d7f3d91c9f1',
        extra_params: { ...checkoutRequest.extra_params, expiry: later(3_600_000) },
      };
      assert.equal((await api.post(createPath, example, token)).status, 200);
    },
  ],
  [
    'checkout guide',
    'the accepted reply is {code, status, description, data}',
    async () =>
      assert.deepEqual(Object.keys((await api.post(createPath, checkoutBody(), token)).body), [
        'code',
        'status',
        'description',
        'data',
      ]),
  ],
  [
    'checkout guide',
    'its code is "200" (a string), its status SUCCESS and its description "Request accepted"',
    async () => {
      const { body } = await api.post(createPath, checkoutBody(), token);
      assert.equal(body.code, '200');
      assert.equal(body.status, 'SUCCESS');
      assert.equal(body.description, 'Request accepted');
    },
  ],
  [
    'checkout guide',
    'data.checkout_url ends in /checkout/<base64 of a UUID>',
    async () => {
      const { body } = await api.post(createPath, checkoutBody(), token);
      assert.match(new URL(body.data.checkout_url).pathname, /^\/checkout\/[A-Za-z0-9+/=]+$/);
      assert.match(
        Buffer.from(sessionId(body.data.checkout_url), 'base64').toString(),
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    },
  ],
  [
    'checkout guide',
    'data.expires_at is ISO-8601 UTC with milliseconds',
    async () => {
      const { body } = await api.post(createPath, checkoutBody(), token);
      assert.match(body.data.expires_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    },
  ],
  [
    'checkout guide',
    'checkout_reference must be unique per request',
    async () => {
      const body = checkoutBody();
      assert.equal((await api.post(createPath, body, token)).status, 200);
      assert.equal((await api.post(createPath, body, token)).status, 409);
    },
  ],
  [
    'checkout guide',
    'extra_params.expiry is optional; a default applies',
    async () => {
      const { status, body } = await api.post(
        createPath,
        checkoutBody({ extra_params: { language: 'en' } }),
        token,
      );
      assert.equal(status, 200);
      assert.ok(Date.parse(body.data.expires_at) > Date.now());
    },
  ],
  [
    'checkout guide',
    'extra_params.expiry is "YYYY-MM-DD HH:mm:ss"',
    async () => {
      const at = new Date(Date.now() + 3_600_000);
      at.setUTCMilliseconds(0);
      const { body } = await api.post(
        createPath,
        checkoutBody({ extra_params: { expiry: later(at.getTime() - Date.now()) } }),
        token,
      );
      assert.equal(body.data.expires_at, at.toISOString());
      assert.equal(
        (await api.post(createPath, checkoutBody({ extra_params: { expiry: at.toISOString() } }), token))
          .status,
        400,
      );
    },
  ],
  [
    'checkout guide',
    'extra_params.strict_amount true: only the full amount is accepted',
    async () => {
      const body = checkoutBody({ extra_params: { strict_amount: true } });
      await api.post(createPath, body, token);
      assert.equal((await api.act(body.checkout_reference, 'approve', { amount: 1000 })).status, 400);
    },
  ],
  [
    'checkout guide',
    'extra_params.strict_amount false: a partial payment is accepted',
    async () => {
      const body = checkoutBody({ extra_params: { strict_amount: false } });
      await api.post(createPath, body, token);
      const { status } = await api.act(body.checkout_reference, 'approve', { amount: 1000 });
      assert.equal(status, 200);
      const query = await api.post(queryPath, { transaction_reference: body.checkout_reference }, token);
      assert.equal(query.body.data.amount, 1000);
    },
  ],
  [
    'checkout guide',
    'extra_params.language "en" is accepted, and the hosted page is in English',
    async () => {
      const { body } = await api.post(createPath, checkoutBody({ extra_params: { language: 'en' } }), token);
      assert.match(await (await fetch(body.data.checkout_url)).text(), /<html lang="en">/);
    },
  ],
  [
    'checkout guide',
    'mode "redirect" is accepted',
    async () =>
      assert.equal((await api.post(createPath, checkoutBody({ mode: 'redirect' }), token)).status, 200),
  ],
  [
    'checkout guide',
    'customer {first_name, other_names, email, phone_number} is accepted',
    async () => {
      const customer = {
        first_name: 'Amina',
        other_names: 'Kariuki',
        email: 'amina.kariuki@example.com',
        phone_number: '254733112244',
      };
      assert.equal((await api.post(createPath, checkoutBody({ customer }), token)).status, 200);
    },
  ],
  [
    'checkout guide',
    'timestamp is ISO-8601',
    async () => {
      assert.equal(
        (await api.post(createPath, checkoutBody({ timestamp: '2025-11-18T09:45:30.540Z' }), token)).status,
        200,
      );
      assert.equal(
        (await api.post(createPath, checkoutBody({ timestamp: '18/11/2025' }), token)).status,
        400,
      );
    },
  ],
  [
    'checkout guide',
    'payment_reference is accepted and reported by the status query',
    async () => {
      const body = checkoutBody({ payment_reference: 'INV20478519' });
      await api.post(createPath, body, token);
      const query = await api.post(queryPath, { transaction_reference: body.checkout_reference }, token);
      assert.equal(query.body.data.payment_reference, 'INV20478519');
    },
  ],
  [
    'checkout guide',
    'msisdn is 2547… with no +',
    async () => {
      assert.equal((await api.post(createPath, checkoutBody({ msisdn: '254711223344' }), token)).status, 200);
      assert.equal(
        (await api.post(createPath, checkoutBody({ msisdn: '+254711223344' }), token)).status,
        400,
      );
    },
  ],
  [
    'checkout guide',
    'country is KEN',
    async () => {
      assert.equal((await api.post(createPath, checkoutBody({ country: 'KEN' }), token)).status, 200);
      assert.equal((await api.post(createPath, checkoutBody({ country: 'KE' }), token)).status, 400);
    },
  ],
  [
    'checkout guide',
    'currency is KES',
    async () =>
      assert.equal((await api.post(createPath, checkoutBody({ currency: 'KES' }), token)).status, 200),
  ],
  [
    'checkout guide',
    'amount is a number in major units (1750 is KES 1 750)',
    async () => {
      assert.equal(final('paid').results.amount, 1750);
      assert.equal((await api.post(createPath, checkoutBody({ amount: '1750' }), token)).status, 400);
    },
  ],
  [
    'checkout guide',
    'meta_data is returned in the webhook (as metadata)',
    async () => assert.deepEqual(final('paid').results.metadata, { order_id: 'ORDER-39182' }),
  ],
  [
    'checkout guide',
    'the final result is POSTed to callback_url',
    async () => assert.ok(flows.paid.webhooks.length >= 1),
  ],
  [
    'checkout guide',
    'success_redirect_url and fail_redirect_url are where the hosted page returns the customer',
    async () => {
      const body = checkoutBody({
        success_redirect_url: 'https://shop.example/thanks',
        fail_redirect_url: 'https://shop.example/sorry',
      });
      const { body: reply } = await api.post(createPath, body, token);
      const html = await (await fetch(reply.data.checkout_url)).text();
      const data = JSON.parse(
        /<script type="application\/json" id="session">(.*?)<\/script>/s.exec(html)![1],
      );
      assert.equal(data.successUrl, 'https://shop.example/thanks');
      assert.equal(data.failUrl, 'https://shop.example/sorry');
    },
  ],
  [
    'checkout guide',
    'checkout_url may be embedded in an iframe (by the merchant)',
    async () => {
      const { body } = await api.post(
        createPath,
        checkoutBody({
          success_redirect_url: 'https://shop.example/a',
          fail_redirect_url: 'https://shop.example/b',
        }),
        token,
      );
      const response = await fetch(body.data.checkout_url);
      assert.match(
        response.headers.get('content-security-policy') ?? '',
        /frame-ancestors https:\/\/shop\.example(;|$)/,
      );
      assert.equal(response.headers.get('x-frame-options'), null);
    },
  ],
  [
    'checkout guide',
    'checkout_url may be redirected to: a whole HTML page',
    async () => {
      const { body } = await api.post(createPath, checkoutBody(), token);
      const response = await fetch(body.data.checkout_url);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    },
  ],
  // Errors
  [
    'errors',
    'errors have the shape {error, message, param, request_id, code, status}',
    async () => {
      const { body } = await api.post(createPath, checkoutBody({ msisdn: undefined }), token);
      assert.deepEqual(Object.keys(body), ['error', 'message', 'param', 'request_id', 'code', 'status']);
    },
  ],
  [
    'errors',
    'error is one of invalid_request, authentication_error, authorization_error, validation_error, service_error',
    async () => {
      const categories = [
        'invalid_request',
        'authentication_error',
        'authorization_error',
        'validation_error',
        'service_error',
      ];
      for (const reply of [
        await api.post(createPath, checkoutBody({ msisdn: undefined }), token),
        await api.post(createPath, checkoutBody({ currency: 'USD' }), token),
        await api.post(createPath, checkoutBody()),
        await api.post(createPath, checkoutBody(), await api.token('payouts-x')),
      ]) {
        assert.ok(categories.includes(reply.body.error), reply.body.error);
      }
    },
  ],
  [
    'errors',
    'param names the field that caused the error',
    async () =>
      assert.equal(
        (await api.post(createPath, checkoutBody({ callback_url: 'nope' }), token)).body.param,
        'callback_url',
      ),
  ],
  [
    'errors',
    'request_id is unique per request',
    async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++)
        ids.add((await api.post(createPath, checkoutBody({ msisdn: undefined }), token)).body.request_id);
      assert.equal(ids.size, 5);
    },
  ],
  [
    'errors',
    'code is HTTP.SERVICE.SPECIFIC, its first part the HTTP status',
    async () => {
      for (const reply of [
        await api.post(createPath, checkoutBody({ amount: -1 }), token),
        await api.post(createPath, checkoutBody()),
        await api.post(createPath, checkoutBody(), await api.token('payouts-x')),
      ]) {
        assert.match(reply.body.code, /^\d{3}\.\d{3}\.\d{3}$/);
        assert.equal(reply.body.code.slice(0, 3), String(reply.status));
      }
    },
  ],
  [
    'errors',
    'status is REJECTED for a 4xx',
    async () =>
      assert.equal((await api.post(createPath, checkoutBody({ amount: -1 }), token)).body.status, 'REJECTED'),
  ],
  [
    'errors',
    'status is ERROR for a 5xx',
    () => {
      const body = new SandboxError('unexpected', 'The sandbox failed unexpectedly').body('req_1');
      assert.equal(body.status, 'ERROR');
      assert.equal(body.error, 'service_error');
      assert.match(String(body.code), /^500\./);
    },
  ],
  [
    'errors',
    '400.001.300: a missing field, with error invalid_request and "<field> is required"',
    async () => {
      const { status, body } = await api.post(createPath, checkoutBody({ msisdn: undefined }), token);
      assert.equal(status, 400);
      assert.equal(body.code, '400.001.300');
      assert.equal(body.error, 'invalid_request');
      assert.equal(body.message, 'msisdn is required');
      assert.equal(body.param, 'msisdn');
    },
  ],
  [
    'errors',
    '400.001.304: an invalid currency',
    async () => {
      const { status, body } = await api.post(createPath, checkoutBody({ currency: 'USD' }), token);
      assert.equal(status, 400);
      assert.equal(body.code, '400.001.304');
    },
  ],
  [
    'errors',
    '400.001.307: an invalid URL',
    async () => {
      const { status, body } = await api.post(
        createPath,
        checkoutBody({ success_redirect_url: 'not a url' }),
        token,
      );
      assert.equal(status, 400);
      assert.equal(body.code, '400.001.307');
    },
  ],
  [
    'errors',
    '401 with authentication_error for wrong credentials',
    async () => {
      const { status, body } = await api.post(tokenPath, { consumer_key: '', consumer_secret: '' });
      assert.equal(status, 401);
      assert.equal(body.error, 'authentication_error');
    },
  ],
  // Webhooks
  [
    'webhooks overview',
    'a webhook is a JSON POST to callback_url',
    async () => {
      const index = hook.deliveries.indexOf(final('paid'));
      assert.match(String(hook.headers[index]['content-type']), /^application\/json/);
    },
  ],
  [
    'webhook payload',
    'the body is {status, code, description, results}',
    async () => assert.deepEqual(Object.keys(final('paid')), ['status', 'code', 'description', 'results']),
  ],
  [
    'webhook payload',
    'code is a string',
    async () => {
      for (const webhook of [...flows.paid.webhooks, ...flows.declined.webhooks])
        assert.equal(typeof webhook.code, 'string');
    },
  ],
  [
    'webhook payload',
    'results has result_code, result_description, amount, total_charges, total_amount, account, transaction_reference, payment_uuid, external_reference, msisdn, time_processed, validation_hash, metadata',
    async () => {
      const results = final('paid').results;
      for (const field of [
        'result_code',
        'result_description',
        'amount',
        'total_charges',
        'total_amount',
        'account',
        'transaction_reference',
        'payment_uuid',
        'external_reference',
        'msisdn',
        'time_processed',
        'validation_hash',
        'metadata',
      ]) {
        assert.ok(field in results, field);
      }
    },
  ],
  [
    'webhook payload',
    'SUCCESS is code 102',
    async () => {
      assert.equal(final('paid').status, 'SUCCESS');
      assert.equal(final('paid').code, '102');
    },
  ],
  [
    'webhook payload',
    'FAILED is code 103',
    async () => {
      assert.equal(final('declined').status, 'FAILED');
      assert.equal(final('declined').code, '103');
    },
  ],
  [
    'webhook payload',
    'EXPIRED is code 105',
    async () => {
      assert.equal(final('expired').status, 'EXPIRED');
      assert.equal(final('expired').code, '105');
    },
  ],
  [
    'webhooks overview',
    'PENDING is among the events: a PENDING webhook (101) is sent',
    async () => {
      const pending = flows.paid.webhooks.find((webhook) => webhook.status === 'PENDING');
      assert.ok(pending);
      assert.equal(pending.code, '101');
    },
  ],
  [
    'webhook payload',
    'result_code is the processor’s code: "0" for a completed payment',
    async () => {
      assert.equal(final('paid').results.result_code, '0');
      assert.notEqual(final('declined').results.result_code, '0');
    },
  ],
  [
    'webhook payload',
    'transaction_reference is your client reference (the checkout_reference)',
    async () => assert.equal(final('paid').results.transaction_reference, flows.paid.reference),
  ],
  [
    'webhook payload',
    'payment_uuid is Waftpay’s reference, a numeric string',
    async () => assert.match(final('paid').results.payment_uuid, /^\d{15,20}$/),
  ],
  [
    'webhook payload',
    'account is an account number (the paying phone’s)',
    async () => assert.match(final('paid').results.account, /^254\d{9}$/),
  ],
  [
    'webhook payload',
    'external_reference is the network’s reference, not yours',
    async () => {
      const results = final('paid').results;
      assert.match(results.external_reference, /^[0-9A-Z]{10}$/);
      assert.notEqual(results.external_reference, flows.paid.reference);
    },
  ],
  [
    'webhook payload',
    'msisdn is the paying phone',
    async () => assert.equal(final('paid').results.msisdn, '254711223344'),
  ],
  [
    'webhook payload',
    'time_processed is written as the example shows it: no zone, seven digits of fraction',
    async () =>
      assert.match(final('paid').results.time_processed, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/),
  ],
  [
    'verify signature',
    'validation_hash is the lowercase hex SHA-256 of amount + client_reference + payment_uuid + payment_id (amount as Number(n).toString())',
    async () => {
      for (const webhook of [final('paid'), final('declined'), final('expired')]) {
        const {
          amount,
          transaction_reference: reference,
          payment_uuid: uuid,
          payment_id: id,
          validation_hash: hash,
        } = webhook.results;
        assert.equal(
          hash,
          createHash('sha256')
            .update(`${Number(amount).toString()}${reference}${uuid}${id}`)
            .digest('hex'),
        );
      }
    },
  ],
  [
    'verify signature',
    'client_reference is the transaction_reference (no separate field needed)',
    async () => assert.equal(final('paid').results.client_reference, undefined),
  ],
  [
    'verify signature',
    'payment_id, Waftpay’s numeric id, is there to be hashed',
    async () => assert.equal(typeof final('paid').results.payment_id, 'number'),
  ],
  [
    'webhooks overview',
    'there is no signature header',
    async () => {
      const index = hook.deliveries.indexOf(final('paid'));
      assert.deepEqual(
        Object.keys(hook.headers[index]).filter((name) => /signature|hmac/i.test(name)),
        [],
      );
    },
  ],
  [
    'retries and idempotency',
    'HTTP 200, 201 and 202 are delivered: no retry',
    async () => {
      for (const code of [200, 201, 202]) {
        const once = await receiver(() => code);
        try {
          const body = checkoutBody({ callback_url: once.url });
          await api.post(createPath, body, token);
          await api.act(body.checkout_reference, 'expire');
          await until(() => once.finals.length === 1);
          await new Promise((resolve) => setTimeout(resolve, 150));
          assert.equal(once.finals.length, 1, String(code));
        } finally {
          await once.close();
        }
      }
    },
  ],
  [
    'retries and idempotency',
    'anything else is retried, 3 attempts in all',
    async () => {
      const broken = await receiver(() => 204);
      try {
        const body = checkoutBody({ callback_url: broken.url });
        await api.post(createPath, body, token);
        await api.act(body.checkout_reference, 'expire');
        await until(() => broken.finals.length === 3);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(broken.finals.length, 3);
      } finally {
        await broken.close();
      }
    },
  ],
  [
    'retries and idempotency',
    'attempts are spaced by a delay (60 s at Waftpay; here as configured)',
    async () => {
      const times: number[] = [];
      const slow = await sandbox({ webhookRetryMs: 300 });
      const broken = await receiver((_, body) =>
        body.status === 'EXPIRED' && times.push(Date.now()) < 2 ? 500 : 200,
      );
      try {
        const body = checkoutBody({ callback_url: broken.url });
        await slow.post(createPath, body, await slow.token());
        await slow.act(body.checkout_reference, 'expire');
        await until(() => times.length === 2);
        assert.ok(times[1] - times[0] >= 280, String(times[1] - times[0]));
      } finally {
        await slow.close();
        await broken.close();
      }
    },
  ],
  [
    'webhooks overview',
    'a timeout counts as not delivered, and is retried',
    async () => {
      let calls = 0;
      const silent = await (
        await import('node:http')
      ).createServer((request, response) => {
        if (++calls === 1) return; // never answers
        response.writeHead(200).end();
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const port = (silent.address() as import('node:net').AddressInfo).port;
        const body = checkoutBody({ callback_url: `http://127.0.0.1:${port}/webhook` });
        await api.post(createPath, body, token);
        await api.act(body.checkout_reference, 'expire');
        await until(() => calls === 2, 4000);
      } finally {
        silent.closeAllConnections();
        await new Promise((resolve) => silent.close(resolve));
      }
    },
  ],
  [
    'retries and idempotency',
    'a webhook may arrive more than once: every copy carries the same payment_uuid',
    async () => {
      const twice = await sandbox({ duplicateWebhooks: true });
      const copies = await receiver();
      try {
        const body = checkoutBody({ callback_url: copies.url });
        await twice.post(createPath, body, await twice.token());
        await twice.act(body.checkout_reference, 'approve');
        await until(() => copies.finals.length === 2);
        assert.equal(copies.finals[0].results.payment_uuid, copies.finals[1].results.payment_uuid);
      } finally {
        await twice.close();
        await copies.close();
      }
    },
  ],
  // Status query
  [
    'collections status',
    'POST /payments-tsq-service/v1/query/payments with a Bearer token',
    async () => {
      assert.equal(
        (await api.post(queryPath, { transaction_reference: flows.paid.reference }, token)).status,
        200,
      );
      assert.equal((await api.post(queryPath, { transaction_reference: flows.paid.reference })).status, 401);
    },
  ],
  [
    'collections status',
    'exactly one of transaction_reference, request_uuid, payment_uuid',
    async () => {
      assert.equal((await api.post(queryPath, {}, token)).status, 400);
      assert.equal(
        (
          await api.post(
            queryPath,
            { transaction_reference: flows.paid.reference, payment_uuid: final('paid').results.payment_uuid },
            token,
          )
        ).status,
        400,
      );
    },
  ],
  [
    'collections status',
    'transaction_reference is your reference (the checkout_reference)',
    async () => {
      const { body } = await api.post(queryPath, { transaction_reference: flows.paid.reference }, token);
      assert.equal(body.data.transaction_reference, flows.paid.reference);
    },
  ],
  [
    'collections status',
    'payment_uuid (numeric string) finds the payment of the webhook',
    async () => {
      const uuid = final('paid').results.payment_uuid;
      const { body } = await api.post(queryPath, { payment_uuid: uuid }, token);
      assert.equal(body.data.payment_uuid, uuid);
      assert.equal(body.data.transaction_reference, flows.paid.reference);
    },
  ],
  [
    'collections status',
    'request_uuid finds the checkout request',
    async () => {
      const { body } = await api.post(createPath, checkoutBody(), token);
      const uuid = Buffer.from(sessionId(body.data.checkout_url), 'base64').toString();
      assert.equal((await api.post(queryPath, { request_uuid: uuid }, token)).status, 200);
    },
  ],
  [
    'collections status',
    'the reply is {status, code, description, data{transaction_reference, payment_reference, time_received, amount, total_charges, total_amount, payment_uuid, state, last_updated}}',
    async () => {
      const { body } = await api.post(queryPath, { transaction_reference: flows.paid.reference }, token);
      assert.deepEqual(Object.keys(body), ['status', 'code', 'description', 'data']);
      for (const field of [
        'amount',
        'last_updated',
        'payment_reference',
        'payment_uuid',
        'state',
        'time_received',
        'total_amount',
        'total_charges',
        'transaction_reference',
      ])
        assert.ok(field in body.data, field);
    },
  ],
  [
    'collections status',
    'state is processing, succeeded, failed or canceled',
    async () => {
      const state = async (reference: string) =>
        (await api.post(queryPath, { transaction_reference: reference }, token)).body.data.state;
      const open = checkoutBody();
      await api.post(createPath, open, token);
      const cancelled = checkoutBody();
      await api.post(createPath, cancelled, token);
      await api.act(cancelled.checkout_reference, 'cancel');
      assert.deepEqual(
        [
          await state(open.checkout_reference),
          await state(flows.paid.reference),
          await state(flows.declined.reference),
          await state(cancelled.checkout_reference),
        ],
        ['processing', 'succeeded', 'failed', 'canceled'],
      );
    },
  ],
  [
    'collections status',
    'an unknown reference gets a NOT_FOUND reply',
    async () => {
      const { status, body } = await api.post(
        queryPath,
        { transaction_reference: 'NO-SUCH-REFERENCE' },
        token,
      );
      assert.equal(status, 404);
      assert.equal(body.status, 'NOT_FOUND');
    },
  ],
];

describe('the sandbox against Waftpay’s documents', () => {
  items.forEach(([page, statement, check], index) => test(`${index + 1}. ${statement} (${page})`, check));
});

test('the audit counts 81 documented items', () => assert.equal(items.length, 81));
