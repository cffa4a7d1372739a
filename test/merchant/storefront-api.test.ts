// What the storefront reads back from the shop's server so that a reload, or a return page, finds
// the order again: the browser that made an order (its cookie) gets its checkout while the
// session is open and its list of orders; anyone else who knows an order's id, its status only.
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Sandbox } from '../sandbox/helpers.js';
import { eventually, newDataDir, sandbox, sandboxAction, shop, type TestShop } from './shop.js';

describe('the storefront’s view of its orders', () => {
  let waftpay: Sandbox;
  let merchant: TestShop;
  const dataDir = newDataDir();
  before(async () => {
    waftpay = await sandbox();
    merchant = await shop(waftpay.apiBaseUrl, { dataDir, sandboxPhonesUrl: `${waftpay.origin}/phone/` });
  });
  after(async () => {
    await merchant.close();
    await waftpay.close();
  });

  async function order(cookie?: string, msisdn = '254712345678') {
    const response = await fetch(`${merchant.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ mode: 'overlay', msisdn }),
    });
    assert.equal(response.status, 201);
    return {
      body: (await response.json()) as Record<string, any>,
      setCookie: response.headers.get('set-cookie'),
    };
  }
  const get = async (path: string, cookie?: string) =>
    (await (await fetch(`${merchant.url}${path}`, { headers: cookie ? { cookie } : {} })).json()) as Record<
      string,
      any
    >;

  test('the first order gives the browser an HttpOnly cookie; later orders keep it', async () => {
    const first = await order();
    assert.match(
      first.setCookie ?? '',
      /^shop_customer=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/,
    );
    const cookie = (first.setCookie ?? '').split(';')[0];
    const second = await order(cookie);
    assert.equal(second.setCookie, null);
    // The database keeps a hash of it, never the cookie itself.
    const db = new Database(join(dataDir, 'orders.sqlite'), { readonly: true });
    const stored = db.prepare('select customer from orders where id = ?').get(first.body.orderId) as {
      customer: string;
    };
    db.close();
    assert.match(stored.customer, /^[0-9a-f]{64}$/);
    assert.ok(!stored.customer.includes(cookie.split('=')[1]));
  });

  test('its browser gets the open checkout again (mode, number, phone); anyone else, the status only', async () => {
    const { body: created, setCookie } = await order(undefined, '254712000777');
    const cookie = (setCookie ?? '').split(';')[0];
    const mine = await get(`/api/orders/${created.orderId}`, cookie);
    assert.equal(mine.status, 'CREATED');
    assert.equal(mine.mode, 'overlay');
    assert.equal(mine.msisdn, '254712000777');
    assert.equal(mine.phoneUrl, `${waftpay.origin}/phone/254712000777`);
    assert.deepEqual(mine.checkout, {
      checkoutUrl: created.checkoutUrl,
      expiresAt: created.expiresAt,
      successRedirectUrl: created.successRedirectUrl,
      failRedirectUrl: created.failRedirectUrl,
    });
    assert.equal(created.phoneUrl, mine.phoneUrl);
    for (const stranger of [
      undefined,
      'shop_customer=00000000000000000000000000000000',
      'shop_customer=junk',
    ]) {
      const theirs = await get(`/api/orders/${created.orderId}`, stranger);
      assert.equal(theirs.status, 'CREATED');
      assert.equal(theirs.expiresAt, created.expiresAt);
      for (const field of ['checkout', 'msisdn', 'mode', 'phoneUrl'])
        assert.equal(theirs[field], undefined, field);
    }
  });

  test('a settled order is no longer presented: no checkout, even to its browser', async () => {
    const { body: created, setCookie } = await order();
    const cookie = (setCookie ?? '').split(';')[0];
    const reference = (await merchant.orders.get(created.orderId))?.checkoutReference ?? '';
    await sandboxAction(waftpay, reference, 'approve');
    let known: Record<string, any> = {};
    await eventually(
      'the order paid',
      async () => (known = await get(`/api/orders/${created.orderId}`, cookie)).status !== 'CREATED',
    );
    assert.equal(known.status, 'PAID');
    assert.equal(known.checkout, undefined);
    assert.equal(known.msisdn, '254712345678');
  });

  test('GET /api/orders: this browser’s orders, newest first; none without its cookie', async () => {
    const first = await order();
    const cookie = (first.setCookie ?? '').split(';')[0];
    const second = await order(cookie);
    await order();
    const { orders } = await get('/api/orders', cookie);
    assert.deepEqual(
      orders.map((known: { id: string }) => known.id),
      [second.body.orderId, first.body.orderId],
    );
    assert.deepEqual((await get('/api/orders')).orders, []);
  });
});
