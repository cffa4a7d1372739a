// Amounts with decimals (issue 19, finding 1): "at most 2 decimals" is asked of the decimal a JSON
// number is written as, never of a binary product such as 4.35 * 100 (434.99999999999994).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hasAtMostTwoDecimals } from '../../sandbox/money.js';
import { checkoutBody, useSandbox } from './helpers.js';

const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';

describe('amounts with decimals', () => {
  const ctx = useSandbox();

  for (const amount of [4.35, 1.1, 19.99, 1750.5, 250_000]) {
    test(`${amount} is accepted, and reported as sent`, async () => {
      const body = checkoutBody({ amount });
      const { status } = await ctx.api.post(createPath, body, ctx.token);
      assert.equal(status, 200);
      const { data } = (
        await ctx.api.post(queryPath, { transaction_reference: body.checkout_reference }, ctx.token)
      ).body;
      assert.equal(data.amount, amount);
    });
  }

  // 10.1 + 0.2 is 10.299999999999999 in binary: a client that did not round sends that.
  for (const amount of [10.1 + 0.2, 1.005, 10.001, 4.351]) {
    test(`${amount} has more than 2 decimals: refused (400.001.303)`, async () => {
      const { status, body } = await ctx.api.post(createPath, checkoutBody({ amount }), ctx.token);
      assert.equal(status, 400);
      assert.equal(body.code, '400.001.303');
      assert.equal(body.message, 'amount has at most 2 decimals');
    });
  }

  test('a partial payment and a refund follow the same rule', async () => {
    const body = checkoutBody({ amount: 19.99, extra_params: { strict_amount: false } });
    await ctx.api.post(createPath, body, ctx.token);
    assert.equal((await ctx.api.act(body.checkout_reference, 'approve', { amount: 4.351 })).status, 400);
    assert.equal((await ctx.api.act(body.checkout_reference, 'approve', { amount: 4.35 })).status, 200);
    assert.equal((await ctx.api.act(body.checkout_reference, 'refund', { amount: 1.1 })).status, 200);
    assert.equal((await ctx.api.act(body.checkout_reference, 'refund', { amount: 3.25 })).status, 200);
    assert.equal((await ctx.api.act(body.checkout_reference, 'refund', { amount: 0.01 })).status, 400);
  });
});

test('the rule alone, on the values that trip binary floating point', () => {
  for (const yes of [4.35, 1.1, 19.99, 0.3, 1750, 0.01, 1e3])
    assert.ok(hasAtMostTwoDecimals(yes), String(yes));
  for (const no of [0.1 + 0.2, 1.005, 1e-7, 1e21, Number.NaN, Infinity])
    assert.ok(!hasAtMostTwoDecimals(no), String(no));
});
