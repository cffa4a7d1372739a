import { expect } from '@open-wc/testing';
import { maxTextLength, toCheckoutResult } from '../../src/shared/checkout-result.js';
import { parseExpiresAt } from '../../src/element/expiry-clock.js';
import { matchReturnUrl } from '../../src/element/return-url.js';

describe('matchReturnUrl', () => {
  const shop = 'https://shop.example';
  const both = { success: new URL(`${shop}/pay/done`), fail: new URL(`${shop}/pay/failed`) };

  /** [landed URL, configured URLs, expected outcome (undefined: not a landing)] */
  const table: Array<[string, { success?: URL; fail?: URL }, 'success' | 'failure' | undefined]> = [
    [`${shop}/pay/done`, both, 'success'],
    [`${shop}/pay/done?checkout_reference=C1`, both, 'success'],
    [`${shop}/pay/done#thanks`, both, 'success'],
    [`${shop}/pay/failed`, both, 'failure'],
    [`${shop}/pay/done/extra`, both, undefined],
    [`${shop}/pay/don`, both, undefined],
    [`https://evil.example/pay/done`, both, undefined],
    [`http://shop.example/pay/done`, both, undefined],
    [`${shop}:8443/pay/done`, both, undefined],
    [`${shop}/pay/done`, {}, undefined],
    ['not a url', both, undefined],
    // Configured query parameters must be present; extra ones are fine.
    [`${shop}/r?o=1&x=2`, { success: new URL(`${shop}/r?o=1`) }, 'success'],
    [`${shop}/r?o=2`, { success: new URL(`${shop}/r?o=1`) }, undefined],
    // One URL for both (Waftpay's own example): the more specific match wins, then `status`.
    [
      `${shop}/r?result=fail`,
      { success: new URL(`${shop}/r`), fail: new URL(`${shop}/r?result=fail`) },
      'failure',
    ],
    [`${shop}/r?status=SUCCESS`, { success: new URL(`${shop}/r`), fail: new URL(`${shop}/r`) }, 'success'],
    [`${shop}/r?status=FAILED`, { success: new URL(`${shop}/r`), fail: new URL(`${shop}/r`) }, 'failure'],
    [`${shop}/r?status=PENDING`, { success: new URL(`${shop}/r`), fail: new URL(`${shop}/r`) }, undefined],
    [`${shop}/r`, { success: new URL(`${shop}/r`), fail: new URL(`${shop}/r`) }, undefined],
    // Success only when the landing does not contradict it: any sign of failure wins.
    [`${shop}/pay/done?status=SUCCESS`, both, 'success'],
    [`${shop}/pay/done?status=FAILED`, both, 'failure'],
    [`${shop}/pay/done?status=failed`, both, 'failure'],
    [`${shop}/pay/done?status=EXPIRED`, { success: both.success }, 'failure'],
    [`${shop}/pay/done?status=SUCCESS&status=FAILED`, both, 'failure'],
    [`${shop}/pay/done?status=PENDING`, both, undefined],
    [`${shop}/pay/done?status=`, both, undefined],
    [`${shop}/pay/failed?status=SUCCESS`, both, 'failure'],
    // Whatever the case, and under the names hosted pages use, with their words.
    [`${shop}/pay/done?STATUS=FAILED`, both, 'failure'],
    [`${shop}/pay/done?Status=Failed`, both, 'failure'],
    [`${shop}/pay/done?state=failed`, both, 'failure'],
    [`${shop}/pay/done?state=canceled`, both, 'failure'],
    [`${shop}/pay/done?payment_status=declined`, both, 'failure'],
    [`${shop}/pay/done?paymentStatus=FAILED`, both, 'failure'],
    [`${shop}/pay/done?transaction-status=cancelled`, both, 'failure'],
    [`${shop}/pay/done?redirect_status=failed`, both, 'failure'],
    [`${shop}/pay/done?status=SUCCESS&state=failed`, both, 'failure'],
    [`${shop}/pay/done?state=succeeded`, both, 'success'],
    [`${shop}/pay/done?state=processing`, both, undefined],
    [`${shop}/r?STATUS=success`, { success: new URL(`${shop}/r`), fail: new URL(`${shop}/r`) }, 'success'],
    [`${shop}/r?state=failed`, { success: new URL(`${shop}/r`), fail: new URL(`${shop}/r`) }, 'failure'],
    // The return URL's own query is the merchant's: its `state` is not a status.
    [`${shop}/r?state=cart-42`, { success: new URL(`${shop}/r?state=cart-42`) }, 'success'],
    [`${shop}/r?state=cart-42&STATUS=FAILED`, { success: new URL(`${shop}/r?state=cart-42`) }, 'failure'],
  ];
  for (const [landed, configured, outcome] of table) {
    it(`${landed} → ${outcome ?? 'no landing'}`, () => {
      expect(matchReturnUrl(landed, configured)?.outcome).to.equal(outcome);
    });
  }

  it('keeps a failure word the fail URL reports, and says FAILED otherwise', () => {
    expect(matchReturnUrl(`${shop}/pay/failed?status=EXPIRED`, both)?.result.status).to.equal('EXPIRED');
    expect(matchReturnUrl(`${shop}/pay/failed?status=SUCCESS`, both)?.result.status).to.equal('FAILED');
    expect(matchReturnUrl(`${shop}/pay/failed?status=lower`, both)?.result.status).to.equal('FAILED');
    expect(matchReturnUrl(`${shop}/pay/done?status=FAILED`, both)?.result.status).to.equal('FAILED');
    expect(matchReturnUrl(`${shop}/pay/done?status=REVERSED`, both)?.result.status).to.equal('REVERSED');
    expect(matchReturnUrl(`${shop}/pay/done?STATUS=expired`, both)?.result.status).to.equal('EXPIRED');
    expect(matchReturnUrl(`${shop}/pay/done?state=canceled`, both)?.result.status).to.equal('FAILED');
  });

  it('reads camelCase and snake_case references, with source return-url', () => {
    const landing = matchReturnUrl(`${shop}/pay/done?paymentReference=P1&transaction_reference=T1`, both);
    expect(landing?.result).to.deep.equal({
      status: 'SUCCESS',
      source: 'return-url',
      paymentReference: 'P1',
      transactionReference: 'T1',
    });
  });
});

describe('toCheckoutResult', () => {
  it('keeps known, well-typed, bounded fields and drops the rest', () => {
    const result = toCheckoutResult(
      {
        checkoutReference: 'C1',
        paymentReference: 42,
        transaction_reference: 'x'.repeat(maxTextLength + 1),
        paymentUuid: '',
        description: 'Order 42',
        amount: '1750.50',
        currency: 'kes',
        status: 'IGNORED: status is the caller’s',
        extra: 'dropped',
      },
      'SUCCESS',
      'message',
    );
    expect(result).to.deep.equal({
      status: 'SUCCESS',
      source: 'message',
      checkoutReference: 'C1',
      description: 'Order 42',
      amount: 1750.5,
    });
  });

  it('refuses amounts that are not finite, non-negative numbers', () => {
    for (const amount of [-1, NaN, Infinity, '12abc', '', ' ', null, {}, [], true]) {
      expect(toCheckoutResult({ amount }, 'SUCCESS', 'message').amount, String(amount)).to.equal(undefined);
    }
    expect(toCheckoutResult({ amount: 0 }, 'SUCCESS', 'message').amount).to.equal(0);
  });

  it('never reads inherited or prototype keys', () => {
    const fields = JSON.parse('{"__proto__": {"checkoutReference": "polluted"}, "constructor": "x"}');
    const inherited = Object.create({ paymentReference: 'inherited' });
    expect(toCheckoutResult(fields, 'FAILED', 'message')).to.deep.equal({
      status: 'FAILED',
      source: 'message',
    });
    expect(toCheckoutResult(inherited, 'FAILED', 'message')).to.deep.equal({
      status: 'FAILED',
      source: 'message',
    });
    expect(({} as Record<string, unknown>).checkoutReference).to.equal(undefined);
  });
});

describe('parseExpiresAt', () => {
  const good: Array<[string, string]> = [
    ['2026-03-02T14:08:41.921Z', '2026-03-02T14:08:41.921Z'],
    ['2026-03-02T14:08:41Z', '2026-03-02T14:08:41.000Z'],
    ['2026-03-02T14:08Z', '2026-03-02T14:08:00.000Z'],
    ['2026-03-02T17:08:41+03:00', '2026-03-02T14:08:41.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ];
  for (const [input, iso] of good) {
    it(`reads ${input}`, () => expect(new Date(parseExpiresAt(input)).toISOString()).to.equal(iso));
  }
  const bad = [
    '',
    'tomorrow',
    '2026-03-02',
    '2026-03-02T14:08:41',
    '2026-03-02 14:08:41Z',
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T14:60:00Z',
    '2026-03-02T14:08:41+25:00',
    '1772460521921',
  ];
  for (const input of bad) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      expect(() => parseExpiresAt(input))
        .to.throw()
        .with.property('code', 'invalid-expires-at');
    });
  }
});
