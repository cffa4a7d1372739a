// 6. The sandbox's Create Checkout Request, and the demo shop's webhook under duplicate deliveries,
// loaded on loopback with autocannon, each against the floor: a minimal Node server that reads and
// parses the same JSON and answers. Then genuine webhooks: orders paid through the sandbox's test
// helpers, each webhook delivered by the sandbox and confirmed by the shop with a status query.
// The shop refuses a webhook Waftpay does not know, so every webhook here is one the sandbox sent.
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request as forward } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMerchant } from '../demo/merchant/server.ts';
import { startSandbox } from '../dist/sandbox/server.js';
import { waitFor } from './patience.mjs';
import { ratio } from './stats.mjs';

const lots = { burst: 1e9, perMinute: 1e9 };
const unlimited = {
  orders: { openPerNumber: 1e9, perNumber: 1e9, perCustomer: 1e9, windowMs: 1 },
  clients: { orders: lots, webhooks: lots, verify: lots },
};

function load(options) {
  return new Promise((resolve, reject) =>
    autocannon({ connections: 10, pipelining: 1, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
}

const summary = (result) => ({
  requestsPerSecond: Math.round(result.requests.average),
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
  non2xx: result.non2xx,
  errors: result.errors,
});

/** The floor: read the body, parse it, answer a small JSON. */
async function floorServer() {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      JSON.parse(body);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"code":"200","status":"SUCCESS"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

function checkoutBody(reference) {
  return JSON.stringify({
    customer: { first_name: 'Amina' },
    timestamp: new Date().toISOString(),
    checkout_reference: reference,
    msisdn: '254711223344',
    country: 'KEN',
    currency: 'KES',
    amount: 1750,
    callback_url: 'http://127.0.0.1:9/webhook',
    success_redirect_url: 'http://127.0.0.1:5173/return/success',
    fail_redirect_url: 'http://127.0.0.1:5173/return/fail',
  });
}

/** The shop's orders made by `count` customers, each paid on the "phone" (the sandbox's helper). */
async function payThroughTheSandbox({ shop, sandbox, calls, recorder }, count) {
  // The helpers act for the merchant whose token they are given, with a JSON body.
  const { token } = await (
    await fetch(`${sandbox.apiBaseUrl}/authentication-service/v1/api/generate-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ consumer_key: 'bench', consumer_secret: 'bench' }),
    })
  ).json();
  const orderIds = [];
  for (let i = 0; i < count; i++) {
    const reply = await fetch(`${shop.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msisdn: '254712345678' }),
    });
    orderIds.push((await reply.json()).orderId);
  }
  const before = await shop.orders.count();
  const queriesBefore = calls.statusQueries;
  const webhooksBefore = recorder.bodies.length;
  const started = performance.now();
  const queue = [...orderIds];
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const reference = (await shop.orders.get(id)).checkoutReference;
        const answer = await fetch(
          `${sandbox.apiBaseUrl}/sandbox/v1/sessions/${encodeURIComponent(reference)}/approve`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: '{}',
          },
        );
        if (!answer.ok) throw new Error(`approve ${reference}: HTTP ${answer.status}`);
      }
    }),
  );
  // Done when every order is paid and the sandbox has sent each its two webhooks (PENDING, SUCCESS),
  // after answering the helper.
  const statuses = () => Promise.all(orderIds.map(async (id) => (await shop.orders.get(id)).status));
  const done = async () =>
    recorder.bodies.length - webhooksBefore >= 2 * count &&
    (await statuses()).every((status) => status !== 'CREATED');
  // However long a busy machine takes, while webhooks keep coming.
  await waitFor('the webhooks of the paid orders', { find: done, progress: () => recorder.bodies.length });
  const seconds = (performance.now() - started) / 1000;
  if ((await shop.orders.count()) !== before) throw new Error('a webhook made an order');
  return {
    orderIds,
    seconds: Math.round(seconds * 100) / 100,
    webhooks: recorder.bodies.length - webhooksBefore,
    statusQueries: calls.statusQueries - queriesBefore,
    allPaid: (await statuses()).every((status) => status === 'PAID'),
  };
}

/**
 * Where the sandbox delivers the shop's webhooks: passed on to the shop as they are, and kept, so
 * that a genuine one can be delivered again. The shop's `publicUrl` points here.
 */
async function webhookRecorder() {
  const recorder = { target: '', bodies: [] };
  const server = createServer((incoming, outgoing) => {
    const chunks = [];
    incoming.on('data', (chunk) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      if (incoming.url === '/webhooks/waftpay') recorder.bodies.push(body.toString());
      const passed = forward(
        `${recorder.target}${incoming.url}`,
        { method: incoming.method, headers: incoming.headers },
        (reply) => {
          outgoing.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(outgoing);
        },
      );
      passed.on('error', () => outgoing.writeHead(502).end());
      passed.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${server.address().port}`;
  recorder.close = () => new Promise((done) => server.close(done));
  return recorder;
}

/** The SUCCESS webhook the sandbox sent for the order of `checkoutReference`, once it has come. */
function genuineWebhook(recorder, checkoutReference) {
  return waitFor(`the SUCCESS webhook for ${checkoutReference}`, {
    find: () =>
      recorder.bodies.find((text) => {
        const webhook = JSON.parse(text);
        return webhook.status === 'SUCCESS' && webhook.results?.transaction_reference === checkoutReference;
      }),
    progress: () => recorder.bodies.length,
  });
}

export async function measureServers({ quick }) {
  const duration = quick ? 2 : 5;
  const floor = await floorServer();
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', log: () => undefined });
  const dataDir = mkdtempSync(join(tmpdir(), 'waftpay-bench-'));
  const recorder = await webhookRecorder();
  /** What the shop asked Waftpay: each webhook is confirmed with a status query. */
  const calls = { statusQueries: 0 };
  const shop = await startMerchant({
    port: 0,
    publicUrl: recorder.url,
    dataDir,
    waftpay: {
      baseUrl: sandbox.apiBaseUrl,
      consumerKey: 'bench',
      consumerSecret: 'bench',
      fetch: (input, init) => {
        if (String(input).endsWith('/query/payments')) calls.statusQueries++;
        return fetch(input, init);
      },
    },
    log: () => undefined,
    // The load comes from one address, for one number: no limit of a real shop's may stop it.
    limits: unlimited,
  });
  recorder.target = shop.url;
  const servers = { shop, sandbox, calls, recorder };
  try {
    const token = await (
      await fetch(`${sandbox.apiBaseUrl}/authentication-service/v1/api/generate-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ consumer_key: 'bench', consumer_secret: 'bench' }),
      })
    ).json();
    let counter = 0;
    const create = await load({
      url: `${sandbox.origin}/api/checkout-backend-api/v1/request`,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.token}` },
      setupClient: (client) => client.setBody(checkoutBody(`BENCH-${process.pid}-${counter++}`)),
      requests: [
        { setupRequest: (request) => ({ ...request, body: checkoutBody(`BENCH-${randomUUID()}`) }) },
      ],
    });
    const createFloor = await load({
      url: floor.url,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: checkoutBody('FLOOR'),
    });

    // One real order, paid through the sandbox: its genuine SUCCESS webhook, as the shop recorded
    // it, is then delivered over and over (a duplicate is answered from the shop's database).
    const paid = await payThroughTheSandbox(servers, 1);
    const order = paid.orderIds[0];
    const webhook = await genuineWebhook(recorder, (await shop.orders.get(order)).checkoutReference);
    const duplicates = await load({
      url: `${shop.url}/webhooks/waftpay`,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: webhook,
    });
    const webhookFloor = await load({
      url: floor.url,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: webhook,
    });
    const settled = await shop.orders.get(order);
    const created = summary(create);
    const delivered = summary(duplicates);
    // New orders paid at once, 10 at a time: each a PENDING and a SUCCESS webhook from the sandbox,
    // each confirmed with a status query, recorded and applied in one SQLite transaction.
    const confirmed = await payThroughTheSandbox(servers, quick ? 40 : 200);
    return {
      createCheckout: {
        ...created,
        floor: summary(createFloor),
        ratio: ratio(created.requestsPerSecond, Math.round(createFloor.requests.average)),
      },
      duplicateWebhooks: {
        ...delivered,
        deliveries: duplicates.requests.total,
        orderStatus: settled.status,
        floor: summary(webhookFloor),
        ratio: ratio(delivered.requestsPerSecond, Math.round(webhookFloor.requests.average)),
      },
      confirmedWebhooks: {
        orders: confirmed.orderIds.length,
        webhooks: confirmed.webhooks,
        statusQueries: confirmed.statusQueries,
        seconds: confirmed.seconds,
        ordersPerSecond: Math.round(confirmed.orderIds.length / confirmed.seconds),
        webhooksPerSecond: Math.round(confirmed.webhooks / confirmed.seconds),
        allPaid: confirmed.allPaid,
      },
    };
  } finally {
    await shop.close();
    await sandbox.close();
    await recorder.close();
    await floor.close();
  }
}
