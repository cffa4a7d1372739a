import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../sandbox/clock.js';
import {
  checkoutBody,
  receiver,
  sandbox,
  sessionId,
  until,
  useSandbox,
  type Receiver,
  type Sandbox,
} from './helpers.js';

const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';

async function create(api: Sandbox, token: string, overrides: Record<string, unknown> = {}) {
  const { body } = await api.post(createPath, checkoutBody(overrides), token);
  const id = sessionId(body.data.checkout_url);
  const act = async (action: string, payload: unknown = {}) => {
    const response = await fetch(`${api.origin}/checkout/${id}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const state = async () =>
    ((await (await fetch(`${api.origin}/checkout/${id}/state`)).json()) as Record<string, any>).state;
  return { id, url: body.data.checkout_url as string, expiresAt: body.data.expires_at as string, act, state };
}

describe('payments and webhooks', () => {
  let api: Sandbox;
  let token: string;
  let hook: Receiver;
  before(async () => {
    api = await sandbox({ webhookRetryMs: 50 });
    token = await api.token();
    hook = await receiver();
  });
  after(async () => {
    await api.close();
    await hook.close();
  });

  test('254700000001 succeeds at once; the webhook carries every field the hash covers, and the hash is right', async () => {
    hook.deliveries.length = 0;
    const session = await create(api, token, {
      msisdn: '254700000001',
      callback_url: hook.url,
      meta_data: { order_id: 'O-1' },
    });
    const { status, body } = await session.act('prompt');
    assert.equal(status, 200);
    assert.equal(body.state, 'SUCCESS');
    await until(() => hook.finals.length === 1);
    assert.deepEqual(
      hook.deliveries.map((delivery) => delivery.status),
      ['PENDING', 'SUCCESS'],
    );
    const webhook = hook.finals[0];
    assert.equal(webhook.status, 'SUCCESS');
    assert.equal(webhook.code, '102');
    const results = webhook.results;
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
      'payment_id',
    ]) {
      assert.ok(field in results, field);
    }
    assert.equal(results.amount, 1750);
    assert.equal(results.msisdn, '254700000001');
    assert.deepEqual(results.metadata, { order_id: 'O-1' });
    const expected = createHash('sha256')
      .update(
        `${Number(results.amount).toString()}${results.transaction_reference}${results.payment_uuid}${results.payment_id}`,
      )
      .digest('hex');
    assert.equal(results.validation_hash, expected);
    assert.notEqual(results.external_reference, results.transaction_reference);
    const query = await api.post(queryPath, { payment_uuid: results.payment_uuid }, token);
    assert.equal(query.body.data.state, 'succeeded');
  });

  test('254700000002 is declined: FAILED webhook (103)', async () => {
    hook.deliveries.length = 0;
    const session = await create(api, token, { msisdn: '254700000002', callback_url: hook.url });
    assert.equal((await session.act('prompt')).body.state, 'FAILED');
    await until(() => hook.finals.length === 1);
    assert.equal(hook.finals[0].status, 'FAILED');
    assert.equal(hook.finals[0].code, '103');
  });

  test('254700000004 is pending for pendingDelayMs, then succeeds (on the sandbox’s clock)', async () => {
    const clock = new ManualClock();
    const timed = await sandbox({ pendingDelayMs: 3000, clock });
    try {
      const session = await create(timed, await timed.token(), { msisdn: '254700000004' });
      assert.equal((await session.act('prompt')).body.state, 'PENDING');
      clock.advance(2999);
      assert.equal(await session.state(), 'PENDING');
      clock.advance(1);
      assert.equal(await session.state(), 'SUCCESS');
    } finally {
      await timed.close();
    }
  });

  test('any other number waits for the phone: approve, or decline; then the session is closed', async () => {
    const approved = await create(api, token, { callback_url: hook.url });
    assert.equal((await approved.act('prompt')).body.state, 'PENDING');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await approved.state(), 'PENDING');
    assert.equal((await approved.act('phone', { approved: true })).body.state, 'SUCCESS');
    const again = await approved.act('phone', { approved: false });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, '409.005.320');

    const declined = await create(api, token, { callback_url: hook.url });
    await declined.act('prompt');
    assert.equal((await declined.act('phone', { approved: false })).body.state, 'FAILED');
    assert.equal((await declined.act('phone', { approved: 'yes' })).status, 400);
  });

  test('the customer cancels: a FAILED webhook says so, the status query says canceled', async () => {
    hook.deliveries.length = 0;
    const session = await create(api, token, { callback_url: hook.url });
    assert.equal((await session.act('cancel')).body.state, 'CANCELLED');
    await until(() => hook.finals.length === 1);
    assert.equal(hook.finals[0].status, 'FAILED');
    assert.match(hook.finals[0].description, /cancelled/);
    const query = await api.post(queryPath, { payment_uuid: hook.finals[0].results.payment_uuid }, token);
    assert.equal(query.body.data.state, 'canceled');
  });

  test('strict_amount: the full amount only; when false, a partial payment is taken and reported', async () => {
    const strict = await create(api, token, { callback_url: hook.url });
    assert.equal((await strict.act('prompt', { amount: 1000 })).status, 400);
    hook.deliveries.length = 0;
    const partial = await create(api, token, {
      callback_url: hook.url,
      extra_params: { strict_amount: false },
    });
    assert.equal((await partial.act('prompt', { amount: 2000 })).status, 400);
    assert.equal((await partial.act('prompt', { amount: 1000 })).body.paidAmount, 1000);
    await partial.act('phone', { approved: true });
    await until(() => hook.finals.length === 1);
    assert.equal(hook.finals[0].results.amount, 1000);
  });

  test('a failing receiver is retried at the configured interval until it answers 2xx', async () => {
    let refused = 0;
    const flaky = await receiver((_, body) => (body.status === 'SUCCESS' && refused++ === 0 ? 500 : 202));
    try {
      const session = await create(api, token, { msisdn: '254700000001', callback_url: flaky.url });
      await session.act('prompt');
      await until(() => flaky.finals.length === 2);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(flaky.finals.length, 2);
      assert.deepEqual(flaky.finals[0], flaky.finals[1]);
    } finally {
      await flaky.close();
    }
  });

  test('a receiver that never answers 2xx gets 3 attempts, then the sandbox gives up', async () => {
    const broken = await receiver(() => 503);
    try {
      const session = await create(api, token, { msisdn: '254700000001', callback_url: broken.url });
      await session.act('prompt');
      await until(() => broken.finals.length === 3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(broken.finals.length, 3);
    } finally {
      await broken.close();
    }
  });
});

describe('expiry and duplicates', () => {
  test('a session left pending (254700000003) expires at expires_at, with an EXPIRED webhook (105)', async () => {
    const clock = new ManualClock();
    const api = await sandbox({ defaultExpiryMs: 300_000, clock });
    const hook = await receiver();
    try {
      const session = await create(api, await api.token(), {
        msisdn: '254700000003',
        callback_url: hook.url,
      });
      assert.equal(Date.parse(session.expiresAt), clock.now() + 300_000);
      assert.equal((await session.act('prompt')).body.state, 'PENDING');
      clock.advance(299_999);
      assert.equal(await session.state(), 'PENDING');
      clock.advance(1);
      await api.webhooksIdle();
      assert.equal(hook.finals.length, 1);
      assert.equal(hook.finals[0].status, 'EXPIRED');
      assert.equal(hook.finals[0].code, '105');
      assert.equal(await session.state(), 'EXPIRED');
      assert.equal((await session.act('prompt')).status, 409);
    } finally {
      await api.close();
      await hook.close();
    }
  });

  test('duplicateWebhooks delivers every webhook twice (at-least-once, made visible)', async () => {
    const api = await sandbox({ duplicateWebhooks: true });
    const hook = await receiver();
    try {
      const session = await create(api, await api.token(), {
        msisdn: '254700000001',
        callback_url: hook.url,
      });
      await session.act('prompt');
      await until(() => hook.finals.length === 2);
      assert.deepEqual(hook.finals[0], hook.finals[1]);
    } finally {
      await api.close();
      await hook.close();
    }
  });
});

describe('the hosted page', () => {
  const ctx = useSandbox();

  test('is served at the checkout URL, framable only by the merchant’s origins', async () => {
    const session = await create(ctx.api, ctx.token, {
      success_redirect_url: 'https://shop.example/thanks',
      fail_redirect_url: 'https://www.shop.example/sorry',
      meta_data: { merchant_name: 'Mama <Mboga>' },
    });
    const response = await fetch(session.url);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors https:\/\/shop\.example https:\/\/www\.shop\.example(;|$)/);
    assert.match(csp, /script-src 'self'/);
    const html = await response.text();
    assert.match(html, /<script type="module" src="\/assets\/hosted-page\.js">/);
    assert.ok(html.includes('Mama &#60;Mboga&#62;'), 'merchant name escaped');
    const data = JSON.parse(/<script type="application\/json" id="session">(.*?)<\/script>/s.exec(html)![1]);
    assert.deepEqual(data.merchantOrigins, ['https://shop.example', 'https://www.shop.example']);
    assert.equal(data.amount, 1750);
    assert.equal(data.autoPrompt, false);
  });

  test('test numbers prompt by themselves; the page says so', async () => {
    const session = await create(ctx.api, ctx.token, { msisdn: '254700000002' });
    const html = await (await fetch(session.url)).text();
    assert.match(html, /"autoPrompt":true/);
  });

  test('its script is served; an unknown session gets a clear page', async () => {
    const script = await fetch(`${ctx.api.origin}/assets/hosted-page.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    const unknown = await fetch(`${ctx.api.origin}/checkout/bm90LWEtc2Vzc2lvbg`);
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /no longer available/);
  });
});

describe('bad input never crashes the sandbox or loses a session', () => {
  const ctx = useSandbox();

  const raw = (path: string, init: RequestInit) => fetch(`${ctx.api.origin}${path}`, init);
  /** [what, path, request, expected HTTP status, expected code] */
  const cases: Array<[string, string, () => RequestInit, number, string]> = [
    [
      'malformed JSON',
      '/api/checkout-backend-api/v1/request',
      () => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}` },
        body: '{"amount":',
      }),
      400,
      '400.000.100',
    ],
    [
      'a JSON array',
      '/api/checkout-backend-api/v1/request',
      () => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}` },
        body: '[]',
      }),
      400,
      '400.000.100',
    ],
    [
      'wrong content type',
      '/api/checkout-backend-api/v1/request',
      () => ({
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${ctx.token}` },
        body: '{}',
      }),
      415,
      '415.000.101',
    ],
    [
      'a form post',
      '/api/authentication-service/v1/api/generate-token',
      () => ({ method: 'POST', body: new URLSearchParams({ consumer_key: 'k' }) }),
      415,
      '415.000.101',
    ],
    [
      'a body over 64 KiB',
      '/api/checkout-backend-api/v1/request',
      () => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}` },
        body: JSON.stringify({ pad: 'x'.repeat(70_000) }),
      }),
      413,
      '413.000.102',
    ],
    [
      'an unknown route',
      '/api/checkout-backend-api/v2/request',
      () => ({ method: 'POST' }),
      404,
      '404.000.104',
    ],
    [
      'GET on a POST endpoint',
      '/api/checkout-backend-api/v1/request',
      () => ({ method: 'GET' }),
      405,
      '405.000.105',
    ],
    ['DELETE on the hosted page', '/checkout/abc', () => ({ method: 'DELETE' }), 405, '405.000.105'],
    [
      'an action on an unknown session',
      '/checkout/abc/prompt',
      () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      404,
      '404.000.104',
    ],
    ['a path traversal', '/assets/../server.ts', () => ({ method: 'GET' }), 404, '404.000.104'],
  ];

  for (const [what, path, init, status, code] of cases) {
    test(`${what} → ${status} (${code})`, async () => {
      const response = await raw(path, init());
      assert.equal(response.status, status);
      const body = (await response.json()) as Record<string, any>;
      assert.equal(body.code, code);
      assert.equal(body.status, 'REJECTED');
      if (status === 405) assert.ok(response.headers.get('allow'));
    });
  }

  test('after all of that, sessions are intact and the API still answers', async () => {
    const session = await create(ctx.api, ctx.token);
    for (const [, path, init] of cases) await raw(path, init()).then((response) => response.arrayBuffer());
    assert.equal(await session.state(), 'CREATED');
    assert.equal((await ctx.api.post(createPath, checkoutBody(), ctx.token)).status, 200);
  });
});
