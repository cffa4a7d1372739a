// 6. The sandbox's Create Checkout Request, and the demo shop's webhook under duplicate deliveries,
// loaded on loopback with autocannon, each against the floor: a minimal Node server that reads and
// parses the same JSON and answers.
import autocannon from 'autocannon';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMerchant } from '../demo/merchant/server.ts';
import { startSandbox } from '../dist/sandbox/server.js';
import { ratio } from './stats.mjs';

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

export async function measureServers({ quick }) {
  const duration = quick ? 2 : 5;
  const floor = await floorServer();
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', log: () => undefined });
  const dataDir = mkdtempSync(join(tmpdir(), 'waftpay-bench-'));
  const shop = await startMerchant({
    port: 0,
    dataDir,
    waftpay: { baseUrl: sandbox.apiBaseUrl, consumerKey: 'bench', consumerSecret: 'bench' },
    log: () => undefined,
  });
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

    // One real order, one valid webhook for it, delivered over and over.
    const order = await (
      await fetch(`${shop.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: '254712345678' }),
      })
    ).json();
    const reference = shop.orders.get(order.orderId).checkoutReference;
    const paymentUuid = randomUUID();
    const hash = createHash('sha256').update(`1750${reference}${paymentUuid}42`).digest('hex');
    const webhook = JSON.stringify({
      status: 'SUCCESS',
      code: '102',
      description: 'Payment successful',
      results: {
        amount: 1750,
        client_reference: reference,
        external_reference: reference,
        payment_uuid: paymentUuid,
        payment_id: '42',
        transaction_reference: 'WTXBENCH',
        validation_hash: hash,
      },
    });
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
    const settled = shop.orders.get(order.orderId);
    const created = summary(create);
    const delivered = summary(duplicates);
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
    };
  } finally {
    await shop.close();
    await sandbox.close();
    await floor.close();
  }
}
