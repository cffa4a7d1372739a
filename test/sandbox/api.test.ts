import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../sandbox/clock.js';
import { checkoutBody, sandbox, sessionId, useSandbox, type Sandbox } from './helpers.js';

const tokenPath = '/authentication-service/v1/api/generate-token';
const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';

function assertErrorShape(body: Record<string, any>, code: string, param?: string): void {
  assert.equal(body.code, code);
  assert.equal(body.status, 'REJECTED');
  assert.match(body.request_id, /^req_[0-9a-f]{24}$/);
  assert.equal(typeof body.message, 'string');
  assert.ok(
    [
      'invalid_request',
      'authentication_error',
      'authorization_error',
      'validation_error',
      'service_error',
    ].includes(body.error),
  );
  if (param) assert.equal(body.param, param);
}

describe('token endpoint', () => {
  let api: Sandbox;
  before(async () => (api = await sandbox()));
  after(() => api.close());

  test('any non-empty credentials get a token that lives 2 hours (expires_in in ms)', async () => {
    const { status, body } = await api.post(tokenPath, { consumer_key: 'k', consumer_secret: 's' });
    assert.equal(status, 200);
    assert.equal(body.status, true);
    assert.equal(body.expires_in, 7_200_000);
    assert.match(body.token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  for (const credentials of [
    {},
    { consumer_key: 'k' },
    { consumer_key: '', consumer_secret: 's' },
    { consumer_key: 1, consumer_secret: 2 },
  ]) {
    test(`refuses ${JSON.stringify(credentials)} in Waftpay's error shape`, async () => {
      const { status, body } = await api.post(tokenPath, credentials);
      assert.equal(status, 401);
      assertErrorShape(body, '401.002.200');
      assert.equal(body.error, 'authentication_error');
    });
  }

  test('unknown, missing and malformed tokens are refused', async () => {
    for (const token of ['made-up', undefined]) {
      const { status, body } = await api.post(createPath, checkoutBody(), token);
      assert.equal(status, 401);
      assertErrorShape(body, '401.002.201');
    }
  });
});

describe('token expiry and pinned credentials', () => {
  test('a token is refused once it expires, on the sandbox’s clock', async () => {
    const clock = new ManualClock();
    const api = await sandbox({ tokenTtlMs: 150, clock });
    try {
      const token = await api.token();
      assert.equal((await api.post(createPath, checkoutBody(), token)).status, 200);
      clock.advance(149);
      assert.equal((await api.post(createPath, checkoutBody(), token)).status, 200);
      clock.advance(1);
      const { status, body } = await api.post(createPath, checkoutBody(), token);
      assert.equal(status, 401);
      assert.match(body.message, /expired/);
    } finally {
      await api.close();
    }
  });

  test('unpinned: a consumer key keeps the secret it was first used with; another key may have any', async () => {
    const api = await sandbox();
    try {
      const ask = (key: string, secret: string) =>
        api.post(tokenPath, { consumer_key: key, consumer_secret: secret });
      assert.equal((await ask('merchant-a', 'first-secret')).status, 200);
      const wrong = await ask('merchant-a', 'another-secret');
      assert.equal(wrong.status, 401);
      assertErrorShape(wrong.body, '401.002.200');
      assert.equal((await ask('merchant-a', 'first-secret')).status, 200);
      assert.equal((await ask('merchant-b', 'another-secret')).status, 200);
    } finally {
      await api.close();
    }
  });

  test('pinned credentials: only they get a token', async () => {
    const api = await sandbox({ credentials: { consumerKey: 'shop', consumerSecret: 'secret' } });
    try {
      assert.equal(
        (await api.post(tokenPath, { consumer_key: 'shop', consumer_secret: 'wrong' })).status,
        401,
      );
      assert.equal(
        (await api.post(tokenPath, { consumer_key: 'other', consumer_secret: 'secret' })).status,
        401,
      );
      assert.equal(
        (await api.post(tokenPath, { consumer_key: 'shop', consumer_secret: 'secret' })).status,
        200,
      );
    } finally {
      await api.close();
    }
  });
});

describe('Create Checkout Request', () => {
  const ctx = useSandbox();

  test('accepts the guide’s example with the documented reply', async () => {
    const sent = Date.now();
    const { status, body } = await ctx.api.post(createPath, checkoutBody(), ctx.token);
    const answered = Date.now();
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['code', 'status', 'description', 'data']);
    assert.equal(body.code, '200');
    assert.equal(body.status, 'SUCCESS');
    assert.equal(body.description, 'Request accepted');
    const id = sessionId(body.data.checkout_url);
    assert.match(
      Buffer.from(id, 'base64').toString(),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.equal(body.data.checkout_url, `${ctx.api.origin}/checkout/${id}`);
    // No extra_params.expiry: the default, 30 minutes from when the sandbox took the request.
    const expiresAt = Date.parse(body.data.expires_at);
    assert.ok(
      expiresAt >= sent + 30 * 60_000 && expiresAt <= answered + 30 * 60_000,
      `${body.data.expires_at}, asked between ${new Date(sent).toISOString()} and ${new Date(answered).toISOString()}`,
    );
  });

  test('extra_params.expiry ("YYYY-MM-DD HH:mm:ss", read as UTC) becomes expires_at', async () => {
    const at = new Date(Date.now() + 3_600_000);
    at.setUTCMilliseconds(0);
    const expiry = at.toISOString().slice(0, 19).replace('T', ' ');
    const { body } = await ctx.api.post(createPath, checkoutBody({ extra_params: { expiry } }), ctx.token);
    assert.equal(body.data.expires_at, at.toISOString());
  });

  test('a checkout_reference is accepted once', async () => {
    const request = checkoutBody();
    assert.equal((await ctx.api.post(createPath, request, ctx.token)).status, 200);
    const { status, body } = await ctx.api.post(createPath, request, ctx.token);
    assert.equal(status, 409);
    assertErrorShape(body, '409.001.310', 'checkout_reference');
  });

  test('concurrent requests with one checkout_reference: exactly one is accepted', async () => {
    const request = checkoutBody();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => ctx.api.post(createPath, request, ctx.token)),
    );
    assert.equal(replies.filter((reply) => reply.status === 200).length, 1);
    assert.equal(replies.filter((reply) => reply.status === 409).length, 19);
  });

  const later = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 19).replace('T', ' ');
  /** [what, the change to a valid request, expected code, expected param] */
  const rules: Array<[string, Record<string, unknown>, string, string]> = [
    ['customer missing', { customer: undefined }, '400.001.300', 'customer'],
    ['customer not an object', { customer: 'Amina' }, '400.001.301', 'customer'],
    ['first name missing', { customer: { other_names: 'K' } }, '400.001.300', 'customer.first_name'],
    [
      'first name too long',
      { customer: { first_name: 'A'.repeat(51) } },
      '400.001.301',
      'customer.first_name',
    ],
    ['bad email', { customer: { first_name: 'A', email: 'not-an-email' } }, '400.001.301', 'customer.email'],
    [
      'bad customer phone',
      { customer: { first_name: 'A', phone_number: '0712345678' } },
      '400.001.301',
      'customer.phone_number',
    ],
    ['timestamp missing', { timestamp: undefined }, '400.001.300', 'timestamp'],
    ['timestamp not ISO', { timestamp: 'yesterday' }, '400.001.301', 'timestamp'],
    ['checkout_reference missing', { checkout_reference: '' }, '400.001.300', 'checkout_reference'],
    ['checkout_reference not a string', { checkout_reference: 12 }, '400.001.301', 'checkout_reference'],
    ['checkout_reference with spaces', { checkout_reference: 'CHK 1' }, '400.001.301', 'checkout_reference'],
    [
      'checkout_reference too long',
      { checkout_reference: 'C'.repeat(65) },
      '400.001.301',
      'checkout_reference',
    ],
    ['payment_reference not valid', { payment_reference: 'INV <1>' }, '400.001.301', 'payment_reference'],
    ['msisdn missing', { msisdn: undefined }, '400.001.300', 'msisdn'],
    ['msisdn with +', { msisdn: '+254711223344' }, '400.001.302', 'msisdn'],
    ['msisdn not Kenyan', { msisdn: '255711223344' }, '400.001.302', 'msisdn'],
    ['msisdn too short', { msisdn: '25471122334' }, '400.001.302', 'msisdn'],
    ['country missing', { country: undefined }, '400.001.300', 'country'],
    ['country not KEN', { country: 'UGA' }, '400.001.305', 'country'],
    ['currency missing', { currency: undefined }, '400.001.300', 'currency'],
    ['currency not KES', { currency: 'USD' }, '400.001.304', 'currency'],
    ['amount missing', { amount: undefined }, '400.001.300', 'amount'],
    ['amount a string', { amount: '1750' }, '400.001.303', 'amount'],
    ['amount zero', { amount: 0 }, '400.001.303', 'amount'],
    ['amount negative', { amount: -5 }, '400.001.303', 'amount'],
    ['amount above the M-Pesa limit', { amount: 250_001 }, '400.001.303', 'amount'],
    ['amount with 3 decimals', { amount: 10.005 }, '400.001.303', 'amount'],
    ['mode other than redirect', { mode: 'popup' }, '400.001.301', 'mode'],
    ['callback_url missing', { callback_url: undefined }, '400.001.300', 'callback_url'],
    ['callback_url relative', { callback_url: '/hook' }, '400.001.307', 'callback_url'],
    ['callback_url javascript:', { callback_url: 'javascript:alert(1)' }, '400.001.307', 'callback_url'],
    [
      'success_redirect_url missing',
      { success_redirect_url: undefined },
      '400.001.300',
      'success_redirect_url',
    ],
    [
      'fail_redirect_url ftp:',
      { fail_redirect_url: 'ftp://shop.example/x' },
      '400.001.307',
      'fail_redirect_url',
    ],
    ['meta_data not an object', { meta_data: [1] }, '400.001.301', 'meta_data'],
    ['extra_params not an object', { extra_params: 'en' }, '400.001.301', 'extra_params'],
    ['language not en or sw', { extra_params: { language: 'fr' } }, '400.001.301', 'extra_params.language'],
    [
      'strict_amount not a boolean',
      { extra_params: { strict_amount: 'yes' } },
      '400.001.301',
      'extra_params.strict_amount',
    ],
    [
      'expiry in another format',
      { extra_params: { expiry: '2026-02-14T18:30:00Z' } },
      '400.001.306',
      'extra_params.expiry',
    ],
    [
      'expiry in the past',
      { extra_params: { expiry: '2020-01-01 00:00:00' } },
      '400.001.306',
      'extra_params.expiry',
    ],
    [
      'expiry more than 7 days away',
      { extra_params: { expiry: later(8 * 86_400_000) } },
      '400.001.306',
      'extra_params.expiry',
    ],
    [
      'expiry on a day that does not exist',
      { extra_params: { expiry: '2030-02-30 10:00:00' } },
      '400.001.306',
      'extra_params.expiry',
    ],
  ];
  for (const [what, change, code, param] of rules) {
    test(`refuses ${what}: ${code} on ${param}`, async () => {
      const { status, body } = await ctx.api.post(createPath, checkoutBody(change), ctx.token);
      assert.equal(status, code.startsWith('409') ? 409 : 400);
      assertErrorShape(body, code, param);
    });
  }

  test('accepts the optional fields at their limits, and ignores unknown fields', async () => {
    const body = checkoutBody({
      customer: { first_name: 'A' },
      payment_reference: undefined,
      mode: undefined,
      meta_data: undefined,
      extra_params: { language: 'sw', strict_amount: false, expiry: later(6 * 86_400_000) },
      amount: 250_000,
      msisdn: '254112345678',
      unknown_field: { anything: true },
    });
    assert.equal((await ctx.api.post(createPath, body, ctx.token)).status, 200);
  });
});

describe('status query', () => {
  const ctx = useSandbox();

  test('finds a payment by request_uuid, transaction_reference or payment_uuid', async () => {
    const request = checkoutBody({ payment_reference: 'INV-Q1' });
    const created = await ctx.api.post(createPath, request, ctx.token);
    const requestUuid = Buffer.from(sessionId(created.body.data.checkout_url), 'base64').toString();
    const byRequest = await ctx.api.post(queryPath, { request_uuid: requestUuid }, ctx.token);
    assert.equal(byRequest.status, 200);
    // The documents' envelope: the query was accepted, whatever the payment's state.
    assert.equal(byRequest.body.status, '200.100');
    assert.equal(byRequest.body.code, 'ACCEPTED');
    assert.equal(byRequest.body.description, 'Accepted for processing');
    const data = byRequest.body.data;
    assert.deepEqual(Object.keys(data).sort(), [
      'amount',
      'last_updated',
      'payment_reference',
      'payment_uuid',
      'state',
      // The sandbox's own: the status word, which the state cannot tell apart.
      'status',
      'time_received',
      'total_amount',
      'total_charges',
      'transaction_reference',
    ]);
    assert.equal(data.status, 'CREATED');
    // Times as the documents show them: UTC with microseconds.
    assert.match(data.time_received, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    assert.equal(data.state, 'processing');
    assert.equal(data.payment_reference, 'INV-Q1');
    assert.equal(data.amount, 1750);
    assert.deepEqual(
      (await ctx.api.post(queryPath, { transaction_reference: data.transaction_reference }, ctx.token)).body
        .data,
      data,
    );
    assert.deepEqual(
      (await ctx.api.post(queryPath, { payment_uuid: data.payment_uuid }, ctx.token)).body.data,
      data,
    );
  });

  test('an unknown reference is NOT_FOUND', async () => {
    const { status, body } = await ctx.api.post(queryPath, { payment_uuid: 'nope' }, ctx.token);
    assert.equal(status, 404);
    assert.equal(body.status, 'NOT_FOUND');
  });

  for (const query of [{}, { request_uuid: 'a', payment_uuid: 'b' }, { transaction_reference: 5 }]) {
    test(`needs exactly one reference, as a string: ${JSON.stringify(query)}`, async () => {
      const { status, body } = await ctx.api.post(queryPath, query, ctx.token);
      assert.equal(status, 400);
      assertErrorShape(body, '400.004.300');
    });
  }

  test('needs a token', async () => {
    assert.equal((await ctx.api.post(queryPath, { payment_uuid: 'x' })).status, 401);
  });
});
