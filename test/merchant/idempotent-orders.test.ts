// The storefront asks for an order when the customer asks to pay (the element's createSession),
// with an Idempotency-Key made for that request: the same request sent twice makes one order, as
// the shop's database and Waftpay's sandbox both record.
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OncePerKey } from '../../demo/merchant/once-per-key.js';
import type { RunningSandbox } from '../../sandbox/server.js';
import { newDataDir, sandbox, shop, type TestShop } from './shop.js';

describe('one order per request to pay (Idempotency-Key)', () => {
  let waftpay: RunningSandbox;
  let merchant: TestShop;
  const dataDir = newDataDir();
  before(async () => {
    waftpay = await sandbox();
    merchant = await shop(waftpay.apiBaseUrl, { dataDir });
  });
  after(async () => {
    await merchant.close();
    await waftpay.close();
  });

  const post = (key: string | undefined, msisdn = '254712345678') =>
    fetch(`${merchant.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify({ mode: 'popup', msisdn }),
    });
  const orderOf = async (response: Response) => {
    assert.equal(response.status, 201);
    return (await response.json()) as { orderId: string; checkoutUrl: string };
  };
  /** The orders the shop's database holds, and the sessions Waftpay was asked to create. */
  const recorded = () => {
    const db = new Database(join(dataDir, 'orders.sqlite'), { readonly: true });
    const { count } = db.prepare('select count(*) as count from orders').get() as { count: number };
    db.close();
    return { orders: count, sessions: merchant.calls.filter((path) => path.endsWith('/request')).length };
  };

  test('the same request twice at once, and again later: one order, one Waftpay session', async () => {
    const before = recorded();
    const [first, second] = await Promise.all([post('click-0001'), post('click-0001')]);
    const again = await orderOf(await post('click-0001'));
    const one = await orderOf(first);
    assert.deepEqual(await orderOf(second), one);
    assert.deepEqual(again, one);
    assert.deepEqual(recorded(), { orders: before.orders + 1, sessions: before.sessions + 1 });
  });

  test('another request to pay (another key), or none: another order each', async () => {
    const before = recorded();
    const a = await orderOf(await post('click-0002'));
    const b = await orderOf(await post('click-0003'));
    const c = await orderOf(await post(undefined));
    assert.equal(new Set([a.orderId, b.orderId, c.orderId]).size, 3);
    assert.deepEqual(recorded(), { orders: before.orders + 3, sessions: before.sessions + 3 });
  });

  test('a refused request is not kept: the same key may try again, and makes the order then', async () => {
    const refused = await post('click-0004', '0712');
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { code: string }).code, 'invalid-msisdn');
    const before = recorded();
    await orderOf(await post('click-0004'));
    assert.equal(recorded().orders, before.orders + 1);
  });

  test('a key that is not one is refused, and makes nothing', async () => {
    const before = recorded();
    for (const key of ['short', 'x'.repeat(101), 'click 0005', 'click/0005']) {
      const response = await post(key);
      assert.equal(response.status, 400, key);
    }
    assert.deepEqual(recorded(), before);
  });
});

describe('OncePerKey', () => {
  test('keeps a result for its time, then does the work again; a failure is not kept', async () => {
    let now = 0;
    let runs = 0;
    const once = new OncePerKey<number>(1000, () => now);
    const work = async () => ++runs;
    assert.equal(await once.run('a', work), 1);
    now = 1000;
    assert.equal(await once.run('a', work), 1);
    now = 1001;
    assert.equal(await once.run('a', work), 2);
    await assert.rejects(once.run('b', () => Promise.reject(new Error('no'))));
    assert.equal(await once.run('b', work), 3);
  });
});
