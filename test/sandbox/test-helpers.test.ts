// The sandbox-only test helpers: POST /api/sandbox/v1/sessions/<checkout_reference>/<action>, so a
// merchant's server tests can pay, decline, expire, cancel, escalate, refund or reverse a checkout
// with no browser; each with the merchant's Bearer token and a JSON body.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkoutBody, receiver, sandbox, until, type Receiver, type Sandbox } from './helpers.js';

const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';

describe('sandbox-only test helpers', () => {
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

  async function checkout(overrides: Record<string, unknown> = {}): Promise<string> {
    const body = checkoutBody({ callback_url: hook.url, ...overrides });
    assert.equal((await api.post(createPath, body, token)).status, 200);
    return body.checkout_reference;
  }
  const webhooksOf = (reference: string) =>
    hook.deliveries
      .filter((delivery) => delivery.results.transaction_reference === reference)
      .map((delivery) => delivery.status);
  const stateOf = async (reference: string) =>
    (await api.post(queryPath, { transaction_reference: reference }, token)).body.data.state;

  const cases = [
    ['approve', 'succeeded', 'SUCCESS', ['PENDING', 'SUCCESS']],
    ['decline', 'failed', 'FAILED', ['PENDING', 'FAILED']],
    ['expire', 'failed', 'EXPIRED', ['EXPIRED']],
    ['cancel', 'canceled', 'FAILED', ['FAILED']],
  ] as const;
  for (const [action, state, status, webhooks] of cases) {
    test(`${action}: the status query says ${state}, the webhooks are ${webhooks.join(' then ')}`, async () => {
      const reference = await checkout();
      const { status: http, body } = await api.act(reference, action);
      assert.equal(http, 200);
      assert.equal(body.checkout_reference, reference);
      assert.equal(body.transaction_reference, reference);
      assert.match(body.payment_uuid, /^\d+$/);
      assert.equal(body.state, state);
      assert.equal(body.status, status);
      assert.equal(await stateOf(reference), state);
      await until(() => webhooksOf(reference).length === webhooks.length);
      assert.deepEqual(webhooksOf(reference), webhooks);
    });
  }

  test('approve after the customer sent the prompt on the hosted page: one PENDING, then SUCCESS', async () => {
    const body = checkoutBody({ callback_url: hook.url });
    const { body: created } = await api.post(createPath, body, token);
    const prompt = await fetch(`${created.data.checkout_url}/prompt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(prompt.status, 200);
    assert.equal((await api.act(body.checkout_reference, 'approve')).status, 200);
    await until(() => webhooksOf(body.checkout_reference).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(webhooksOf(body.checkout_reference), ['PENDING', 'SUCCESS']);
  });

  test('approve with an amount: a partial payment when strict_amount is false, refused otherwise', async () => {
    const partial = await checkout({ extra_params: { strict_amount: false } });
    assert.equal((await api.act(partial, 'approve', { amount: 500 })).status, 200);
    assert.equal(
      (await api.post(queryPath, { transaction_reference: partial }, token)).body.data.amount,
      500,
    );
    const strict = await checkout();
    const refused = await api.act(strict, 'approve', { amount: 500 });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, '400.001.303');
  });

  test('they need the merchant’s token and a JSON body: what another site’s page could send is refused', async () => {
    const reference = await checkout();
    const url = `${api.apiBaseUrl}/sandbox/v1/sessions/${encodeURIComponent(reference)}/approve`;
    // What a `no-cors` request from any page can carry: no token, no JSON type.
    for (const init of [
      { method: 'POST' },
      { method: 'POST', body: 'amount=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } },
      { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } },
    ]) {
      const response = await fetch(url, init);
      assert.equal(response.status, 401, JSON.stringify(init));
    }
    // The token, but no JSON body.
    const bare = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(bare.status, 415);
    assert.equal(await stateOf(reference), 'processing', 'nothing happened');
    assert.equal((await api.act(reference, 'approve')).status, 200);
  });

  test('another merchant’s token finds no such session (404), and changes nothing', async () => {
    const reference = await checkout();
    const other = await api.act(reference, 'approve', {}, 'another-shop');
    assert.equal(other.status, 404);
    assert.equal(await stateOf(reference), 'processing');
  });

  test('an ended session: 409, in Waftpay’s error shape', async () => {
    const reference = await checkout();
    await api.act(reference, 'approve');
    for (const action of ['approve', 'decline', 'expire', 'cancel', 'escalate', 'reverse'] as const) {
      if (action === 'reverse') await api.act(reference, 'refund', { amount: 1 });
      const { status, body } = await api.act(reference, action);
      assert.equal(status, 409);
      assert.equal(body.code, '409.005.320');
    }
  });

  test('an unknown reference: 404; a reference with a slash works when URL-encoded', async () => {
    assert.equal((await api.act('NO-SUCH-REFERENCE', 'approve')).status, 404);
    const reference = await checkout({ checkout_reference: `CHK/${Date.now()}:1` });
    assert.equal((await api.act(reference, 'approve')).status, 200);
  });

  test('they are sandbox-only: under /api/sandbox/, which Waftpay does not have', async () => {
    const wrong = await fetch(`${api.apiBaseUrl}/sandbox/v1/sessions/x/pay`, { method: 'POST' });
    assert.equal(wrong.status, 404);
    const get = await fetch(`${api.apiBaseUrl}/sandbox/v1/sessions/x/approve`);
    assert.equal(get.status, 405);
  });
});
