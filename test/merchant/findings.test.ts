// The security review of the reference merchant (issue 14, findings 10-15) and what customers met
// when Waftpay was down (issue 13): each finding reproduced by a request, now answered safely.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Sandbox } from '../sandbox/helpers.js';
import { fakeWaftpay, type FakeWaftpay } from './fake-waftpay.js';
import {
  createOrder,
  deliver,
  eventually,
  forgedWebhook,
  orderStatus,
  pagesServingAnything,
  rawRequest,
  sandbox,
  sandboxAction,
  sandboxPayment,
  shop,
  type TestShop,
} from './shop.js';
import { statusOfWebhookPayment, statusReply, webhookPayload } from './waftpay-documents.js';

const notFound = { status: 404, json: { status: 'NOT_FOUND', code: '404', description: 'No payment found' } };

/** A fake Waftpay whose status query reports one payment (or nothing), as a test sets it. */
async function waftpayKnowing(): Promise<FakeWaftpay & { payment?: Record<string, unknown> }> {
  const fake: FakeWaftpay & { payment?: Record<string, unknown> } = await fakeWaftpay();
  fake.on('query', () =>
    fake.payment ? { json: { ...statusReply, data: { ...statusReply.data, ...fake.payment } } } : notFound,
  );
  return fake;
}

describe('finding 10: a forged webhook never gets an order paid', () => {
  let waftpay: Sandbox;
  let merchant: TestShop;
  before(async () => {
    waftpay = await sandbox();
    merchant = await shop(waftpay.apiBaseUrl);
  });
  after(async () => {
    await merchant.close();
    await waftpay.close();
  });

  test('a self-consistent hash for made-up payment ids: refused, the order unpaid, the session untouched', async () => {
    const { orderId } = await createOrder(merchant);
    const reference = (await merchant.orders.get(orderId))!.checkoutReference;
    const response = await deliver(merchant, forgedWebhook(reference));
    assert.equal(response.status, 400);
    assert.equal((await orderStatus(merchant, orderId)).status, 'CREATED');
    assert.equal((await sandboxPayment(waftpay, reference)).state, 'processing');
    assert.ok(merchant.logs.some((line) => line.includes('webhook REJECTED (not-found)')));
  });

  test('the real payment_uuid (the return URL shows it) with a matching hash: not applied, still unpaid', async () => {
    const { orderId } = await createOrder(merchant);
    const reference = (await merchant.orders.get(orderId))!.checkoutReference;
    const paymentUuid = (await sandboxPayment(waftpay, reference)).payment_uuid;
    const response = await deliver(merchant, forgedWebhook(reference, { paymentUuid }));
    assert.notEqual(response.status, 200);
    assert.equal((await orderStatus(merchant, orderId)).status, 'CREATED');
  });

  test('a genuine FAILED webhook flipped to SUCCESS (status is outside the hash): the order is FAILED', async () => {
    // Waftpay's own webhooks go nowhere here, so the flipped one is the first the shop hears.
    const deaf = await shop(waftpay.apiBaseUrl, { publicUrl: 'http://127.0.0.1:9' });
    try {
      const { orderId } = await createOrder(deaf);
      const reference = (await deaf.orders.get(orderId))!.checkoutReference;
      await sandboxAction(waftpay, reference, 'decline');
      const paymentUuid = (await sandboxPayment(waftpay, reference)).payment_uuid;
      const flipped = {
        ...forgedWebhook(reference, { paymentUuid, status: 'FAILED' }),
        status: 'SUCCESS',
        code: '102',
      };
      const response = await deliver(deaf, flipped);
      assert.equal(response.status, 200);
      const order = await orderStatus(deaf, orderId);
      assert.equal(order.status, 'FAILED');
      assert.equal(order.needsAttention, false);
    } finally {
      await deaf.close();
    }
  });

  test('a wrong validation_hash, or a non-ASCII one: refused (400, never 500), logged, order untouched', async () => {
    const { orderId } = await createOrder(merchant);
    const reference = (await merchant.orders.get(orderId))!.checkoutReference;
    const before = merchant.statusQueries;
    for (const hash of ['0'.repeat(64), 'é'.repeat(64), '😀'.repeat(32), '']) {
      const body = forgedWebhook(reference);
      body.results.validation_hash = hash;
      assert.equal((await deliver(merchant, body)).status, 400, hash);
    }
    const changedAmount = forgedWebhook(reference);
    changedAmount.results.amount = 1;
    assert.equal((await deliver(merchant, changedAmount)).status, 400);
    assert.equal(merchant.statusQueries, before, 'refused without asking Waftpay');
    assert.equal((await orderStatus(merchant, orderId)).status, 'CREATED');
    assert.ok(merchant.logs.some((line) => line.includes('webhook REJECTED (hash-mismatch)')));
  });
});

describe('the documents’ example webhook, through confirmWebhook', () => {
  test('an order of KES 100 with reference 295877 is paid by exactly the documented payload', async () => {
    const waftpay = await fakeWaftpay({ query: () => ({ json: statusOfWebhookPayment }) });
    const merchant = await shop(waftpay.baseUrl, {
      basket: { amount: 100, currency: 'KES' },
      newCheckoutReference: () => '295877',
    });
    try {
      const { orderId } = await createOrder(merchant);
      const response = await deliver(merchant, webhookPayload);
      assert.equal(response.status, 200);
      const order = await orderStatus(merchant, orderId);
      assert.equal(order.status, 'PAID');
      assert.equal(order.paidAmount, 100);
      assert.equal(order.verifiedBy, 'webhook');
      const query = waftpay.received.find((request) => request.route === 'query')!;
      assert.deepEqual(query.body, { payment_uuid: '413283551145761444' });
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });
});

describe('finding 11: no request can crash the shop', () => {
  let merchant: TestShop;
  let waftpay: FakeWaftpay;
  before(async () => {
    waftpay = await fakeWaftpay();
    merchant = await shop(waftpay.baseUrl);
  });
  after(async () => {
    await merchant.close();
    await waftpay.close();
  });

  const lines = [
    'GET //a:99999/ HTTP/1.1',
    'GET http://a:99999/ HTTP/1.1',
    'POST //a:99999/api/orders HTTP/1.1',
    'GET //[::1 HTTP/1.1',
    'OPTIONS * HTTP/1.1',
    'GET /api/orders/%zz HTTP/1.1',
    'GET /\u0000 HTTP/1.1',
    'BREW /coffee HTCPCP/1.0',
    '',
  ];
  for (const line of lines) {
    test(`${JSON.stringify(line)} gets a 4xx`, async () => {
      const answer = await rawRequest(merchant.url, `${line}\r\nHost: shop\r\nConnection: close\r\n\r\n`);
      assert.match(answer, /^HTTP\/1\.1 4\d\d /, JSON.stringify(answer.slice(0, 100)));
    });
  }

  test('a broken chunked body and an oversized header are answered; the shop still works', async () => {
    const chunked = await rawRequest(
      merchant.url,
      'POST /api/orders HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    );
    assert.match(chunked, /^HTTP\/1\.1 4\d\d /);
    const big = await rawRequest(
      merchant.url,
      `GET / HTTP/1.1\r\nHost: shop\r\nX: ${'a'.repeat(100_000)}\r\n\r\n`,
    );
    assert.match(big, /^HTTP\/1\.1 4\d\d /);
    await createOrder(merchant);
  });
});

describe('finding 12: late and contradicting outcomes are recorded and raised; reconciliation', () => {
  let waftpay: FakeWaftpay & { payment?: Record<string, unknown> };
  let merchant: TestShop;
  before(async () => {
    waftpay = await waftpayKnowing();
    // Outcomes follow each other at once here; Waftpay's back-off would keep the second from being asked about.
    merchant = await shop(waftpay.baseUrl, { reconcileGraceMs: 0, statusBackoffMs: [0] });
  });
  after(async () => {
    await merchant.close();
    await waftpay.close();
  });

  async function order(): Promise<{ orderId: string; reference: string }> {
    const { orderId } = await createOrder(merchant);
    return { orderId, reference: (await merchant.orders.get(orderId))!.checkoutReference };
  }

  test('SUCCESS after EXPIRED: the order stays EXPIRED, is flagged, and the log says NEEDS ATTENTION', async () => {
    const { orderId, reference } = await order();
    const paymentUuid = '900000000000000001';
    waftpay.payment = {
      transaction_reference: reference,
      payment_uuid: paymentUuid,
      amount: 1750,
      state: 'failed',
    };
    assert.equal(
      (await deliver(merchant, forgedWebhook(reference, { status: 'EXPIRED', paymentUuid }))).status,
      200,
    );
    assert.equal((await orderStatus(merchant, orderId)).status, 'EXPIRED');
    waftpay.payment = { ...waftpay.payment, state: 'succeeded' };
    assert.equal((await deliver(merchant, forgedWebhook(reference, { paymentUuid }))).status, 200);
    const late = await orderStatus(merchant, orderId);
    assert.equal(late.status, 'EXPIRED');
    assert.equal(late.needsAttention, true);
    assert.match((await merchant.orders.get(orderId))!.attention ?? '', /reports SUCCESS .* already EXPIRED/);
    assert.ok(merchant.logs.some((line) => line.startsWith(`NEEDS ATTENTION order ${orderId}`)));
  });

  test('a second payment for a paid order is raised too', async () => {
    const { orderId, reference } = await order();
    waftpay.payment = {
      transaction_reference: reference,
      payment_uuid: '900000000000000002',
      amount: 1750,
      state: 'succeeded',
    };
    await deliver(merchant, forgedWebhook(reference, { paymentUuid: '900000000000000002' }));
    assert.equal((await orderStatus(merchant, orderId)).status, 'PAID');
    waftpay.payment = { ...waftpay.payment, payment_uuid: '900000000000000003' };
    await deliver(merchant, forgedWebhook(reference, { paymentUuid: '900000000000000003' }));
    assert.equal((await orderStatus(merchant, orderId)).needsAttention, true);
    assert.match(
      (await merchant.orders.get(orderId))!.attention ?? '',
      /payment 900000000000000003\).*already PAID by payment 900000000000000002/,
    );
  });

  test('reconciliation: open orders past their expiry are settled from the status query', async () => {
    // The documented Create Checkout reply's expires_at is in the past: every order here is due.
    const paid = await order();
    const failed = await order();
    const unknown = await order();
    const processing = await order();
    const states: Record<string, Record<string, unknown> | undefined> = {
      [paid.reference]: { payment_uuid: '900000000000000010', amount: 1750, state: 'succeeded' },
      [failed.reference]: { payment_uuid: '900000000000000011', amount: 1750, state: 'failed' },
      [processing.reference]: { payment_uuid: '900000000000000012', amount: 1750, state: 'processing' },
    };
    waftpay.on('query', (request) => {
      const known = states[request.body.transaction_reference];
      return known
        ? {
            json: {
              ...statusReply,
              data: {
                ...statusReply.data,
                transaction_reference: request.body.transaction_reference,
                ...known,
              },
            },
          }
        : notFound;
    });
    const report = await merchant.reconcile();
    assert.ok(report.checked >= 4);
    assert.equal((await orderStatus(merchant, paid.orderId)).status, 'PAID');
    assert.equal((await orderStatus(merchant, paid.orderId)).verifiedBy, 'status-query');
    assert.equal((await orderStatus(merchant, failed.orderId)).status, 'EXPIRED');
    const gone = await orderStatus(merchant, unknown.orderId);
    assert.equal(gone.status, 'EXPIRED');
    assert.equal(gone.needsAttention, true);
    const still = await orderStatus(merchant, processing.orderId);
    assert.equal(still.status, 'CREATED');
    assert.equal(still.needsAttention, true);
    // A second pass finds only the one still open, and does not raise it twice.
    const again = await merchant.reconcile();
    assert.equal(again.checked, 1);
    assert.equal((await merchant.orders.get(processing.orderId))!.attention!.split('\n').length, 1);
  });

  test('reconciliation with Waftpay down: nothing changes, the order is checked next time', async () => {
    const { orderId } = await order();
    waftpay.on('query', () => ({ status: 503, text: 'down' }));
    const report = await merchant.reconcile();
    assert.ok(report.unreachable >= 1);
    assert.equal((await orderStatus(merchant, orderId)).status, 'CREATED');
  });

  test('it runs by itself every reconcileEveryMs', async () => {
    const fake = await fakeWaftpay({ query: () => notFound });
    const merchantOnTimer = await shop(fake.baseUrl, { reconcileEveryMs: 100, reconcileGraceMs: 0 });
    try {
      const { orderId } = await createOrder(merchantOnTimer);
      await eventually(
        'the order reconciled',
        async () => (await orderStatus(merchantOnTimer, orderId)).status !== 'CREATED',
      );
      assert.equal((await orderStatus(merchantOnTimer, orderId)).status, 'EXPIRED');
    } finally {
      await merchantOnTimer.close();
      await fake.close();
    }
  });
});

describe('finding 13 and issue 13: Waftpay’s replies never reach the browser; Waftpay down is a 503 with words', () => {
  const unavailable = 'Waftpay cannot be reached. Nothing was charged. Try again.';

  async function tryOrder(waftpay: FakeWaftpay, options: Parameters<typeof shop>[1] = {}) {
    const merchant = await shop(waftpay.baseUrl, options);
    try {
      const response = await fetch(`${merchant.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: '254712345678' }),
      });
      return {
        status: response.status,
        text: await response.text(),
        orders: await merchant.orders.count(),
        logs: merchant.logs,
      };
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  }

  test('a token reply with a non-numeric expires_in: the token goes nowhere near the browser', async () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.bearer-token-of-the-shop.sig';
    const reply = await tryOrder(
      await fakeWaftpay({ token: () => ({ json: { status: true, token: secret, expires_in: 'soon' } }) }),
    );
    assert.equal(reply.status, 502);
    assert.ok(!reply.text.includes(secret), reply.text);
    assert.ok(!reply.logs.join('\n').includes(secret));
    assert.deepEqual(JSON.parse(reply.text), {
      error: 'The payment could not be started. Nothing was charged. Please try again later.',
      code: 'waftpay-refused',
    });
    assert.equal(reply.orders, 0);
  });

  test('Waftpay’s refusal (its error body) is logged, not passed on', async () => {
    const reply = await tryOrder(
      await fakeWaftpay({
        checkout: () => ({
          status: 400,
          json: {
            error: 'invalid_request',
            message: 'internal detail 7f3a',
            code: '400.001.300',
            request_id: 'req_9',
          },
        }),
      }),
    );
    assert.equal(reply.status, 502);
    assert.ok(!reply.text.includes('internal detail'));
    assert.ok(reply.logs.some((line) => line.includes('internal detail 7f3a') && line.includes('req_9')));
    assert.equal(reply.orders, 0);
  });

  for (const [what, checkout] of [
    ['answering 503', () => ({ status: 503, text: 'upstream down' })],
    [
      'answering 500 in its error shape',
      () => ({
        status: 500,
        json: { error: 'service_error', message: 'db', code: '500.000.500', status: 'ERROR' },
      }),
    ],
    [
      'throttling (429)',
      () => ({ status: 429, json: { error: 'invalid_request', message: 'slow down', code: '429.000.429' } }),
    ],
    ['never answering', () => 'hang' as const],
  ] as const) {
    test(`Waftpay ${what}: 503, the customer’s words, and no order left behind`, async () => {
      const reply = await tryOrder(await fakeWaftpay({ checkout }), { waftpay: { timeoutMs: 300 } });
      assert.equal(reply.status, 503);
      assert.deepEqual(JSON.parse(reply.text), { error: unavailable, code: 'waftpay-unavailable' });
      assert.equal(reply.orders, 0);
    });
  }

  test('Waftpay unreachable (nothing listening): 503, and no order left behind', async () => {
    const fake = await fakeWaftpay();
    const baseUrl = fake.baseUrl;
    await fake.close();
    const merchant = await shop(baseUrl);
    try {
      const response = await fetch(`${merchant.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: '254712345678' }),
      });
      assert.equal(response.status, 503);
      assert.equal(((await response.json()) as { error: string }).error, unavailable);
      assert.equal(await merchant.orders.count(), 0);
    } finally {
      await merchant.close();
    }
  });
});

describe('finding 14: currency, polling back-off, cross-site requests', () => {
  test('a payment in another currency is not taken as payment: the order stays open and is flagged', async () => {
    const waftpay = await waftpayKnowing();
    const merchant = await shop(waftpay.baseUrl);
    try {
      const { orderId } = await createOrder(merchant);
      const reference = (await merchant.orders.get(orderId))!.checkoutReference;
      waftpay.payment = {
        transaction_reference: reference,
        payment_uuid: '900000000000000020',
        amount: 1750,
        state: 'succeeded',
        currency: 'USD',
      };
      assert.equal(
        (await deliver(merchant, forgedWebhook(reference, { paymentUuid: '900000000000000020' }))).status,
        200,
      );
      const order = await orderStatus(merchant, orderId);
      assert.equal(order.status, 'CREATED');
      assert.equal(order.needsAttention, true);
      assert.match(
        (await merchant.orders.get(orderId))!.attention ?? '',
        /USD 1750 .* in KES: not marked paid/,
      );
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });

  test('a smaller amount is partly paid; a larger one paid and flagged', async () => {
    const waftpay = await waftpayKnowing();
    const merchant = await shop(waftpay.baseUrl);
    try {
      for (const [amount, status, flagged] of [
        [1000, 'PARTIALLY_PAID', false],
        [2000, 'PAID', true],
      ] as const) {
        const { orderId } = await createOrder(merchant);
        const reference = (await merchant.orders.get(orderId))!.checkoutReference;
        const paymentUuid = `90000000000000${amount}`;
        waftpay.payment = {
          transaction_reference: reference,
          payment_uuid: paymentUuid,
          amount,
          state: 'succeeded',
        };
        await deliver(merchant, forgedWebhook(reference, { paymentUuid, amount }));
        const order = await orderStatus(merchant, orderId);
        assert.equal(order.status, status);
        assert.equal(order.paidAmount, amount);
        assert.equal(order.needsAttention, flagged);
      }
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });

  test('asking to verify 30 times at once: Waftpay is asked at most as its back-off allows', async () => {
    const waftpay = await waftpayKnowing();
    const merchant = await shop(waftpay.baseUrl);
    try {
      const { orderId } = await createOrder(merchant);
      const verify = () => fetch(`${merchant.url}/api/orders/${orderId}/verify`, { method: 'POST' });
      const replies = await Promise.all(Array.from({ length: 30 }, verify));
      assert.ok(replies.every((reply) => reply.status === 200));
      // The first status query waits 5 s after the order (Waftpay: 5 s, 10 s, 30 s, 60 s).
      assert.equal(merchant.statusQueries, 0);
      assert.ok(Number(replies[0].headers.get('retry-after')) >= 4);
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });

  test('polled every 20 ms for 1.2 s of the shop’s clock with a back-off of 100, 200, 400 ms: 4 status queries', async () => {
    const waftpay = await waftpayKnowing();
    let now = Date.parse('2026-12-01T08:00:00Z');
    const merchant = await shop(waftpay.baseUrl, {
      statusBackoffMs: [100, 200, 400],
      clock: { now: () => now },
    });
    try {
      const { orderId } = await createOrder(merchant);
      const asked: number[] = [];
      for (let elapsed = 0; elapsed < 1200; elapsed += 20, now += 20) {
        const before = merchant.statusQueries;
        await fetch(`${merchant.url}/api/orders/${orderId}/verify`, { method: 'POST' });
        if (merchant.statusQueries > before) asked.push(elapsed);
      }
      // 100 ms after the order, then 200, 400 and 400 ms after each query.
      assert.deepEqual(asked, [100, 300, 700, 1100]);
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });

  describe('cross-site requests are refused on the endpoints that change state', () => {
    let waftpay: FakeWaftpay;
    let merchant: TestShop;
    before(async () => {
      waftpay = await fakeWaftpay();
      merchant = await shop(waftpay.baseUrl, { publicUrl: 'https://shop.example' });
    });
    after(async () => {
      await merchant.close();
      await waftpay.close();
    });

    const post = (path: string, headers: Record<string, string>) =>
      fetch(`${merchant.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ msisdn: '254712345678' }),
      });

    const crossSite: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://www.shop.example' },
      { origin: 'null' },
    ];
    for (const headers of crossSite) {
      test(`POST /api/orders with ${JSON.stringify(headers)}: 403, no order`, async () => {
        const before = await merchant.orders.count();
        const response = await post('/api/orders', headers);
        assert.equal(response.status, 403);
        assert.equal(((await response.json()) as { code: string }).code, 'cross-site');
        assert.equal(await merchant.orders.count(), before);
        assert.equal(waftpay.count('checkout'), 0);
      });
    }

    test('verify, cross-site: 403', async () => {
      const { orderId } = await createOrder(merchant);
      const response = await post(`/api/orders/${orderId}/verify`, {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      });
      assert.equal(response.status, 403);
    });

    test('the shop’s own page (same origin, or its public URL) is served', async () => {
      assert.equal(
        (await post('/api/orders', { 'sec-fetch-site': 'same-origin', origin: 'https://shop.example' }))
          .status,
        201,
      );
      assert.equal(
        (await post('/api/orders', { 'sec-fetch-site': 'same-origin', origin: new URL(merchant.url).origin }))
          .status,
        201,
      );
    });
  });
});

describe('finding 15: nothing under a dot folder is served, whatever serves the pages', () => {
  test('/.data/orders.sqlite, /.git/config and /.env are 404; pages are served', async () => {
    const waftpay = await fakeWaftpay();
    const { pages, served } = pagesServingAnything();
    const merchant = await shop(waftpay.baseUrl, { pages });
    try {
      for (const path of [
        '/.data/orders.sqlite',
        '/.data/orders.sqlite-wal',
        '/.git/config',
        '/.env',
        '/%2Edata/orders.sqlite',
      ]) {
        assert.equal((await fetch(`${merchant.url}${path}`)).status, 404, path);
      }
      assert.equal((await fetch(`${merchant.url}/index.html`)).status, 200);
      assert.deepEqual(served, ['/index.html']);
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });
});
