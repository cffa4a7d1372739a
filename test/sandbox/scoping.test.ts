// One merchant never sees another's payments (issue 19, finding 5): tokens, references, status
// queries, refunds, test helpers, faults and the record are all the consumer key's own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkoutBody, sandbox, sessionId, type Sandbox } from './helpers.js';

const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';

describe('merchants are kept apart', () => {
  let api: Sandbox;
  let mine: string;
  let theirs: string;
  let reference: string;
  let paymentUuid: string;
  let requestUuid: string;
  before(async () => {
    api = await sandbox();
    mine = await api.token('shop');
    theirs = await api.token('another-shop');
    const body = checkoutBody();
    reference = body.checkout_reference;
    const created = await api.post(createPath, body, mine);
    requestUuid = Buffer.from(sessionId(created.body.data.checkout_url), 'base64').toString();
    paymentUuid = (await api.act(reference, 'approve')).body.payment_uuid;
  });
  after(() => api.close());

  test('a status query by any of the three references finds only the merchant’s own payment', async () => {
    for (const by of [
      { transaction_reference: reference },
      { payment_uuid: paymentUuid },
      { request_uuid: requestUuid },
    ]) {
      assert.equal((await api.post(queryPath, by, mine)).status, 200, JSON.stringify(by));
      const other = await api.post(queryPath, by, theirs);
      assert.equal(other.status, 404, JSON.stringify(by));
      // Answered as any unknown reference is: nothing says the payment exists.
      assert.equal(other.body.status, 'NOT_FOUND');
    }
  });

  test('references are the merchant’s own: another merchant may use the same checkout_reference', async () => {
    const body = checkoutBody({ checkout_reference: reference });
    assert.equal((await api.post(createPath, body, theirs)).status, 200);
    assert.equal((await api.post(createPath, body, mine)).status, 409);
    const ours = await api.post(queryPath, { transaction_reference: reference }, mine);
    const yours = await api.post(queryPath, { transaction_reference: reference }, theirs);
    assert.notEqual(ours.body.data.payment_uuid, yours.body.data.payment_uuid);
    assert.equal(ours.body.data.state, 'succeeded');
    assert.equal(yours.body.data.state, 'processing');
  });

  test('a refund of another merchant’s payment: 404, nothing refunded', async () => {
    const refund = await api.post(
      '/payments-api-service/v1/refund-reversal',
      {
        transaction_reference: reference,
        payment_uuid: paymentUuid,
        amount: 1,
        notification_url: 'http://127.0.0.1:9/hook',
      },
      theirs,
    );
    assert.equal(refund.status, 404);
    assert.equal(api.recorded('shop').totals.refunded, 0);
  });

  test('test helpers, faults and the record: each merchant’s own', async () => {
    const body = checkoutBody();
    await api.post(createPath, body, mine);
    await api.act(body.checkout_reference, 'approve');
    assert.equal((await api.act(body.checkout_reference, 'refund', {}, 'another-shop')).status, 404);
    assert.equal(
      (await api.send('PUT', '/sandbox/v1/faults', { statusQuery: { error: 1 } }, theirs)).status,
      200,
    );
    assert.equal(
      (await api.post(queryPath, { payment_uuid: paymentUuid }, mine)).status,
      200,
      'not my faults',
    );
    assert.equal((await api.send('GET', '/sandbox/v1/faults', undefined, mine)).body.setting, null);
    const record = await api.send('GET', '/sandbox/v1/payments', undefined, mine);
    assert.deepEqual(
      record.body.payments.map((payment: { checkout_reference: string }) => payment.checkout_reference),
      [reference, body.checkout_reference],
    );
    const other = await api.send('GET', '/sandbox/v1/payments', undefined, theirs);
    assert.ok(
      other.body.payments.every((payment: { payment_uuid: string }) => payment.payment_uuid !== paymentUuid),
    );
  });
});
