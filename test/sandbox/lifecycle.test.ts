// The whole lifecycle Waftpay documents: every status word (CREATED 100 … REVERSED 107) can
// happen, through the test helpers and through Waftpay's own refund/reversal request, each with
// the webhook Waftpay would send and a status query that reports it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../sandbox/clock.js';
import { checkoutBody, receiver, sandbox, sessionId, until, type Receiver, type Sandbox } from './helpers.js';

const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';
const refundPath = '/payments-api-service/v1/refund-reversal';
const refundStatusPath = '/refund-reversal';

let api: Sandbox;
let token: string;
let hook: Receiver;
let notified: Receiver;
before(async () => {
  api = await sandbox({ webhookRetryMs: 50 });
  token = await api.token();
  hook = await receiver();
  notified = await receiver();
});
after(async () => {
  await api.close();
  await hook.close();
  await notified.close();
});

async function checkout(overrides: Record<string, unknown> = {}, on: Sandbox = api, bearer = token) {
  const body = checkoutBody({ callback_url: hook.url, ...overrides });
  const created = await on.post(createPath, body, bearer);
  assert.equal(created.status, 200);
  return { reference: body.checkout_reference as string, url: created.body.data.checkout_url as string };
}
const webhooksOf = (reference: string, to: Receiver = hook) =>
  to.deliveries.filter((delivery) => delivery.results.transaction_reference === reference);
const statusesOf = (reference: string, to: Receiver = hook) =>
  webhooksOf(reference, to).map((delivery) => delivery.status);
const query = async (by: Record<string, string>, on: Sandbox = api, bearer = token) =>
  (await on.post(queryPath, by, bearer)).body;
const pageState = async (url: string) =>
  ((await (await fetch(`${url}/state`)).json()) as { state: string }).state;

describe('ESCALATED (104): Waftpay reviews a payment by hand', () => {
  test('escalate: the ESCALATED webhook; the query says processing, ESCALATED; the page still waits', async () => {
    const { reference, url } = await checkout();
    const reply = await api.act(reference, 'escalate');
    assert.equal(reply.status, 200);
    assert.equal(reply.body.status, 'ESCALATED');
    await until(() => statusesOf(reference).length === 2);
    assert.deepEqual(statusesOf(reference), ['PENDING', 'ESCALATED']);
    assert.equal(webhooksOf(reference)[1].code, '104');
    const { data } = await query({ transaction_reference: reference });
    assert.equal(data.state, 'processing');
    assert.equal(data.status, 'ESCALATED');
    assert.equal(await pageState(url), 'PENDING');
    assert.equal((await api.act(reference, 'escalate')).status, 409);
  });

  test('it ends as a payment does: approved (SUCCESS) or declined (FAILED)', async () => {
    for (const [action, status] of [
      ['approve', 'SUCCESS'],
      ['decline', 'FAILED'],
    ] as const) {
      const { reference } = await checkout();
      await api.act(reference, 'escalate');
      assert.equal((await api.act(reference, action)).body.status, status);
      await until(() => statusesOf(reference).length === 3);
      assert.deepEqual(statusesOf(reference), ['PENDING', 'ESCALATED', status]);
    }
  });
});

describe('a late approval: the customer approves a prompt after the session expired', () => {
  test('SUCCESS after EXPIRED, both announced; the query says succeeded; the record says late', async () => {
    const { reference } = await checkout();
    await api.act(reference, 'escalate');
    await api.act(reference, 'expire');
    const late = await api.act(reference, 'approve');
    assert.equal(late.status, 200);
    assert.equal(late.body.state, 'succeeded');
    await until(() => statusesOf(reference).length === 4);
    assert.deepEqual(statusesOf(reference), ['PENDING', 'ESCALATED', 'EXPIRED', 'SUCCESS']);
    assert.equal((await query({ transaction_reference: reference })).data.state, 'succeeded');
    const recorded = api
      .recorded('shop')
      .payments.find((payment) => payment.checkout_reference === reference);
    assert.equal(recorded?.late, true);
    assert.equal(recorded?.paid_amount, 1750);
  });

  test('no prompt was ever sent: nothing to approve late (409)', async () => {
    const { reference } = await checkout();
    await api.act(reference, 'expire');
    assert.equal((await api.act(reference, 'approve')).status, 409);
  });
});

describe('refunds and reversals through the test helpers', () => {
  async function paid(overrides: Record<string, unknown> = {}) {
    const made = await checkout(overrides);
    assert.equal((await api.act(made.reference, 'approve')).status, 200);
    return made;
  }

  test('refund, all of it: the REFUNDED webhook (106) with its request_uuid; the query reports it both ways', async () => {
    const { reference } = await paid();
    const reply = await api.act(reference, 'refund');
    assert.equal(reply.status, 200);
    assert.equal(reply.body.status, 'REFUNDED');
    assert.equal(reply.body.amount, 1750);
    await until(() => statusesOf(reference).includes('REFUNDED'));
    const webhook = webhooksOf(reference).find((delivery) => delivery.status === 'REFUNDED')!;
    assert.equal(webhook.code, '106');
    assert.equal(webhook.results.amount, 1750);
    assert.equal(webhook.results.request_uuid, reply.body.request_uuid);
    assert.match(webhook.results.external_reference, /^[0-9A-Z]{10}$/);
    const payment = (await query({ transaction_reference: reference })).data;
    assert.deepEqual(
      [payment.state, payment.status, payment.refunded_amount],
      ['succeeded', 'REFUNDED', 1750],
    );
    const refund = (await query({ request_uuid: reply.body.request_uuid })).data;
    assert.deepEqual(
      [refund.state, refund.status, refund.amount, refund.payment_uuid, refund.request_uuid],
      ['succeeded', 'REFUNDED', 1750, payment.payment_uuid, reply.body.request_uuid],
    );
  });

  test('part, then part again, never more than was paid; every request_uuid its own', async () => {
    const { reference } = await paid();
    const first = await api.act(reference, 'refund', { amount: 1000.5 });
    const second = await api.act(reference, 'refund', { amount: 749.5 });
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.notEqual(first.body.request_uuid, second.body.request_uuid);
    const over = await api.act(reference, 'refund', { amount: 0.01 });
    assert.equal(over.status, 400);
    assert.equal(over.body.code, '400.001.303');
    assert.match(over.body.message, /refunded already/);
    assert.equal((await query({ transaction_reference: reference })).data.refunded_amount, 1750);
  });

  test('more than is left is refused, and so is an amount with 3 decimals', async () => {
    const { reference } = await paid();
    await api.act(reference, 'refund', { amount: 1000 });
    const over = await api.act(reference, 'refund', { amount: 750.01 });
    assert.equal(over.status, 400);
    assert.equal(over.body.param, 'amount');
    assert.match(over.body.message, /more than is left to refund \(750\)/);
    assert.equal((await api.act(reference, 'refund', { amount: 1.005 })).status, 400);
  });

  test('a payment that did not succeed cannot be refunded or reversed (409)', async () => {
    const { reference } = await checkout();
    await api.act(reference, 'decline');
    for (const action of ['refund', 'reverse'] as const)
      assert.equal((await api.act(reference, action)).status, 409);
  });

  test('reverse: the REVERSED webhook (107), the whole payment; the query says failed, REVERSED', async () => {
    const { reference } = await paid();
    const reply = await api.act(reference, 'reverse');
    assert.equal(reply.body.status, 'REVERSED');
    assert.equal(reply.body.state, 'failed');
    await until(() => statusesOf(reference).includes('REVERSED'));
    const webhook = webhooksOf(reference).find((delivery) => delivery.status === 'REVERSED')!;
    assert.equal(webhook.code, '107');
    assert.equal(webhook.results.amount, 1750);
    assert.equal((await api.act(reference, 'refund', { amount: 1 })).status, 409, 'nothing left after it');
  });

  test('a payment partly refunded can no longer be reversed', async () => {
    const { reference } = await paid();
    await api.act(reference, 'refund', { amount: 10 });
    assert.equal((await api.act(reference, 'reverse')).status, 409);
  });
});

describe('Waftpay’s refund/reversal request (POST /payments-api-service/v1/refund-reversal)', () => {
  async function paidPayment() {
    const { reference } = await checkout();
    const { body } = await api.act(reference, 'approve');
    return { reference, paymentUuid: body.payment_uuid as string };
  }
  const request = (payment: { reference: string; paymentUuid: string }, overrides = {}) => ({
    transaction_reference: payment.reference,
    payment_uuid: payment.paymentUuid,
    amount: 400,
    notification_url: notified.url,
    remarks: 'Test remarks',
    ...overrides,
  });

  test('accepted as the documents show (code 102, a number; results.request_uuid); the outcome goes to notification_url', async () => {
    const payment = await paidPayment();
    const { status, body } = await api.post(refundPath, request(payment), token);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['code', 'status', 'description', 'results']);
    assert.equal(body.code, 102);
    assert.equal(body.status, 'SUCCESS');
    assert.equal(body.description, 'Request accepted');
    assert.match(body.results.request_uuid, /^[0-9a-f-]{36}$/);
    await until(() => statusesOf(payment.reference, notified).length === 1);
    const webhook = webhooksOf(payment.reference, notified)[0];
    assert.equal(webhook.status, 'REFUNDED');
    assert.equal(webhook.results.amount, 400);
    assert.equal(webhook.results.request_uuid, body.results.request_uuid);
    assert.equal(webhook.results.payment_uuid, payment.paymentUuid);
    assert.ok(!statusesOf(payment.reference).includes('REFUNDED'), 'not to the checkout’s callback_url');
  });

  test('its status (POST /refund-reversal by request_uuid), in the documents’ shape: amounts as text', async () => {
    const payment = await paidPayment();
    const { body: accepted } = await api.post(refundPath, request(payment), token);
    const { status, body } = await api.post(
      refundStatusPath,
      { request_uuid: accepted.results.request_uuid },
      token,
    );
    assert.equal(status, 200);
    assert.deepEqual([body.code, body.status, body.description], [102, 'SUCCESS', 'Transaction success']);
    const results = body.results;
    assert.deepEqual(
      [results.amount, results.total_charges, results.total_amount],
      ['400.00', '0.00', '400.00'],
    );
    assert.equal(results.original_payment_uuid, payment.paymentUuid);
    assert.equal(results.original_transaction_reference, payment.reference);
    assert.match(results.original_external_reference, /^[0-9A-Z]{10}$/);
    assert.match(results.external_reference, /^[0-9A-Z]{10}$/);
    assert.match(results.time_processed, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const unknown = await api.post(refundStatusPath, { request_uuid: 'A333RTYUT' }, token);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.status, 'NOT FOUND');
  });

  const refusals: Array<[string, Record<string, unknown>, number, string, string?]> = [
    [
      'no transaction_reference',
      { transaction_reference: undefined },
      400,
      '400.001.300',
      'transaction_reference',
    ],
    ['no payment_uuid', { payment_uuid: undefined }, 400, '400.001.300', 'payment_uuid'],
    ['no amount', { amount: undefined }, 400, '400.001.300', 'amount'],
    ['an amount of 0', { amount: 0 }, 400, '400.001.303', 'amount'],
    ['more than was paid', { amount: 1750.01 }, 400, '400.001.303', 'amount'],
    ['no notification_url', { notification_url: undefined }, 400, '400.001.300', 'notification_url'],
    [
      'a notification_url elsewhere',
      { notification_url: 'https://attacker.example/hook' },
      400,
      '400.001.307',
      'notification_url',
    ],
    ['another payment’s transaction_reference', { transaction_reference: 'CHK-OTHER' }, 404, '404.000.104'],
  ];
  for (const [what, change, http, code, param] of refusals) {
    test(`refused: ${what} (${http}, ${code})`, async () => {
      const { status, body } = await api.post(refundPath, request(await paidPayment(), change), token);
      assert.equal(status, http);
      assert.equal(body.code, code);
      if (param) assert.equal(body.param, param);
    });
  }

  test('it needs the Collections token', async () => {
    const payment = await paidPayment();
    assert.equal((await api.post(refundPath, request(payment))).status, 401);
    assert.equal((await api.post(refundPath, request(payment), await api.token('payouts-shop'))).status, 403);
  });

  test('never the same request_uuid twice: ten requests for one payment, ten UUIDs, refused past what was paid', async () => {
    const payment = await paidPayment();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => api.post(refundPath, request(payment, { amount: 200 }), token)),
    );
    const accepted = replies.filter((reply) => reply.status === 200);
    assert.equal(accepted.length, 8, '8 × 200 = 1600 of 1750');
    assert.equal(new Set(accepted.map((reply) => reply.body.results.request_uuid)).size, 8);
    await until(() => statusesOf(payment.reference, notified).length === 8);
    assert.equal((await query({ payment_uuid: payment.paymentUuid })).data.refunded_amount, 1600);
  });
});

describe('a refund that takes time (refundDelayMs), on the sandbox’s clock', () => {
  interface SlowRefunds {
    slow: Sandbox;
    bearer: string;
    clock: ManualClock;
    hooks: Receiver;
    reference: string;
    paymentUuid: string;
  }
  /** A sandbox whose refunds take a minute on its clock, with a paid checkout whose webhooks go to `hooks`. */
  async function withSlowRefunds(check: (on: SlowRefunds) => Promise<void>): Promise<void> {
    const clock = new ManualClock();
    const slow = await sandbox({ refundDelayMs: 60_000, clock });
    const hooks = await receiver();
    try {
      const bearer = await slow.token();
      const { reference } = await checkout({ callback_url: hooks.url }, slow, bearer);
      const paymentUuid = (await slow.act(reference, 'approve')).body.payment_uuid as string;
      await check({ slow, bearer, clock, hooks, reference, paymentUuid });
    } finally {
      await slow.close();
      await hooks.close();
    }
  }

  test('processing, then REFUNDED when the time has passed', () =>
    withSlowRefunds(async ({ slow, bearer, clock, hooks, reference }) => {
      const { body } = await slow.act(reference, 'refund', { amount: 100 });
      const refund = { request_uuid: body.request_uuid };
      assert.deepEqual(
        [(await query(refund, slow, bearer)).data.state, (await query(refund, slow, bearer)).data.status],
        ['processing', 'PENDING'],
      );
      const pending = await slow.post(refundStatusPath, refund, bearer);
      assert.deepEqual([pending.body.code, pending.body.status], [101, 'PENDING']);
      clock.advance(60_000);
      await slow.webhooksIdle();
      assert.deepEqual(statusesOf(reference, hooks), ['PENDING', 'SUCCESS', 'REFUNDED']);
      assert.equal((await query(refund, slow, bearer)).data.state, 'succeeded');
    }));

  test('two requests for the whole payment at once, while refunds take time: one accepted, never more than was paid', () =>
    withSlowRefunds(async ({ slow, bearer, clock, hooks, reference, paymentUuid }) => {
      const whole = {
        transaction_reference: reference,
        payment_uuid: paymentUuid,
        amount: 1750,
        notification_url: hooks.url,
      };
      const replies = await Promise.all([
        slow.post(refundPath, whole, bearer),
        slow.post(refundPath, whole, bearer),
        slow.act(reference, 'refund', { amount: 1 }),
      ]);
      assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 400, 400]);
      clock.advance(60_000);
      await slow.webhooksIdle();
      assert.deepEqual(statusesOf(reference, hooks), ['PENDING', 'SUCCESS', 'REFUNDED']);
      assert.equal(slow.recorded('shop').totals.refunded, 1750);
    }));
});

describe('which statuses are announced (webhookStatuses)', () => {
  for (const [mode, expected] of [
    ['final', ['SUCCESS', 'REFUNDED']],
    ['pending', ['PENDING', 'SUCCESS', 'REFUNDED']],
    ['all', ['CREATED', 'PENDING', 'SUCCESS', 'REFUNDED']],
  ] as const) {
    test(`${mode}: ${expected.join(', ')}`, async () => {
      const modal = await sandbox({ webhookStatuses: mode });
      const hooks = await receiver();
      try {
        const bearer = await modal.token();
        const { reference } = await checkout({ callback_url: hooks.url }, modal, bearer);
        await modal.act(reference, 'approve');
        await modal.act(reference, 'refund', { amount: 1 });
        await modal.webhooksIdle();
        assert.deepEqual(statusesOf(reference, hooks), expected);
        if (mode === 'all') assert.equal(webhooksOf(reference, hooks)[0].code, '100');
      } finally {
        await modal.close();
        await hooks.close();
      }
    });
  }
});

describe('fees: total_charges and total_amount are not the amount', () => {
  test('1.5 % and KES 10 a payment: in the webhook and the status query', async () => {
    const charged = await sandbox({ fees: { percent: 1.5, fixed: 10 } });
    const hooks = await receiver();
    try {
      const bearer = await charged.token();
      const { reference, url } = await checkout({ callback_url: hooks.url, amount: 19.99 }, charged, bearer);
      await charged.act(reference, 'approve');
      await charged.webhooksIdle();
      const results = webhooksOf(reference, hooks).find((delivery) => delivery.status === 'SUCCESS')!.results;
      // 1.5 % of 19.99 is 0.29985: 0.30, and 10: 10.30; the customer pays 30.29.
      assert.deepEqual([results.amount, results.total_charges, results.total_amount], [19.99, 10.3, 30.29]);
      const { data } = await query({ transaction_reference: reference }, charged, bearer);
      assert.deepEqual([data.amount, data.total_charges, data.total_amount], [19.99, 10.3, 30.29]);
      assert.ok(sessionId(url));
    } finally {
      await charged.close();
      await hooks.close();
    }
  });

  test('a fee that is not a non-negative amount is refused at start', async () => {
    await assert.rejects(sandbox({ fees: { percent: -1 } }), TypeError);
    await assert.rejects(sandbox({ fees: { fixed: 0.001 } }), TypeError);
  });
});
