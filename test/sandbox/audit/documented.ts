// What Waftpay's documents say about what the sandbox imitates, one item each, with its check.
// The documents are docs.waftpay.io's pages, summarised (with their examples) in
// shared/reference/waftpay-api.md, seeds/waftpay-checkout-guide.txt and the examples of
// test/merchant/waftpay-documents.ts; each item names its page. What the documents leave open is
// in decided.ts (and docs/sandbox.md), not here.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../../sandbox/clock.js';
import { SandboxError } from '../../../sandbox/errors.js';
import { checkoutRequest, refundStatusReply } from '../../merchant/waftpay-documents.js';
import { checkoutBody, receiver, sandbox, sessionId, until } from '../helpers.js';
import { audit, later, paths, webhook, type Check } from './fixture.js';

export type Documented = readonly [page: string, statement: string, check: Check];

/** POSTs with the audit's token; `null`: with none. */
const post = (path: string, body: unknown, token: string | null = audit.token) =>
  audit.api.post(path, body, token ?? undefined);
const create = (overrides: Record<string, unknown> = {}) => post(paths.create, checkoutBody(overrides));
const query = (by: Record<string, unknown>) => post(paths.query, by);

/** A sandbox of its own for one check, closed after it. */
async function own(
  options: Parameters<typeof sandbox>[0],
  check: (api: Awaited<ReturnType<typeof sandbox>>) => Promise<void>,
) {
  const api = await sandbox(options);
  try {
    await check(api);
  } finally {
    await api.close();
  }
}

/** A receiver answering `answer`, and `run`: a new session, expired (its webhook goes there). */
async function deliveriesAfterExpiry(answer: (attempt: number) => number) {
  const hook = await receiver((attempt) => answer(attempt));
  const run = async (api = audit.api, token = audit.token): Promise<void> => {
    const body = checkoutBody({ callback_url: hook.url });
    await api.post(paths.create, body, token);
    await api.act(body.checkout_reference, 'expire');
  };
  return { hook, run };
}

export const documented: Documented[] = [
  // Environments
  [
    'environments',
    'the sandbox API lives under /api (https://sandbox.waftpay.io/api)',
    async () => {
      assert.ok(audit.api.apiBaseUrl.endsWith('/api'));
      assert.equal((await fetch(`${audit.api.origin}${paths.token}`, { method: 'POST' })).status, 404);
    },
  ],
  [
    'environments',
    'the sandbox is throttled: past its rate, HTTP 429 in the error shape',
    () =>
      own({ throttlePerSecond: 2 }, async (api) => {
        const replies = await Promise.all(
          Array.from({ length: 4 }, () => api.post(paths.token, { consumer_key: 'k', consumer_secret: 's' })),
        );
        const refused = replies.filter((reply) => reply.status === 429);
        assert.equal(refused.length, 2);
        assert.equal(refused[0].body.status, 'REJECTED');
        assert.match(refused[0].body.code, /^429\./);
      }),
  ],
  // Authentication
  [
    'authentication',
    'POST /authentication-service/v1/api/generate-token issues a token, with no Bearer token needed',
    async () =>
      assert.equal((await post(paths.token, { consumer_key: 'k', consumer_secret: 's' }, null)).status, 200),
  ],
  [
    'authentication',
    'its body is JSON {consumer_key, consumer_secret}; both are required',
    async () => {
      assert.equal((await post(paths.token, { consumer_key: 'k' }, null)).status, 401);
      assert.equal((await post(paths.token, { consumer_secret: 's' }, null)).status, 401);
    },
  ],
  [
    'authentication',
    'the reply is {status: true, message, token, expires_in}, and nothing else (no refresh token)',
    async () => {
      const { body } = await post(paths.token, { consumer_key: 'k', consumer_secret: 's' }, null);
      assert.deepEqual(Object.keys(body), ['status', 'message', 'token', 'expires_in']);
      assert.equal(body.status, true);
      assert.equal(body.message, 'Request processed successfully');
    },
  ],
  [
    'authentication',
    'expires_in is in milliseconds: 7200000 (2 hours)',
    async () =>
      assert.equal(
        (await post(paths.token, { consumer_key: 'k', consumer_secret: 's' }, null)).body.expires_in,
        7_200_000,
      ),
  ],
  [
    'authentication',
    'a token lives expires_in, then is refused (renew only on expiry)',
    async () => {
      const clock = new ManualClock();
      await own({ clock }, async (api) => {
        const token = await api.token();
        clock.advance(7_200_000 - 1);
        assert.equal((await api.post(paths.create, checkoutBody(), token)).status, 200);
        clock.advance(1);
        const { status, body } = await api.post(paths.create, checkoutBody(), token);
        assert.equal(status, 401);
        assert.equal(body.error, 'authentication_error');
      });
    },
  ],
  [
    'authentication',
    'the token goes in the Authorization: Bearer <token> header',
    async () => {
      assert.equal((await create()).status, 200);
      const raw = await fetch(`${audit.api.apiBaseUrl}${paths.create}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: audit.token },
        body: JSON.stringify(checkoutBody()),
      });
      assert.equal(raw.status, 401);
    },
  ],
  [
    'checkout guide',
    'tokens are product-scoped: Checkout refuses a Payouts token (authorization_error)',
    async () => {
      const { status, body } = await post(
        paths.create,
        checkoutBody(),
        await audit.api.token('payouts-shop'),
      );
      assert.equal(status, 403);
      assert.equal(body.error, 'authorization_error');
      assert.match(body.code, /^403\./);
    },
  ],
  [
    'collections status',
    'the status query needs the Collections token: a Remittance token is refused',
    async () => {
      const { status, body } = await post(
        paths.query,
        { transaction_reference: audit.flows.paid.reference },
        await audit.api.token('remittance-shop'),
      );
      assert.equal(status, 403);
      assert.equal(body.error, 'authorization_error');
    },
  ],
  // Create Checkout Request
  [
    'checkout guide',
    'POST /checkout-backend-api/v1/request creates a checkout (no request signature needed)',
    async () => assert.equal((await create()).status, 200),
  ],
  [
    'checkout guide',
    'it requires Authorization: Bearer <token> (401 without)',
    async () => {
      const { status, body } = await post(paths.create, checkoutBody(), null);
      assert.equal(status, 401);
      assert.equal(body.error, 'authentication_error');
    },
  ],
  [
    'checkout guide',
    'it requires Content-Type: application/json',
    async () => {
      const response = await fetch(`${audit.api.apiBaseUrl}${paths.create}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${audit.token}` },
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
      assert.equal((await post(paths.create, example)).status, 200);
    },
  ],
  [
    'checkout guide',
    'the accepted reply is {code, status, description, data}',
    async () =>
      assert.deepEqual(Object.keys((await create()).body), ['code', 'status', 'description', 'data']),
  ],
  [
    'checkout guide',
    'its code is "200" (a string), its status SUCCESS and its description "Request accepted"',
    async () => {
      const { body } = await create();
      assert.deepEqual([body.code, body.status, body.description], ['200', 'SUCCESS', 'Request accepted']);
    },
  ],
  [
    'checkout guide',
    'data.checkout_url ends in /checkout/<base64 of a UUID>',
    async () => {
      const { body } = await create();
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
    async () =>
      assert.match((await create()).body.data.expires_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  ],
  [
    'checkout guide',
    'checkout_reference must be unique per request',
    async () => {
      const body = checkoutBody();
      assert.equal((await post(paths.create, body)).status, 200);
      assert.notEqual((await post(paths.create, body)).status, 200);
    },
  ],
  [
    'checkout guide',
    'extra_params.expiry is optional; a default applies',
    async () => {
      const { status, body } = await create({ extra_params: { language: 'en' } });
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
      const { body } = await create({ extra_params: { expiry: later(at.getTime() - Date.now()) } });
      assert.equal(body.data.expires_at, at.toISOString());
      assert.equal((await create({ extra_params: { expiry: at.toISOString() } })).status, 400);
    },
  ],
  [
    'checkout guide',
    'extra_params.strict_amount true: only the full amount is accepted',
    async () => {
      const body = checkoutBody({ extra_params: { strict_amount: true } });
      await post(paths.create, body);
      assert.equal((await audit.api.act(body.checkout_reference, 'approve', { amount: 1000 })).status, 400);
    },
  ],
  [
    'checkout guide',
    'extra_params.strict_amount false: a partial payment is accepted',
    async () => {
      const body = checkoutBody({ extra_params: { strict_amount: false } });
      await post(paths.create, body);
      assert.equal((await audit.api.act(body.checkout_reference, 'approve', { amount: 1000 })).status, 200);
      assert.equal((await query({ transaction_reference: body.checkout_reference })).body.data.amount, 1000);
    },
  ],
  [
    'checkout guide',
    'extra_params.language "en" is accepted, and the hosted page is in English',
    async () => {
      const { body } = await create({ extra_params: { language: 'en' } });
      assert.match(await (await fetch(body.data.checkout_url)).text(), /<html lang="en">/);
    },
  ],
  [
    'checkout guide',
    'mode "redirect" is accepted',
    async () => assert.equal((await create({ mode: 'redirect' })).status, 200),
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
      assert.equal((await create({ customer })).status, 200);
    },
  ],
  [
    'checkout guide',
    'timestamp is ISO-8601',
    async () => {
      assert.equal((await create({ timestamp: '2025-11-18T09:45:30.540Z' })).status, 200);
      assert.equal((await create({ timestamp: '18/11/2025' })).status, 400);
    },
  ],
  [
    'checkout guide',
    'payment_reference is accepted and reported by the status query',
    async () => {
      const body = checkoutBody({ payment_reference: 'INV20478519' });
      await post(paths.create, body);
      assert.equal(
        (await query({ transaction_reference: body.checkout_reference })).body.data.payment_reference,
        'INV20478519',
      );
    },
  ],
  [
    'checkout guide',
    'msisdn is 2547… with no +',
    async () => {
      assert.equal((await create({ msisdn: '254711223344' })).status, 200);
      assert.equal((await create({ msisdn: '+254711223344' })).status, 400);
    },
  ],
  [
    'checkout guide',
    'country is KEN',
    async () => {
      assert.equal((await create({ country: 'KEN' })).status, 200);
      assert.equal((await create({ country: 'KE' })).status, 400);
    },
  ],
  [
    'checkout guide',
    'currency is KES',
    async () => assert.equal((await create({ currency: 'KES' })).status, 200),
  ],
  [
    'checkout guide',
    'amount is a number in major units (1750 is KES 1 750; 4.35 is KES 4.35)',
    async () => {
      assert.equal(webhook('paid').results.amount, 1750);
      assert.equal((await create({ amount: '1750' })).status, 400);
      assert.equal((await create({ amount: 4.35 })).status, 200);
    },
  ],
  [
    'checkout guide',
    'the final result is POSTed to callback_url',
    () => assert.ok(audit.flows.paid.webhooks.some((delivery) => delivery.status === 'SUCCESS')),
  ],
  [
    'checkout guide',
    'success_redirect_url and fail_redirect_url are where the hosted page returns the customer',
    async () => {
      const { body } = await create({
        success_redirect_url: 'https://shop.example/thanks',
        fail_redirect_url: 'https://shop.example/sorry',
      });
      const html = await (await fetch(body.data.checkout_url)).text();
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
      const { body } = await create({
        success_redirect_url: 'https://shop.example/a',
        fail_redirect_url: 'https://shop.example/b',
      });
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
      const response = await fetch((await create()).body.data.checkout_url);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    },
  ],
  // Errors
  [
    'errors',
    'errors have the shape {error, message, param, request_id, code, status}',
    async () =>
      assert.deepEqual(Object.keys((await create({ msisdn: undefined })).body), [
        'error',
        'message',
        'param',
        'request_id',
        'code',
        'status',
      ]),
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
        await create({ msisdn: undefined }),
        await create({ currency: 'USD' }),
        await post(paths.create, checkoutBody(), null),
        await post(paths.create, checkoutBody(), await audit.api.token('payouts-x')),
      ])
        assert.ok(categories.includes(reply.body.error), reply.body.error);
    },
  ],
  [
    'errors',
    'param names the field that caused the error',
    async () => assert.equal((await create({ callback_url: 'nope' })).body.param, 'callback_url'),
  ],
  [
    'errors',
    'request_id identifies the request: one per request',
    async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) ids.add((await create({ msisdn: undefined })).body.request_id);
      assert.equal(ids.size, 5);
    },
  ],
  [
    'errors',
    'code is HTTP.SERVICE.SPECIFIC, its first part the HTTP status',
    async () => {
      for (const reply of [
        await create({ amount: -1 }),
        await post(paths.create, checkoutBody(), null),
        await post(paths.create, checkoutBody(), await audit.api.token('payouts-x')),
      ]) {
        assert.match(reply.body.code, /^\d{3}\.\d{3}\.\d{3}$/);
        assert.equal(reply.body.code.slice(0, 3), String(reply.status));
      }
    },
  ],
  [
    'errors',
    'status is REJECTED for a 4xx',
    async () => assert.equal((await create({ amount: -1 })).body.status, 'REJECTED'),
  ],
  [
    'errors',
    'status is ERROR for a 5xx',
    () => {
      const body = new SandboxError('unexpected', 'The sandbox failed unexpectedly').body('req_1');
      assert.deepEqual([body.status, body.error], ['ERROR', 'service_error']);
      assert.match(String(body.code), /^500\./);
    },
  ],
  [
    'errors',
    '400.001.300: a missing field, with error invalid_request and "<field> is required"',
    async () => {
      const { status, body } = await create({ msisdn: undefined });
      assert.equal(status, 400);
      assert.deepEqual(
        [body.code, body.error, body.message],
        ['400.001.300', 'invalid_request', 'msisdn is required'],
      );
    },
  ],
  [
    'errors',
    '400.001.304: an invalid currency',
    async () => {
      const { status, body } = await create({ currency: 'USD' });
      assert.deepEqual([status, body.code], [400, '400.001.304']);
    },
  ],
  [
    'errors',
    '400.001.307: an invalid URL',
    async () => {
      const { status, body } = await create({ success_redirect_url: 'not a url' });
      assert.deepEqual([status, body.code], [400, '400.001.307']);
    },
  ],
  [
    'errors',
    '401 with authentication_error for wrong credentials',
    async () => {
      const { status, body } = await post(paths.token, { consumer_key: '', consumer_secret: '' }, null);
      assert.deepEqual([status, body.error], [401, 'authentication_error']);
    },
  ],
  // Webhooks
  [
    'webhooks overview',
    'a webhook is a JSON POST to callback_url',
    () => {
      const index = audit.hook.deliveries.indexOf(webhook('paid'));
      assert.match(String(audit.hook.headers[index]['content-type']), /^application\/json/);
    },
  ],
  [
    'webhook payload',
    'the body is {status, code, description, results}',
    () => assert.deepEqual(Object.keys(webhook('paid')), ['status', 'code', 'description', 'results']),
  ],
  [
    'webhook payload',
    'code is a string',
    () => {
      for (const delivery of audit.hook.deliveries) assert.equal(typeof delivery.code, 'string');
    },
  ],
  [
    'webhook payload',
    'results has result_code, result_description, amount, total_charges, total_amount, account, transaction_reference, payment_uuid, external_reference, msisdn, time_processed, validation_hash, metadata',
    () => {
      const { results } = webhook('paid');
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
      ])
        assert.ok(field in results, field);
    },
  ],
  [
    'webhook payload',
    'CREATED is code 100',
    () =>
      own({ webhookStatuses: 'all' }, async (api) => {
        const hook = await receiver();
        try {
          await api.post(paths.create, checkoutBody({ callback_url: hook.url }), await api.token());
          await until(() => hook.deliveries.length === 1);
          assert.deepEqual([hook.deliveries[0].status, hook.deliveries[0].code], ['CREATED', '100']);
        } finally {
          await hook.close();
        }
      }),
  ],
  [
    'webhooks overview',
    'PENDING is among the events (code 101)',
    () => assert.equal(webhook('paid', 'PENDING').code, '101'),
  ],
  ['webhook payload', 'SUCCESS is code 102', () => assert.equal(webhook('paid', 'SUCCESS').code, '102')],
  ['webhook payload', 'FAILED is code 103', () => assert.equal(webhook('declined', 'FAILED').code, '103')],
  [
    'webhook payload',
    'ESCALATED is code 104',
    () => assert.equal(webhook('escalated', 'ESCALATED').code, '104'),
  ],
  ['webhook payload', 'EXPIRED is code 105', () => assert.equal(webhook('expired', 'EXPIRED').code, '105')],
  [
    'webhook payload',
    'REFUNDED is code 106',
    () => assert.equal(webhook('refunded', 'REFUNDED').code, '106'),
  ],
  [
    'webhook payload',
    'REVERSED is code 107',
    () => assert.equal(webhook('reversed', 'REVERSED').code, '107'),
  ],
  [
    'webhook payload',
    'msisdn is the paying phone',
    () => assert.equal(webhook('paid').results.msisdn, '254711223344'),
  ],
  [
    'webhook payload',
    'time_processed as the example writes it: no zone, seven digits of fraction (2026-01-07T09:48:08.8485958)',
    () =>
      assert.match(webhook('paid').results.time_processed, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/),
  ],
  [
    'verify signature',
    'validation_hash is the lowercase hex SHA-256 of amount + client_reference + payment_uuid + payment_id (amount as Number(n).toString())',
    () => {
      for (const delivery of audit.hook.deliveries) {
        const {
          amount,
          transaction_reference: reference,
          payment_uuid: uuid,
          payment_id: id,
          validation_hash: hash,
        } = delivery.results;
        const expected = createHash('sha256')
          .update(`${Number(amount).toString()}${reference}${uuid}${id}`)
          .digest('hex');
        assert.equal(hash, expected);
      }
    },
  ],
  [
    'verify signature',
    'the hash covers payment_id: the webhook carries it, so it can be checked',
    () => assert.equal(typeof webhook('paid').results.payment_id, 'number'),
  ],
  [
    'webhooks overview',
    'there is no signature header',
    () => {
      const index = audit.hook.deliveries.indexOf(webhook('paid'));
      assert.deepEqual(
        Object.keys(audit.hook.headers[index]).filter((name) => /signature|hmac/i.test(name)),
        [],
      );
    },
  ],
  [
    'retries and idempotency',
    'HTTP 200, 201 and 202 are delivered: no retry',
    async () => {
      for (const code of [200, 201, 202]) {
        const { hook, run } = await deliveriesAfterExpiry(() => code);
        try {
          await run();
          await audit.api.webhooksIdle();
          assert.equal(hook.finals.length, 1, String(code));
        } finally {
          await hook.close();
        }
      }
    },
  ],
  [
    'retries and idempotency',
    'anything else is retried, 3 attempts in all',
    async () => {
      const clock = new ManualClock();
      const { hook, run } = await deliveriesAfterExpiry(() => 204);
      try {
        await own({ clock }, async (api) => {
          await run(api, await api.token());
          // Each retry waits on the sandbox's clock; a fourth never comes.
          for (const expected of [1, 2, 3, 3]) {
            await api.webhooksIdle();
            assert.equal(hook.finals.length, expected);
            clock.advance(60_000);
          }
        });
      } finally {
        await hook.close();
      }
    },
  ],
  [
    'retries and idempotency',
    'attempts are spaced by a delay (60 s at Waftpay, and in the sandbox by default)',
    async () => {
      const clock = new ManualClock();
      const { hook, run } = await deliveriesAfterExpiry(() => 500);
      try {
        await own({ clock }, async (api) => {
          await run(api, await api.token());
          await api.webhooksIdle();
          assert.equal(hook.finals.length, 1);
          clock.advance(59_999);
          await api.webhooksIdle();
          assert.equal(hook.finals.length, 1);
          clock.advance(1);
          await api.webhooksIdle();
          assert.equal(hook.finals.length, 2);
        });
      } finally {
        await hook.close();
      }
    },
  ],
  [
    'webhooks overview',
    'a timeout counts as not delivered, and is retried',
    async () => {
      let calls = 0;
      const silent = createServer((_request, response) => {
        if (++calls === 1) return; // never answers
        response.writeHead(200).end();
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const clock = new ManualClock();
      try {
        await own({ clock }, async (api) => {
          const port = (silent.address() as AddressInfo).port;
          const body = checkoutBody({ callback_url: `http://127.0.0.1:${port}/webhook` });
          await api.post(paths.create, body, await api.token());
          await api.act(body.checkout_reference, 'expire');
          await until(() => calls === 1);
          clock.advance(10_000); // the attempt's timeout, on the sandbox's clock
          await api.webhooksIdle();
          clock.advance(60_000); // the wait before the retry
          await api.webhooksIdle();
          assert.equal(calls, 2);
        });
      } finally {
        silent.closeAllConnections();
        await new Promise((resolve) => silent.close(resolve));
      }
    },
  ],
  [
    'retries and idempotency',
    'a webhook may arrive more than once: every copy carries the same payment_uuid',
    () =>
      own({ duplicateWebhooks: true }, async (api) => {
        const copies = await receiver();
        try {
          const body = checkoutBody({ callback_url: copies.url });
          await api.post(paths.create, body, await api.token());
          await api.act(body.checkout_reference, 'approve');
          await until(() => copies.finals.length === 2);
          assert.equal(copies.finals[0].results.payment_uuid, copies.finals[1].results.payment_uuid);
        } finally {
          await copies.close();
        }
      }),
  ],
  [
    'webhooks overview',
    'the events include SUCCESS, FAILED and PENDING: by default each is POSTed',
    () => {
      const statuses = new Set(audit.hook.deliveries.map((delivery) => delivery.status));
      for (const status of ['SUCCESS', 'FAILED', 'PENDING']) assert.ok(statuses.has(status), status);
    },
  ],
  [
    'checkout guide',
    '"We POST the final result to your callback_url": with final outcomes only, that is all it POSTs',
    () =>
      own({ webhookStatuses: 'final' }, async (api) => {
        const hook = await receiver();
        try {
          const body = checkoutBody({ callback_url: hook.url });
          await api.post(paths.create, body, await api.token());
          await api.act(body.checkout_reference, 'escalate');
          await api.act(body.checkout_reference, 'approve');
          await api.webhooksIdle();
          assert.deepEqual(
            hook.deliveries.map((delivery) => delivery.status),
            ['SUCCESS'],
          );
        } finally {
          await hook.close();
        }
      }),
  ],
  // Status query
  [
    'collections status',
    'POST /payments-tsq-service/v1/query/payments with a Bearer token',
    async () => {
      assert.equal((await query({ transaction_reference: audit.flows.paid.reference })).status, 200);
      assert.equal(
        (await post(paths.query, { transaction_reference: audit.flows.paid.reference }, null)).status,
        401,
      );
    },
  ],
  [
    'collections status',
    'exactly one of transaction_reference, request_uuid, payment_uuid',
    async () => {
      assert.equal((await query({})).status, 400);
      const both = {
        transaction_reference: audit.flows.paid.reference,
        payment_uuid: webhook('paid').results.payment_uuid,
      };
      assert.equal((await query(both)).status, 400);
    },
  ],
  [
    'collections status',
    'transaction_reference is your client reference used when creating the collection',
    async () => {
      const { body } = await query({ transaction_reference: audit.flows.paid.reference });
      assert.equal(body.data.transaction_reference, audit.flows.paid.reference);
    },
  ],
  [
    'collections status',
    'payment_uuid (Waftpay’s payment UUID, a numeric string) finds the payment',
    async () => {
      const uuid = webhook('paid').results.payment_uuid;
      assert.match(uuid, /^\d+$/);
      const { body } = await query({ payment_uuid: uuid });
      assert.equal(body.data.transaction_reference, audit.flows.paid.reference);
    },
  ],
  [
    'collections status',
    'request_uuid (returned by the platform) finds what it was returned for',
    async () => {
      const { body } = await create();
      const uuid = Buffer.from(sessionId(body.data.checkout_url), 'base64').toString();
      assert.equal((await query({ request_uuid: uuid })).status, 200);
      assert.equal((await query({ request_uuid: audit.refundUuid })).status, 200);
    },
  ],
  [
    'collections status',
    'the reply is {status, code, description, data{transaction_reference, payment_reference, time_received, amount, total_charges, total_amount, payment_uuid, state, last_updated}}',
    async () => {
      const { body } = await query({ transaction_reference: audit.flows.paid.reference });
      assert.deepEqual(Object.keys(body), ['status', 'code', 'description', 'data']);
      for (const field of [
        'transaction_reference',
        'payment_reference',
        'time_received',
        'amount',
        'total_charges',
        'total_amount',
        'payment_uuid',
        'state',
        'last_updated',
      ])
        assert.ok(field in body.data, field);
    },
  ],
  [
    'collections status',
    'the example reply’s words: status "200.100", code "ACCEPTED", description "Accepted for processing"',
    async () => {
      const { body } = await query({ transaction_reference: audit.flows.paid.reference });
      assert.deepEqual(
        [body.status, body.code, body.description],
        ['200.100', 'ACCEPTED', 'Accepted for processing'],
      );
    },
  ],
  [
    'collections status',
    'time_received and last_updated are ISO-8601 UTC, as the example (2025-04-04T06:13:52.585619Z)',
    async () => {
      const { data } = (await query({ transaction_reference: audit.flows.paid.reference })).body;
      for (const time of [data.time_received, data.last_updated])
        assert.match(time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    },
  ],
  [
    'collections status',
    'state is processing, succeeded, failed or canceled',
    async () => {
      const state = async (reference: string) =>
        (await query({ transaction_reference: reference })).body.data.state;
      const open = checkoutBody();
      await post(paths.create, open);
      const cancelled = checkoutBody();
      await post(paths.create, cancelled);
      await audit.api.act(cancelled.checkout_reference, 'cancel');
      assert.deepEqual(
        [
          await state(open.checkout_reference),
          await state(audit.flows.paid.reference),
          await state(audit.flows.declined.reference),
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
      const { status, body } = await query({ transaction_reference: 'NO-SUCH-REFERENCE' });
      assert.deepEqual([status, body.status], [404, 'NOT_FOUND']);
    },
  ],
  [
    'collections status',
    'payment_reference is not a payment_uuid: sent as one, it finds nothing',
    async () => {
      const body = checkoutBody({ payment_reference: '1RJITP5HLL' });
      await post(paths.create, body);
      assert.equal((await query({ payment_uuid: '1RJITP5HLL' })).body.status, 'NOT_FOUND');
    },
  ],
  // Refund and reversal of a collection
  [
    'initiate refund/reversal',
    'POST /payments-api-service/v1/refund-reversal refunds a collection, with the Collections token',
    async () => {
      const request = {
        transaction_reference: audit.flows.paid.reference,
        payment_uuid: webhook('paid').results.payment_uuid,
        amount: 1,
        notification_url: 'http://127.0.0.1:9/refunds',
      };
      assert.equal((await post(paths.refund, request, null)).status, 401);
      assert.equal((await post(paths.refund, request, await audit.api.token('payouts-shop'))).status, 403);
      assert.equal((await post(paths.refund, request)).status, 200);
    },
  ],
  [
    'initiate refund/reversal',
    'transaction_reference, payment_uuid, amount and notification_url are required',
    async () => {
      const request = {
        transaction_reference: audit.flows.paid.reference,
        payment_uuid: webhook('paid').results.payment_uuid,
        amount: 1,
        notification_url: 'http://127.0.0.1:9/refunds',
      };
      for (const field of Object.keys(request)) {
        const { status, body } = await post(paths.refund, { ...request, [field]: undefined });
        assert.deepEqual([status, body.code, body.param], [400, '400.001.300', field]);
      }
    },
  ],
  [
    'initiate refund/reversal',
    'remarks is optional',
    () => assert.equal(webhook('refunded', 'REFUNDED').results.amount, 400),
  ],
  [
    'initiate refund/reversal',
    'amount is what to send back, in major units: part of the payment',
    async () => {
      const { data } = (await query({ transaction_reference: audit.flows.refunded.reference })).body;
      assert.equal(data.amount, 1750);
      assert.equal(webhook('refunded', 'REFUNDED').results.amount, 400);
    },
  ],
  [
    'initiate refund/reversal',
    'the accepted reply is {code: 102 (a number), status: "SUCCESS", description: "Request accepted", results: {request_uuid}}',
    async () => {
      const { status, body } = await post(paths.refund, {
        transaction_reference: audit.flows.paid.reference,
        payment_uuid: webhook('paid').results.payment_uuid,
        amount: 1,
        notification_url: 'http://127.0.0.1:9/refunds',
      });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body), ['code', 'status', 'description', 'results']);
      assert.deepEqual([body.code, body.status, body.description], [102, 'SUCCESS', 'Request accepted']);
      assert.deepEqual(Object.keys(body.results), ['request_uuid']);
    },
  ],
  [
    'initiate refund/reversal',
    'asynchronous: a request_uuid at once; the outcome through the status endpoint, by that request_uuid',
    async () => {
      const { status, body } = await post(paths.refundStatus, { request_uuid: audit.refundUuid });
      assert.deepEqual([status, body.status], [200, 'SUCCESS']);
    },
  ],
  [
    'initiate refund/reversal',
    'the final status callback goes to notification_url',
    () => {
      const refunded = webhook('refunded', 'REFUNDED');
      assert.equal(refunded.results.request_uuid, audit.refundUuid);
    },
  ],
  [
    'query refund/reversal',
    'POST /refund-reversal with {request_uuid}, with the Collections token',
    async () => {
      assert.equal((await post(paths.refundStatus, { request_uuid: audit.refundUuid }, null)).status, 401);
      assert.equal((await post(paths.refundStatus, { request_uuid: audit.refundUuid })).status, 200);
    },
  ],
  [
    'query refund/reversal',
    'its reply has the example’s fields: {code, status, description, results{result_code, result_description, amount, total_charges, total_amount, account, original_payment_uuid, original_transaction_reference, original_external_reference, external_reference, time_processed}}',
    async () => {
      const { body } = await post(paths.refundStatus, { request_uuid: audit.refundUuid });
      assert.deepEqual(Object.keys(body), Object.keys(refundStatusReply));
      for (const field of Object.keys(refundStatusReply.results)) assert.ok(field in body.results, field);
      assert.equal(body.results.original_transaction_reference, audit.flows.refunded.reference);
      assert.equal(body.results.original_payment_uuid, webhook('refunded', 'REFUNDED').results.payment_uuid);
    },
  ],
  [
    'query refund/reversal',
    'code 102 is SUCCESS; amounts are written as text with two decimals ("1015.00"); time_processed as "2025-08-26T05:20:27Z"',
    async () => {
      const { body } = await post(paths.refundStatus, { request_uuid: audit.refundUuid });
      assert.deepEqual([body.code, body.status], [102, 'SUCCESS']);
      assert.deepEqual([body.results.amount, body.results.total_amount], ['400.00', '400.00']);
      assert.match(body.results.time_processed, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    },
  ],
  [
    'query refund/reversal',
    'a refund/reversal not found: the body says NOT FOUND',
    async () =>
      assert.equal((await post(paths.refundStatus, { request_uuid: 'A333RTYUT' })).body.status, 'NOT FOUND'),
  ],
];
