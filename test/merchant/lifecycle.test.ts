// waftpay-checkout/server against the sandbox, through the whole lifecycle: a refund made with
// refund() ends in a REFUNDED webhook that confirmWebhook confirms; REVERSED and ESCALATED are
// reported as they are, by confirmWebhook and by queryPayment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  confirmWebhook,
  createWaftpayClient,
  WaftpayApiError,
  type WaftpayClient,
} from '../../src/server.js';
import { checkoutBody, receiver, sandbox, until, type Receiver, type Sandbox } from '../sandbox/helpers.js';

describe('refund(), REVERSED and ESCALATED, end to end with the sandbox', () => {
  let api: Sandbox;
  let hook: Receiver;
  let waftpay: WaftpayClient;
  before(async () => {
    api = await sandbox({ webhookRetryMs: 50 });
    hook = await receiver();
    waftpay = createWaftpayClient({ baseUrl: api.apiBaseUrl, consumerKey: 'shop', consumerSecret: 'secret' });
  });
  after(async () => {
    await api.close();
    await hook.close();
  });

  const webhook = async (reference: string, status: string, nth = 0) => {
    const mine = () =>
      hook.deliveries.filter(
        (delivery) => delivery.results.transaction_reference === reference && delivery.status === status,
      );
    await until(() => mine().length > nth);
    return mine()[nth];
  };

  /** A checkout paid by the customer; its SUCCESS webhook, confirmed. */
  async function paid() {
    const request = checkoutBody({ callback_url: hook.url });
    await waftpay.createCheckout(request as never);
    await api.act(request.checkout_reference, 'approve');
    const confirmed = await confirmWebhook(waftpay, await webhook(request.checkout_reference, 'SUCCESS'));
    assert.ok(confirmed.ok);
    return { reference: request.checkout_reference as string, paymentUuid: confirmed.event.paymentUuid };
  }

  test('a refund made with refund() ends in a REFUNDED webhook that confirmWebhook confirms, for its amount', async () => {
    const { reference, paymentUuid } = await paid();
    const requested = await waftpay.refund({
      transaction_reference: reference,
      payment_uuid: paymentUuid,
      amount: 500,
      notification_url: hook.url,
      remarks: 'one item out of stock',
    });
    assert.match(requested.requestUuid, /^[0-9a-f-]{36}$/);
    const body = await webhook(reference, 'REFUNDED');
    assert.equal(body.results.request_uuid, requested.requestUuid);
    const confirmed = await confirmWebhook(waftpay, body);
    assert.ok(confirmed.ok);
    assert.equal(confirmed.event.status, 'REFUNDED');
    assert.equal(confirmed.event.code, '106');
    assert.equal(confirmed.event.amount, 500);
    assert.equal(confirmed.event.requestUuid, requested.requestUuid);
    assert.equal(confirmed.event.paymentUuid, paymentUuid);
    // The payment itself: still succeeded, REFUNDED, 500 of it sent back.
    const answer = await waftpay.queryPayment({ payment_uuid: paymentUuid });
    assert.ok(answer.found);
    assert.deepEqual(
      [answer.payment.state, answer.payment.status, answer.payment.refunded_amount],
      ['succeeded', 'REFUNDED', 500],
    );
  });

  test('two refunds of one payment: two webhooks, each confirmed for its own amount; a third past what was paid is refused', async () => {
    const { reference, paymentUuid } = await paid();
    const refund = (amount: number) =>
      waftpay.refund({
        transaction_reference: reference,
        payment_uuid: paymentUuid,
        amount,
        notification_url: hook.url,
      });
    const first = await refund(1000);
    const second = await refund(750);
    const amounts = [];
    for (const nth of [0, 1]) {
      const confirmed = await confirmWebhook(waftpay, await webhook(reference, 'REFUNDED', nth));
      assert.ok(confirmed.ok);
      amounts.push([confirmed.event.requestUuid, confirmed.event.amount]);
    }
    assert.deepEqual(
      amounts.sort((a, b) => Number(a[1]) - Number(b[1])),
      [
        [second.requestUuid, 750],
        [first.requestUuid, 1000],
      ],
    );
    await assert.rejects(refund(1), (error: unknown) => {
      assert.ok(error instanceof WaftpayApiError);
      assert.equal(error.httpStatus, 400);
      assert.equal(error.param, 'amount');
      assert.equal(error.retryable, false);
      return true;
    });
  });

  test('a reversal (the network’s): confirmWebhook and queryPayment say REVERSED; a SUCCESS arriving late says so too', async () => {
    const { reference, paymentUuid } = await paid();
    await api.act(reference, 'reverse');
    const confirmed = await confirmWebhook(waftpay, await webhook(reference, 'REVERSED'));
    assert.ok(confirmed.ok);
    assert.equal(confirmed.event.status, 'REVERSED');
    // What was asked about is the reversal itself (its request_uuid), and it went through.
    assert.equal(confirmed.state, 'succeeded');
    assert.equal(confirmed.event.amount, 1750);
    const late = await confirmWebhook(waftpay, await webhook(reference, 'SUCCESS'));
    assert.ok(late.ok);
    assert.equal(late.event.status, 'REVERSED');
    assert.equal(late.claimedStatus, 'SUCCESS');
    const answer = await waftpay.queryPayment({ payment_uuid: paymentUuid });
    assert.ok(answer.found);
    assert.deepEqual([answer.payment.state, answer.payment.status], ['failed', 'REVERSED']);
  });

  test('ESCALATED: confirmed as ESCALATED, not PENDING; queryPayment says so', async () => {
    const request = checkoutBody({ callback_url: hook.url });
    await waftpay.createCheckout(request as never);
    await api.act(request.checkout_reference, 'escalate');
    const confirmed = await confirmWebhook(waftpay, await webhook(request.checkout_reference, 'ESCALATED'));
    assert.ok(confirmed.ok);
    assert.equal(confirmed.event.status, 'ESCALATED');
    assert.equal(confirmed.state, 'processing');
    // The PENDING webhook before it is confirmed as what the payment is now.
    const pending = await confirmWebhook(waftpay, await webhook(request.checkout_reference, 'PENDING'));
    assert.ok(pending.ok);
    assert.equal(pending.event.status, 'ESCALATED');
    const answer = await waftpay.queryPayment({ transaction_reference: request.checkout_reference });
    assert.equal(answer.found && answer.payment.status, 'ESCALATED');
  });
});
