// Two shop servers (two real processes) sharing one store behave as one: Waftpay's webhooks, each
// delivered twice, land on either; some never arrive at all; both reconcile on their timers at the
// same moment. Every order ends as the sandbox recorded it, settled once, and each paid one is
// fulfilled once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { freePort, startShopProcess, type ShopProcess } from './shop-processes.js';
import { createOrder, eventually, newDataDir, sandbox, sandboxAction, sandboxPayment } from './shop.js';
import { open, storeKinds } from './stores.js';

/**
 * Where Waftpay delivers the shops' webhooks: each delivery goes to the next server in turn
 * (duplicates of one webhook land on both, the first copy on either), except those for `lost`
 * references, which are answered 503 and never passed on.
 */
async function webhookSplitter() {
  const splitter = { targets: [] as string[], lost: new Set<string>(), url: '', close: async () => {} };
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const reference = (JSON.parse(body.toString()) as { results?: { transaction_reference?: string } })
        .results?.transaction_reference;
      if (reference && splitter.lost.has(reference)) return void outgoing.writeHead(503).end();
      // A, B, B, A, A, B…: the two copies of a webhook land on both servers, and which one gets
      // the first copy (and so most often settles the order) changes from one webhook to the next.
      const turn = next++;
      const target = splitter.targets[(turn + (turn >> 1)) % splitter.targets.length];
      const passed = forward(
        `${target}${incoming.url}`,
        { method: 'POST', headers: incoming.headers },
        (reply) => {
          outgoing.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(outgoing);
        },
      );
      passed.on('error', () => outgoing.writeHead(502).end());
      passed.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  splitter.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  splitter.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return splitter;
}

for (const kind of storeKinds()) {
  describe(`two shop servers on one ${kind.name}`, () => {
    test('webhooks (each twice) on either, some lost, reconciliation on both at once: each order settled once, each paid one fulfilled once', async () => {
      const waftpay = await sandbox({ duplicateWebhooks: true, webhookRetryMs: 100 });
      const splitter = await webhookSplitter();
      const place = await kind.place();
      const actionsFile = join(newDataDir(), 'actions.log');
      const servers: ShopProcess[] = [];
      const store = await open(place);
      try {
        for (const serverId of ['left', 'right'])
          servers.push(
            await startShopProcess({
              place,
              waftpayBaseUrl: waftpay.apiBaseUrl,
              port: await freePort(),
              serverId,
              actionsFile,
              // Longer than the clocks are moved on: a lease one server took just before its
              // clock moved is never seen run out by the other just after.
              fulfilmentLeaseMs: 60 * 60_000,
              publicUrl: splitter.url,
              reconcileEveryMs: 100,
              reconcileGraceMs: 0,
            }),
          );
        splitter.targets = servers.map((server) => server.url);
        // 24 orders, made on either server, each session expiring 20 minutes on: approved, declined,
        // approved with every webhook lost, and never answered.
        const outcomes = ['approve', 'decline', 'approve-lost', 'unanswered'] as const;
        const orders: Array<{ id: string; reference: string; outcome: (typeof outcomes)[number] }> = [];
        for (let i = 0; i < 24; i++) {
          const { orderId } = await createOrder(servers[i % 2], '254712345678', { expiresInSeconds: 1200 });
          orders.push({
            id: orderId,
            reference: (await store.get(orderId))!.checkoutReference,
            outcome: outcomes[i % 4],
          });
        }
        for (const { reference, outcome } of orders) {
          if (outcome === 'approve-lost') splitter.lost.add(reference);
          if (outcome.startsWith('approve')) await sandboxAction(waftpay, reference, 'approve');
          if (outcome === 'decline') await sandboxAction(waftpay, reference, 'decline');
        }
        /** Whether each order whose outcome is one of `outcomes` is settled, and each paid one fulfilled. */
        const done = async (...outcomes: string[]) => {
          for (const { id } of orders.filter((order) => outcomes.includes(order.outcome))) {
            const order = await store.get(id);
            if (order?.status === 'CREATED') return false;
            if (order?.status === 'PAID' && (await store.fulfilment(id))?.state !== 'done') return false;
          }
          return true;
        };
        const output = () => servers.map((server) => server.output()).join('');
        await eventually('the answered orders settled, and each paid one fulfilled', () =>
          done('approve', 'decline'),
        );
        // The sessions' 20 minutes pass (on the machine's clock, the test would wait for them, and
        // race them): the unanswered sessions end at the sandbox, then the shops' clocks pass their
        // expiry; the EXPIRED webhooks race both shops' reconciliation, which now asks about every
        // order still open.
        for (const { reference, outcome } of orders)
          if (outcome === 'unanswered') await sandboxAction(waftpay, reference, 'expire');
        for (const server of servers) await server.moveClock(21 * 60_000);
        await eventually(
          'every order settled, and every paid one fulfilled',
          () => done(...outcomes),
          90_000,
        );
        const expected = {
          approve: 'PAID',
          decline: 'FAILED',
          'approve-lost': 'PAID',
          unanswered: 'EXPIRED',
        };
        for (const { id, reference, outcome } of orders) {
          const order = await store.get(id);
          assert.equal(order?.status, expected[outcome], `${id} (${outcome})`);
          const recorded = (await sandboxPayment(waftpay, reference)).state;
          assert.equal(recorded, outcome.startsWith('approve') ? 'succeeded' : 'failed');
          assert.equal(order?.verifiedBy, outcome === 'approve-lost' ? 'status-query' : order?.verifiedBy);
          const settledLines = output()
            .split('\n')
            .filter((line) => line.startsWith(`order ${id}: ${order?.status} (from`));
          assert.equal(settledLines.length, 1, `${id} settled once, by one server`);
          assert.equal(order?.attention, null, `${id} needs no one`);
        }
        const paid = orders.filter(({ outcome }) => outcome.startsWith('approve')).map(({ id }) => id);
        const runs = readFileSync(actionsFile, 'utf8').trim().split('\n');
        assert.deepEqual(
          runs.map((run) => run.split(' ')[0]).sort(),
          [...paid].sort(),
          'one action per paid order',
        );
        for (const id of paid) assert.equal((await store.fulfilment(id))?.attempts, 1);
        // Both servers took webhooks (the splitter alternates). Both reconcile every 100 ms, but
        // which of them claims an order's query is a race (a busy machine may let one take all), so
        // the check is that reconciliation did the work, whichever server did it.
        for (const server of servers) assert.match(server.output(), /\(from a confirmed webhook\)/);
        assert.match(output(), /reconciliation: \{"checked":[1-9]/);
      } finally {
        for (const server of servers) await server.kill();
        await store.close();
        await splitter.close();
        await waftpay.close();
      }
    });
  });
}
