// Abuse of the reference shop, found by a review of the landed shop (issue 20, part 6), each
// reproduced by requests and now refused: status queries spent on anyone's webhooks, orders that
// push prompts to a victim's phone, the orders' database through Vite's /@fs/, the webhook body
// choosing the status word (see shop-core.test.ts), connections held open, and the demo's missing
// policy and cookie prefix.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDemo } from '../../demo/merchant/demo.js';
import { defaultLimits, type ShopLimits } from '../../demo/merchant/server.js';
import { fakeWaftpay, type FakeWaftpay } from './fake-waftpay.js';
import {
  createOrder,
  deliver,
  eventually,
  forgedWebhook,
  newDataDir,
  pagesServingAnything,
  rawRequest,
  roomyLimits,
  shop,
  type TestShop,
} from './shop.js';
import { checkoutReply, statusReply } from './waftpay-documents.js';

const root = resolve(import.meta.dirname, '../..');

/** A POST from another address of this machine (all of 127.0.0.0/8 is loopback): another client. */
function postFrom(
  localAddress: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    const outgoing = httpRequest(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (incoming) => {
        let text = '';
        incoming.on('data', (chunk) => (text += String(chunk)));
        incoming.on('end', () =>
          done({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text }),
        );
      },
    );
    outgoing.on('error', fail);
    outgoing.end(JSON.stringify(body));
  });
}

/** A fake Waftpay whose status query knows one payment per reference, as a test sets them. */
async function waftpayKnowing(): Promise<FakeWaftpay & { payments: Map<string, Record<string, unknown>> }> {
  const payments = new Map<string, Record<string, unknown>>();
  const fake = await fakeWaftpay();
  fake.on('query', (request) => {
    const wanted = request.body as Record<string, string>;
    const found = [...payments.values()].find(
      (payment) =>
        payment.payment_uuid === wanted.payment_uuid ||
        payment.transaction_reference === wanted.transaction_reference,
    );
    return found
      ? { json: { ...statusReply, data: { ...statusReply.data, ...found } } }
      : { status: 404, json: { status: 'NOT_FOUND', code: '404', description: 'No payment found' } };
  });
  return Object.assign(fake, { payments });
}

const withLimits = (
  limits: Partial<{ orders: Partial<ShopLimits['orders']>; clients: Partial<ShopLimits['clients']> }>,
) => ({
  orders: { ...roomyLimits.orders, ...limits.orders },
  clients: { ...roomyLimits.clients, ...limits.clients },
});

describe('finding: any webhook body made the shop spend a status query', () => {
  let waftpay: Awaited<ReturnType<typeof waftpayKnowing>>;
  let merchant: TestShop;
  before(async () => {
    waftpay = await waftpayKnowing();
    merchant = await shop(waftpay.baseUrl);
  });
  after(async () => {
    await merchant.close();
    await waftpay.close();
  });

  test('40 well-formed bodies for references the shop never issued: 40 refusals, no status query', async () => {
    const before = merchant.statusQueries;
    for (let i = 0; i < 40; i++) {
      const response = await postFrom(
        '127.0.0.2',
        `${merchant.url}/webhooks/waftpay`,
        forgedWebhook(`CHK-RANDOM-${i}`, { paymentUuid: `7${i}`.padEnd(18, '0') }),
      );
      assert.equal(response.status, 400);
    }
    assert.equal(merchant.statusQueries, before);
  });

  test('for an order the shop holds: a PENDING, or an outcome for an order already settled, is not asked about', async () => {
    const { orderId } = await createOrder(merchant);
    const reference = (await merchant.orders.get(orderId))!.checkoutReference;
    const before = merchant.statusQueries;
    assert.equal((await deliver(merchant, forgedWebhook(reference, { status: 'PENDING' }))).status, 200);
    assert.equal(merchant.statusQueries, before);
    waftpay.payments.set(reference, {
      transaction_reference: reference,
      payment_uuid: '800000000000000001',
      amount: 1750,
      state: 'failed',
    });
    assert.equal(
      (
        await deliver(
          merchant,
          forgedWebhook(reference, { status: 'FAILED', paymentUuid: '800000000000000001' }),
        )
      ).status,
      200,
    );
    assert.equal(merchant.statusQueries, before + 1);
    for (const status of ['FAILED', 'EXPIRED', 'PENDING'])
      await deliver(merchant, forgedWebhook(reference, { status, paymentUuid: '800000000000000002' }));
    assert.equal(merchant.statusQueries, before + 1, 'a settled order learns nothing from them');
  });

  test('one payment is asked about at most once within the back-off, however often its webhook comes', async () => {
    const { orderId } = await createOrder(merchant);
    const reference = (await merchant.orders.get(orderId))!.checkoutReference;
    waftpay.payments.set(reference, {
      transaction_reference: reference,
      payment_uuid: '800000000000000003',
      amount: 1750,
      state: 'processing',
    });
    const before = merchant.statusQueries;
    const body = forgedWebhook(reference, { paymentUuid: '800000000000000003' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(merchant, body)));
    for (let i = 0; i < 10; i++) await deliver(merchant, body);
    assert.deepEqual([...new Set(answers.map((answer) => answer.status))], [400]);
    assert.equal(merchant.statusQueries - before, 1);
  });

  test('every refusal is answered alike, whatever the reason', async () => {
    const { orderId } = await createOrder(merchant);
    const reference = (await merchant.orders.get(orderId))!.checkoutReference;
    const wrongHash = forgedWebhook(reference);
    wrongHash.results.validation_hash = '0'.repeat(64);
    waftpay.payments.set('other', {
      transaction_reference: 'CHK-SOMEONE-ELSE',
      payment_uuid: '800000000000000009',
      amount: 1750,
      state: 'succeeded',
    });
    const refusals = [
      ['malformed', { status: 'SUCCESS' }],
      ['a hash that does not match', wrongHash],
      ['a reference nobody issued', forgedWebhook('CHK-NOBODY')],
      ['a payment Waftpay does not know', forgedWebhook(reference, { paymentUuid: '800000000000000004' })],
      ['another order’s payment', forgedWebhook(reference, { paymentUuid: '800000000000000009' })],
      [
        'that payment again, within the back-off',
        forgedWebhook(reference, { paymentUuid: '800000000000000004' }),
      ],
    ] as const;
    const seen = new Set<string>();
    for (const [why, body] of refusals) {
      const response = await deliver(merchant, body);
      seen.add(`${response.status} ${await response.text()}`);
      assert.equal(seen.size, 1, `${why}: ${[...seen].join(' | ')}`);
    }
    // Waftpay down: the same answer (Waftpay delivers again after anything but a 2xx).
    waftpay.on('query', () => ({ status: 503, text: 'down' }));
    try {
      const response = await deliver(
        merchant,
        forgedWebhook(reference, { paymentUuid: '800000000000000005' }),
      );
      seen.add(`${response.status} ${await response.text()}`);
      assert.equal(seen.size, 1, [...seen].join(' | '));
      assert.deepEqual([...seen], ['400 {"received":false}']);
    } finally {
      merchant.logs.length = 0;
    }
  });

  test('webhooks are limited per client: past its burst one address is refused without a look; another is not', async () => {
    const limited = await shop(waftpay.baseUrl, {
      limits: withLimits({ clients: { webhooks: { burst: 5, perMinute: 1 } } }),
    });
    try {
      const { orderId } = await createOrder(limited);
      const reference = (await limited.orders.get(orderId))!.checkoutReference;
      const pending = forgedWebhook(reference, { status: 'PENDING' });
      const from = async (address: string) =>
        (await postFrom(address, `${limited.url}/webhooks/waftpay`, pending)).status;
      for (let i = 0; i < 5; i++) assert.equal(await from('127.0.0.3'), 200);
      assert.equal(await from('127.0.0.3'), 400);
      assert.ok(limited.logs.some((line) => line.includes('too many from 127.0.0.3')));
      assert.equal(await from('127.0.0.4'), 200);
    } finally {
      await limited.close();
    }
  });

  test('a flood of webhooks against a throttled Waftpay leaves checkout working', async () => {
    // Waftpay answers 429 once it has been asked 10 things (a sandbox's throttle, for one merchant).
    const throttled = await fakeWaftpay();
    let asked = 0;
    const throttle = (reply: unknown) => () =>
      ++asked > 10
        ? { status: 429, json: { error: 'invalid_request', message: 'slow down' } }
        : { json: reply };
    throttled.on('query', throttle(statusReply));
    throttled.on('checkout', throttle(checkoutReply));
    const merchantOf = await shop(throttled.baseUrl);
    try {
      for (let i = 0; i < 40; i++) await deliver(merchantOf, forgedWebhook(`CHK-FLOOD-${i}`));
      await createOrder(merchantOf);
      assert.equal(asked, 1, 'the flood cost Waftpay nothing');
    } finally {
      await merchantOf.close();
      await throttled.close();
    }
  });
});

describe('finding: POST /api/orders had no limit, so one number could be sent prompt after prompt', () => {
  let waftpay: FakeWaftpay;
  before(async () => {
    // Sessions that expire in 30 minutes, as Waftpay's do (the documents' example has long expired).
    waftpay = await fakeWaftpay({
      checkout: () => ({
        json: {
          ...checkoutReply,
          data: { ...checkoutReply.data, expires_at: new Date(Date.now() + 1_800_000).toISOString() },
        },
      }),
    });
  });
  after(() => waftpay.close());

  const order = (merchant: TestShop, from: string, msisdn: string, cookie?: string) =>
    postFrom(from, `${merchant.url}/api/orders`, { msisdn }, cookie ? { cookie } : {});

  test('25 orders for one victim’s number, from many addresses and no cookie: 3 reach Waftpay (3 open at most)', async () => {
    const merchant = await shop(waftpay.baseUrl, {
      limits: { ...defaultLimits, clients: roomyLimits.clients },
    });
    try {
      const before = waftpay.count('checkout');
      const answers = [];
      for (let i = 0; i < 25; i++) answers.push(await order(merchant, `127.0.1.${i + 1}`, '254799000001'));
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [...Array(3).fill(201), ...Array(22).fill(429)],
      );
      assert.equal(waftpay.count('checkout') - before, 3);
      assert.deepEqual(JSON.parse(answers[3].body), {
        error:
          'This number has payment requests waiting, or has had many. Approve or decline them on your phone, or try again later.',
        code: 'number-busy',
      });
      assert.equal(
        (await order(merchant, '127.0.1.1', '254799000002')).status,
        201,
        'another number is served',
      );
    } finally {
      await merchant.close();
    }
  });

  test('at most so many orders for one number within the window, open or not', async () => {
    const merchant = await shop(waftpay.baseUrl, {
      limits: withLimits({ orders: { openPerNumber: 100, perNumber: 4 } }),
    });
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await order(merchant, '127.0.2.1', '254799000003')).status);
      assert.deepEqual(statuses, [201, 201, 201, 201, 429, 429]);
    } finally {
      await merchant.close();
    }
  });

  test('orders per browser (its cookie), whatever the number', async () => {
    const merchant = await shop(waftpay.baseUrl, { limits: withLimits({ orders: { perCustomer: 3 } }) });
    try {
      const first = await order(merchant, '127.0.3.1', '254799000010');
      const cookie = String(first.headers['set-cookie']).split(';')[0];
      const statuses = [first.status];
      for (let i = 1; i < 5; i++)
        statuses.push((await order(merchant, '127.0.3.1', `25479900001${i}`, cookie)).status);
      assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    } finally {
      await merchant.close();
    }
  });

  test('orders per client address: past its burst an address waits (429, Retry-After); another is served', async () => {
    const merchant = await shop(waftpay.baseUrl, {
      limits: withLimits({ clients: { orders: { burst: 5, perMinute: 1 } } }),
    });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++)
        statuses.push(await order(merchant, '127.0.4.1', `2547990001${String(i).padStart(2, '0')}`));
      assert.deepEqual(
        statuses.map((answer) => answer.status),
        [201, 201, 201, 201, 201, 429, 429],
      );
      assert.equal(JSON.parse(statuses[5].body).code, 'too-many-requests');
      assert.ok(Number(statuses[5].headers['retry-after']) >= 1);
      assert.equal((await order(merchant, '127.0.4.2', '254799000200')).status, 201);
    } finally {
      await merchant.close();
    }
  });
});

describe('finding: the orders’ database was served through Vite’s /@fs/, and from a data folder in the repository', () => {
  test('no path with a dot segment anywhere reaches the page server, however spelled', async () => {
    const waftpay = await fakeWaftpay();
    const { pages, served } = pagesServingAnything();
    const merchant = await shop(waftpay.baseUrl, { pages });
    try {
      for (const path of [
        `/@fs${root}/.data/orders.sqlite`,
        `/@fs${root}/%2Edata/orders.sqlite`,
        '/demo/.data/orders.sqlite',
        '/node_modules/.vite/deps/lit.js',
        '/demo/%2e%2e/.env',
        '/demo/..%2F.git/config',
        '/demo/..%5C.git/config',
        '/@fs/home/shop/.waftpay-checkout-demo/orders.sqlite',
      ]) {
        assert.equal(
          (
            await rawRequest(merchant.url, `GET ${path} HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n`)
          ).split(' ')[1],
          '404',
          path,
        );
      }
      assert.equal((await fetch(`${merchant.url}/demo/storefront.ts`)).status, 200);
      assert.deepEqual(served, ['/demo/storefront.ts']);
    } finally {
      await merchant.close();
      await waftpay.close();
    }
  });

  test(
    'the demo with its data folder inside the repository, and a .data folder left there: neither is served',
    { timeout: 60_000 },
    async () => {
      const inside = mkdtempSync(join(root, 'shop-data-'));
      const leftover = mkdtempSync(join(root, '.data-'));
      writeFileSync(join(leftover, 'orders.sqlite'), 'phone numbers');
      mkdirSync(join(root, 'node_modules'), { recursive: true });
      const demo = await startDemo({
        port: 0,
        sandboxPort: 0,
        dataDir: inside,
        log: () => undefined,
        viteCacheDir: newDataDir(),
      });
      try {
        await createOrder(demo.shop);
        const status = async (path: string) => (await fetch(`${demo.shop.url}${path}`)).status;
        const name = inside.slice(root.length);
        for (const path of [
          `${name}/orders.sqlite`,
          `${name}/orders.sqlite-wal`,
          `/@fs${inside}/orders.sqlite`,
          `/@fs${leftover}/orders.sqlite`,
          `${leftover.slice(root.length)}/orders.sqlite`,
          `${name}/orders.sqlite?raw`,
          `${name}/orders.sqlite?import`,
        ]) {
          const answer = await status(path);
          assert.ok(answer === 403 || answer === 404, `${path}: ${answer}`);
        }
        assert.equal(await status('/'), 200);
      } finally {
        await demo.close();
        rmSync(inside, { recursive: true, force: true });
        rmSync(leftover, { recursive: true, force: true });
      }
    },
  );
});

describe('finding: connections that send headers and no body stayed open for 70 s', () => {
  const connections = { headersTimeoutMs: 400, requestTimeoutMs: 800 };
  let waftpay: FakeWaftpay;
  let merchant: TestShop;
  before(async () => {
    waftpay = await fakeWaftpay();
    merchant = await shop(waftpay.baseUrl, { connections });
  });
  after(async () => {
    await merchant.close();
    await waftpay.close();
  });

  interface Held {
    socket: Socket;
    closed: () => boolean;
    answer: () => string;
  }

  /** A connection from `localAddress` that sends `bytes` and then nothing; resolves when it is open. */
  function slow(localAddress: string, bytes: string, url = merchant.url): Promise<Held> {
    const { port } = new URL(url);
    return new Promise((resolve, reject) => {
      let closed = false;
      let answer = '';
      const socket = connect({ port: Number(port), host: '127.0.0.1', localAddress }, () => {
        socket.write(bytes);
        resolve({ socket, closed: () => closed, answer: () => answer });
      });
      socket.on('data', (chunk) => (answer += String(chunk)));
      socket.on('close', () => (closed = true));
      socket.on('error', () => undefined);
      socket.once('error', reject);
    });
  }

  test('headers then no body, and no headers at all: each connection is closed within the timeouts', async () => {
    const held: Held[] = [];
    for (let i = 0; i < 5; i++)
      held.push(
        await slow(
          `127.0.5.${i + 1}`,
          'POST /api/orders HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
        ),
      );
    for (let i = 0; i < 5; i++) held.push(await slow(`127.0.6.${i + 1}`, 'GET / HTTP/1.1\r\nHost: sh'));
    await eventually(
      'every slow connection closed',
      async () => held.every((connection) => connection.closed()),
      10_000,
    );
    assert.match(held[0].answer(), /^HTTP\/1\.1 408 /);
  });

  test('one client holds at most its share of connections; another is still served', async () => {
    // Timeouts far longer than the test's patience: only the cap closes a connection here.
    const capped = await shop(waftpay.baseUrl, {
      connections: { maxConnectionsPerClient: 10, headersTimeoutMs: 600_000, requestTimeoutMs: 600_000 },
    });
    const held: Held[] = [];
    try {
      for (let i = 0; i < 10; i++) held.push(await slow('127.0.7.1', '', capped.url));
      const over = await slow('127.0.7.1', '', capped.url);
      await eventually('the eleventh connection closed', async () => over.closed());
      assert.ok(held.every((connection) => !connection.closed()));
      assert.equal(
        (await postFrom('127.0.7.2', `${capped.url}/api/orders`, { msisdn: '254799000300' })).status,
        201,
      );
    } finally {
      for (const connection of held) connection.socket.destroy();
      await capped.close();
    }
  });
});

describe('finding: the demo sent no policy, and its customer cookie had no __Host- prefix', () => {
  let waftpay: FakeWaftpay;
  before(async () => {
    waftpay = await fakeWaftpay();
  });
  after(() => waftpay.close());

  test('every answer carries the policy: frame-ancestors, and frames only of the shop and the checkout', async () => {
    const pages = ((_request: unknown, response: import('node:http').ServerResponse) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>')) as never;
    const merchant = await shop(waftpay.baseUrl, { pages, checkoutOrigins: ['http://localhost:5174'] });
    try {
      for (const path of ['/', '/return/success?order=ORDER-1', '/api/orders/ORDER-NONE']) {
        const policy = (await fetch(`${merchant.url}${path}`)).headers.get('content-security-policy') ?? '';
        assert.match(policy, /frame-ancestors 'self'/, path);
        assert.match(policy, /frame-src 'self' http:\/\/localhost:5174(;|$)/, path);
        assert.match(policy, /script-src 'self'(;|$)/, path);
        assert.match(policy, /object-src 'none'/, path);
      }
    } finally {
      await merchant.close();
    }
  });

  test('over https the cookie is __Host-shop_customer (Secure, Path=/, no Domain); a cookie without the prefix is nobody’s', async () => {
    const merchant = await shop(waftpay.baseUrl, { publicUrl: 'https://shop.example' });
    try {
      const first = await fetch(`${merchant.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: '254799000400' }),
      });
      const setCookie = first.headers.get('set-cookie') ?? '';
      assert.match(
        setCookie,
        /^__Host-shop_customer=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure$/,
      );
      const id = setCookie.split(';')[0].split('=')[1];
      const { orderId } = (await first.json()) as { orderId: string };
      const as = async (cookie: string) =>
        (await (await fetch(`${merchant.url}/api/orders/${orderId}`, { headers: { cookie } })).json()) as {
          msisdn?: string;
        };
      assert.equal((await as(`__Host-shop_customer=${id}`)).msisdn, '254799000400');
      // Set by a sibling host or over plain http, a cookie without the prefix proves nothing.
      assert.equal((await as(`shop_customer=${id}`)).msisdn, undefined);
    } finally {
      await merchant.close();
    }
  });

  test('on plain-http loopback (WebKit keeps no Secure cookie there) it is shop_customer, without Secure', async () => {
    const merchant = await shop(waftpay.baseUrl);
    try {
      const first = await fetch(`${merchant.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: '254799000401' }),
      });
      assert.match(
        first.headers.get('set-cookie') ?? '',
        /^shop_customer=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/,
      );
    } finally {
      await merchant.close();
    }
  });
});
