// Waftpay on a bad day, on purpose: PUT/GET/DELETE /api/sandbox/v1/faults. Webhooks dropped,
// duplicated, delayed and reordered (for one reference or all), the status query and the token
// endpoint failing, timing out or slow, throttling; a seeded random mix that replays exactly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../sandbox/clock.js';
import { FaultControl, MerchantFaults, merchantsKept, subjectsKept } from '../../sandbox/faults.js';
import { WebhookSender } from '../../sandbox/webhooks.js';
import {
  checkoutBody,
  eventually,
  receiver,
  sandbox,
  sessionId,
  type Receiver,
  type Sandbox,
} from './helpers.js';

const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';
const tokenPath = '/authentication-service/v1/api/generate-token';
const faultsPath = '/sandbox/v1/faults';
const refundPath = '/payments-api-service/v1/refund-reversal';
const refundStatusPath = '/refund-reversal';

async function paid(api: Sandbox, token: string, hook: Receiver, reference?: string): Promise<string> {
  const body = checkoutBody({
    callback_url: hook.url,
    ...(reference ? { checkout_reference: reference } : {}),
  });
  assert.equal((await api.post(createPath, body, token)).status, 200);
  assert.equal((await api.act(body.checkout_reference, 'approve')).status, 200);
  return body.checkout_reference;
}
const statusesOf = (hook: Receiver, reference: string) =>
  hook.deliveries.filter((d) => d.results.transaction_reference === reference).map((d) => d.status as string);

describe('the control: PUT, GET, DELETE with the merchant’s token', () => {
  let api: Sandbox;
  let token: string;
  before(async () => {
    api = await sandbox();
    token = await api.token();
  });
  after(() => api.close());

  test('PUT sets it (the seed chosen when none is given), GET reports it and the counts, DELETE ends it', async () => {
    const put = await api.send('PUT', faultsPath, { statusQuery: { error: 1 } }, token);
    assert.equal(put.status, 200);
    assert.equal(typeof put.body.setting.seed, 'number');
    assert.deepEqual(put.body.setting.statusQuery, { error: 1 });
    assert.deepEqual(put.body.injected.statusQuery, { errors: 0, timeouts: 0, lostReplies: 0, delayed: 0 });
    assert.equal((await api.post(queryPath, { payment_uuid: '1' }, token)).status, 503);
    const got = await api.send('GET', faultsPath, undefined, token);
    assert.deepEqual(got.body.setting, put.body.setting);
    assert.equal(got.body.injected.statusQuery.errors, 1);
    const ended = await api.send('DELETE', faultsPath, undefined, token);
    assert.equal(ended.body.setting, null);
    assert.equal(ended.body.injected.statusQuery.errors, 1, 'what the ended setting injected');
    assert.equal((await api.post(queryPath, { payment_uuid: '1' }, token)).status, 404);
    assert.equal((await api.send('GET', faultsPath, undefined, token)).body.setting, null);
  });

  test('it needs the token, and a JSON body to PUT', async () => {
    assert.equal((await api.send('PUT', faultsPath, { statusQuery: { error: 1 } })).status, 401);
    assert.equal((await api.send('GET', faultsPath, undefined)).status, 401);
    const text = await fetch(`${api.apiBaseUrl}${faultsPath}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: '{}',
    });
    assert.equal(text.status, 415);
  });

  const wrong: Array<[unknown, string]> = [
    [{ webhook: { drop: 1 } }, 'webhook'],
    [{ webhooks: { drop: 2 } }, 'webhooks.drop'],
    [{ webhooks: { delayMs: [5, 1] } }, 'webhooks.delayMs'],
    [{ webhooks: { references: 'CHK1' } }, 'webhooks.references'],
    [{ statusQuery: { error: 0.6, timeout: 0.6 } }, 'statusQuery'],
    [{ refund: { timeout: 0.5, lostReply: 0.6 } }, 'refund'],
    [{ token: { errors: 1 } }, 'token.errors'],
    [{ throttle: { perSecond: 0 } }, 'throttle.perSecond'],
    [{ seed: 'forty-two' }, 'seed'],
  ];
  for (const [setting, param] of wrong) {
    test(`a setting it does not understand is refused, naming the key: ${JSON.stringify(setting)}`, async () => {
      const { status, body } = await api.send('PUT', faultsPath, setting, token);
      assert.equal(status, 400);
      assert.equal(body.code, '400.001.301');
      assert.equal(body.param, param);
    });
  }
});

describe('webhooks', () => {
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

  test('dropped for one reference: never sent, nor retried; the others arrive; the status query still knows', async () => {
    const victim = `DROP-${Date.now()}`;
    await api.send('PUT', faultsPath, { webhooks: { drop: 1, references: [victim] } }, token);
    await paid(api, token, hook, victim);
    const other = await paid(api, token, hook);
    await api.webhooksIdle();
    assert.deepEqual(statusesOf(hook, victim), []);
    assert.deepEqual(statusesOf(hook, other), ['PENDING', 'SUCCESS']);
    const query = await api.post(queryPath, { transaction_reference: victim }, token);
    assert.equal(query.body.data.state, 'succeeded');
    const { body } = await api.send('DELETE', faultsPath, undefined, token);
    assert.equal(body.injected.webhooks.dropped, 2);
  });

  test('duplicated: every webhook twice, the same body', async () => {
    await api.send('PUT', faultsPath, { webhooks: { duplicate: 1 } }, token);
    const reference = await paid(api, token, hook);
    await api.webhooksIdle();
    assert.deepEqual(statusesOf(hook, reference).sort(), ['PENDING', 'PENDING', 'SUCCESS', 'SUCCESS']);
    const copies = hook.deliveries.filter(
      (d) => d.results.transaction_reference === reference && d.status === 'SUCCESS',
    );
    assert.deepEqual(copies[0], copies[1]);
    assert.equal(
      (await api.send('DELETE', faultsPath, undefined, token)).body.injected.webhooks.duplicated,
      2,
    );
  });

  test('reordered: the outcome arrives before the PENDING that came first', async () => {
    await api.send('PUT', faultsPath, { webhooks: { reorder: true } }, token);
    const reference = await paid(api, token, hook);
    await api.webhooksIdle();
    assert.deepEqual(statusesOf(hook, reference), ['SUCCESS', 'PENDING']);
    assert.equal(
      (await api.send('DELETE', faultsPath, undefined, token)).body.injected.webhooks.reordered,
      1,
    );
  });
  test('reordered and duplicated: the PENDING held back still comes twice, as counted', async () => {
    await api.send('PUT', faultsPath, { webhooks: { reorder: true, duplicate: 1 } }, token);
    const reference = await paid(api, token, hook);
    await api.webhooksIdle();
    assert.deepEqual(statusesOf(hook, reference), ['SUCCESS', 'SUCCESS', 'PENDING', 'PENDING']);
    const { injected } = (await api.send('DELETE', faultsPath, undefined, token)).body;
    assert.deepEqual([injected.webhooks.duplicated, injected.webhooks.reordered], [2, 1]);
  });
});

describe('a webhook held back (reorder) whose next one is dropped', () => {
  test('goes out where the dropped one would have: late, never lost', async () => {
    const hook = await receiver();
    const sender = new WebhookSender({
      clock: new ManualClock(),
      retryMs: 60_000,
      attempts: 1,
      timeoutMs: 10_000,
      log: () => undefined,
    });
    try {
      const delivery = (status: string) => ({
        session: 'one',
        url: hook.url,
        reference: 'CHK1',
        status,
        body: JSON.stringify({ status, results: { transaction_reference: 'CHK1' } }),
      });
      const none = { drop: false, copies: 1, delayMs: 0, reorder: false } as const;
      sender.send(delivery('PENDING'), { ...none, reorder: true });
      sender.send(delivery('SUCCESS'), { ...none, drop: true });
      await sender.idle();
      assert.deepEqual(statusesOf(hook, 'CHK1'), ['PENDING']);
    } finally {
      sender.close();
      await hook.close();
    }
  });
});

describe('on the sandbox’s clock: delays, slowness, throttling', () => {
  let clock: ManualClock;
  let api: Sandbox;
  let token: string;
  let hook: Receiver;
  before(async () => {
    clock = new ManualClock();
    api = await sandbox({ clock });
    token = await api.token();
    hook = await receiver();
  });
  after(async () => {
    await api.close();
    await hook.close();
  });

  test('a webhook delayed 5 s arrives when 5 s have passed, not before', async () => {
    await api.send('PUT', faultsPath, { webhooks: { delayMs: 5000 } }, token);
    const reference = await paid(api, token, hook);
    await api.webhooksIdle();
    clock.advance(4999);
    await api.webhooksIdle();
    assert.deepEqual(statusesOf(hook, reference), []);
    clock.advance(1);
    await api.webhooksIdle();
    // PENDING waited 5 s; SUCCESS, behind it, then waits its own 5 s.
    assert.deepEqual(statusesOf(hook, reference), ['PENDING']);
    clock.advance(5000);
    await api.webhooksIdle();
    assert.deepEqual(statusesOf(hook, reference), ['PENDING', 'SUCCESS']);
    assert.equal((await api.send('DELETE', faultsPath, undefined, token)).body.injected.webhooks.delayed, 2);
  });

  test('a slow status query answers when its delay has passed', async () => {
    await api.send('PUT', faultsPath, { statusQuery: { delayMs: [2000, 2000] } }, token);
    let answered = false;
    const query = api
      .post(queryPath, { payment_uuid: '1' }, token)
      .then((reply) => ((answered = true), reply));
    const delayed = async () =>
      (await api.send('GET', faultsPath, undefined, token)).body.injected.statusQuery.delayed;
    // Until the sandbox has the request, and holds it.
    await eventually('the query held', async () => (await delayed()) > 0);
    assert.equal(await delayed(), 1);
    assert.equal(answered, false);
    clock.advance(2000);
    assert.equal((await query).status, 404);
    await api.send('DELETE', faultsPath, undefined, token);
  });

  test('a status query that times out: no answer until hangMs has passed on the sandbox’s clock, then the connection closes', async () => {
    await api.send('PUT', faultsPath, { statusQuery: { timeout: 1, hangMs: 30_000 } }, token);
    let settled = false;
    const query = api.post(queryPath, { payment_uuid: '1' }, token).finally(() => (settled = true));
    const timeouts = async () =>
      (await api.send('GET', faultsPath, undefined, token)).body.injected.statusQuery.timeouts;
    // Until the sandbox has the request, and holds it.
    await eventually('the query held', async () => (await timeouts()) > 0);
    clock.advance(29_999);
    assert.equal(await timeouts(), 1);
    assert.equal(settled, false, 'no answer before hangMs');
    clock.advance(1);
    await assert.rejects(query);
    await api.send('DELETE', faultsPath, undefined, token);
  });

  test('a checkout whose reply is lost: the session is made, the connection closes unanswered once hangMs has passed', async () => {
    await api.send('PUT', faultsPath, { checkout: { lostReply: 1, hangMs: 15_000 } }, token);
    const body = checkoutBody();
    let settled = false;
    const create = api.post(createPath, body, token).finally(() => (settled = true));
    const lost = async () =>
      (await api.send('GET', faultsPath, undefined, token)).body.injected.checkout.lostReplies;
    await eventually('the checkout held', async () => (await lost()) > 0);
    const query = await api.post(queryPath, { transaction_reference: body.checkout_reference }, token);
    assert.equal(query.status, 200, 'Waftpay made the session');
    clock.advance(14_999);
    assert.equal(settled, false, 'no answer before hangMs');
    clock.advance(1);
    await assert.rejects(create);
    // Asked again, the reference is Waftpay's already: the first request did go through.
    assert.equal((await api.post(createPath, body, token)).status, 409);
    await api.send('DELETE', faultsPath, undefined, token);
  });

  test('a refund whose reply is lost (hangMs 0: closed at once): the money goes back, its webhook comes, no request_uuid reaches the merchant', async () => {
    const reference = await paid(api, token, hook);
    await api.webhooksIdle();
    const { payment_uuid } = (await api.post(queryPath, { transaction_reference: reference }, token)).body
      .data;
    await api.send('PUT', faultsPath, { refund: { lostReply: 1, hangMs: 0 } }, token);
    const refund = {
      transaction_reference: reference,
      payment_uuid,
      amount: 500,
      notification_url: hook.url,
    };
    await assert.rejects(api.post(refundPath, refund, token));
    await api.webhooksIdle();
    assert.deepEqual(statusesOf(hook, reference), ['PENDING', 'SUCCESS', 'REFUNDED']);
    const after = (await api.post(queryPath, { payment_uuid }, token)).body.data;
    assert.equal(after.refunded_amount, 500);
    const { injected } = (await api.send('DELETE', faultsPath, undefined, token)).body;
    assert.deepEqual(injected.refund, { errors: 0, timeouts: 0, lostReplies: 1, delayed: 0 });
  });

  test('throttled: past perSecond a 429 in Waftpay’s shape with Retry-After; a second later, answered again', async () => {
    await api.send('PUT', faultsPath, { throttle: { perSecond: 2 } }, token);
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await api.send('POST', queryPath, { payment_uuid: '1' }, token));
    assert.deepEqual(
      replies.map((reply) => reply.status),
      [404, 404, 429],
    );
    assert.equal(replies[2].body.code, '429.000.429');
    assert.equal(replies[2].headers.get('retry-after'), '1');
    // The helpers and the control itself are not throttled.
    assert.equal((await api.send('GET', faultsPath, undefined, token)).body.injected.throttled, 1);
    clock.advance(1000);
    assert.equal((await api.send('POST', queryPath, { payment_uuid: '1' }, token)).status, 404);
    await api.send('DELETE', faultsPath, undefined, token);
  });
});

describe('endpoints that fail', () => {
  let api: Sandbox;
  let token: string;
  before(async () => {
    api = await sandbox();
    token = await api.token();
  });
  after(() => api.close());

  test('the token endpoint answers 503 (service_error); the merchant’s other calls are untouched', async () => {
    await api.send('PUT', faultsPath, { token: { error: 1 } }, token);
    const { status, body } = await api.post(tokenPath, { consumer_key: 'shop', consumer_secret: 'secret' });
    assert.equal(status, 503);
    assert.deepEqual([body.error, body.code, body.status], ['service_error', '503.000.503', 'ERROR']);
    assert.equal((await api.post(tokenPath, { consumer_key: 'other', consumer_secret: 's' })).status, 200);
    assert.equal((await api.post(queryPath, { payment_uuid: '1' }, token)).status, 404);
    await api.send('DELETE', faultsPath, undefined, token);
  });

  test('the sandbox’s default faults (startSandbox({faults}), --faults) apply to every merchant until it ends its own', async () => {
    const faulty = await sandbox({ faults: { statusQuery: { error: 1 } } });
    try {
      const mine = await faulty.token('shop');
      const theirs = await faulty.token('another-shop');
      assert.equal((await faulty.post(queryPath, { payment_uuid: '1' }, mine)).status, 503);
      assert.equal((await faulty.post(queryPath, { payment_uuid: '1' }, theirs)).status, 503);
      await faulty.send('DELETE', faultsPath, undefined, mine);
      assert.equal((await faulty.post(queryPath, { payment_uuid: '1' }, mine)).status, 404);
      assert.equal((await faulty.post(queryPath, { payment_uuid: '1' }, theirs)).status, 503);
    } finally {
      await faulty.close();
    }
  });
});

describe('a seeded random mix replays exactly', () => {
  const mix = (seed: number) => ({
    seed,
    webhooks: { drop: 0.25, duplicate: 0.25, reorder: 0.5 },
    statusQuery: { error: 0.3 },
  });

  /** The same schedule of payments and queries; what came of it. */
  async function run(seed: number) {
    const api = await sandbox({ webhookRetryMs: 20 });
    const hook = await receiver();
    try {
      const token = await api.token();
      await api.send('PUT', faultsPath, mix(seed), token);
      const seen: Record<string, unknown> = {};
      // Payments in parallel, as a busy shop's: the choices must not depend on the interleaving.
      await Promise.all(
        Array.from({ length: 12 }, async (_, index) => {
          const reference = `SEED-${index}`;
          await paid(api, token, hook, reference);
          const queries = [];
          for (let i = 0; i < 4; i++)
            queries.push((await api.post(queryPath, { transaction_reference: reference }, token)).status);
          seen[`${reference} queries`] = queries;
        }),
      );
      await api.webhooksIdle();
      for (let index = 0; index < 12; index++)
        seen[`SEED-${index} webhooks`] = statusesOf(hook, `SEED-${index}`).sort();
      const { body } = await api.send('GET', faultsPath, undefined, token);
      return { seen, injected: body.injected };
    } finally {
      await api.close();
      await hook.close();
    }
  }

  test('the same seed: the same faults, webhook by webhook and query by query; another seed: others', async () => {
    const first = await run(42);
    const again = await run(42);
    assert.deepEqual(again, first);
    const { webhooks, statusQuery } = first.injected;
    assert.ok(
      webhooks.dropped > 0 && webhooks.duplicated > 0 && webhooks.reordered > 0,
      JSON.stringify(webhooks),
    );
    assert.ok(statusQuery.errors > 0, JSON.stringify(statusQuery));
    assert.notDeepEqual((await run(43)).seen, first.seen);
  });

  /**
   * Queries by payment_uuid and request_uuid, refunds and their status: every one names Waftpay's
   * UUIDs, new and random in each run. The faults must follow the payment (its checkout_reference).
   */
  async function runByUuids(seed: number) {
    const api = await sandbox();
    try {
      const token = await api.token();
      await api.send('PUT', faultsPath, { seed, statusQuery: { error: 0.5 }, refund: { error: 0.5 } }, token);
      const seen: number[] = [];
      for (let index = 0; index < 8; index++) {
        const body = checkoutBody({ checkout_reference: `UUID-${index}` });
        const created = await api.post(createPath, body, token);
        const requestUuid = Buffer.from(sessionId(created.body.data.checkout_url), 'base64').toString();
        const paymentUuid = (await api.act(body.checkout_reference, 'approve')).body.payment_uuid;
        seen.push((await api.post(queryPath, { payment_uuid: paymentUuid }, token)).status);
        seen.push((await api.post(queryPath, { request_uuid: requestUuid }, token)).status);
        const refund = await api.post(
          refundPath,
          {
            transaction_reference: body.checkout_reference,
            payment_uuid: paymentUuid,
            amount: 1,
            notification_url: 'http://127.0.0.1:9/hook',
          },
          token,
        );
        seen.push(refund.status);
        const refundUuid = refund.body.results?.request_uuid ?? 'none';
        seen.push((await api.post(refundStatusPath, { request_uuid: refundUuid }, token)).status);
        seen.push((await api.post(queryPath, { request_uuid: refundUuid }, token)).status);
      }
      return seen;
    } finally {
      await api.close();
    }
  }

  test('queries by payment_uuid or request_uuid, refunds and their status replay too: the draws follow the payment, not Waftpay’s random UUIDs', async () => {
    const first = await runByUuids(42);
    assert.deepEqual(await runByUuids(42), first);
    assert.ok(first.includes(503) && first.includes(200), JSON.stringify(first));
  });
});

describe('what the faults remember is bounded', () => {
  test('counts are kept for the most recent 100 000 subjects of a merchant: the oldest of more starts again from 0', () => {
    const faults = new MerchantFaults({ seed: 7, statusQuery: { error: 0.5 } }, new ManualClock());
    const draws = (subject: string) =>
      Array.from({ length: 6 }, () => faults.endpoint('statusQuery', subject).kind).join();
    const first = draws('CHK-first');
    assert.notEqual(draws('CHK-first'), first, 'the same subject again: its next draws, not its first');
    for (let index = 0; index < subjectsKept - 1; index++) faults.endpoint('statusQuery', `CHK-${index}`);
    assert.notEqual(draws('CHK-first'), first, 'still one of the most recent: remembered');
    for (let index = 0; index < subjectsKept; index++) faults.endpoint('statusQuery', `CHK-more-${index}`);
    assert.equal(draws('CHK-first'), first, 'forgotten: its draws start again');
  });

  test('faults are kept for the most recent 10 000 merchants; a merchant that set its own keeps it while it is one of them', () => {
    const control = new FaultControl(new ManualClock(), { seed: 1, statusQuery: { error: 1 } });
    control.set('first', { seed: 2 });
    for (let index = 0; index < merchantsKept - 1; index++) control.of(`merchant-${index}`);
    assert.equal(control.of('first')?.setting.seed, 2);
    for (let index = 0; index < merchantsKept; index++) control.of(`more-${index}`);
    assert.equal(control.of('first')?.setting.seed, 1, 'forgotten: the default again');
  });
});
