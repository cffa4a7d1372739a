// Fulfilment exactly once: a shop server killed (SIGKILL, a real process) at each point between a
// payment's confirmation and its fulfilment's end, then started again on the same store. The
// order ends PAID and fulfilled once (the store's record, done by one server); the action ran
// again only when the kill came inside it, for the same order (so it is keyed by the order's id).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Sandbox } from '../sandbox/helpers.js';
import type { StopPoint } from './shop-process.js';
import { freePort, startShopProcess } from './shop-processes.js';
import { createOrder, eventually, newDataDir, sandbox, sandboxAction } from './shop.js';
import { open, storeKinds } from './stores.js';

const points: Record<StopPoint, string> = {
  'before-settling': 'with the payment confirmed, before it is recorded',
  settled: 'with the order recorded PAID, before its webhook is answered and its fulfilment taken on',
  claimed: 'with its fulfilment taken on, before the action',
  'in-action': 'inside the fulfilment action',
  completed: 'with the fulfilment recorded done, before anything else',
};

for (const kind of storeKinds()) {
  describe(`fulfilment exactly once, ${kind.name}: the shop killed between confirmation and fulfilment`, () => {
    let waftpay: Sandbox;
    before(async () => {
      waftpay = await sandbox({ webhookRetryMs: 300 });
    });
    after(() => waftpay.close());

    for (const [stopAt, where] of Object.entries(points) as Array<[StopPoint, string]>) {
      test(`killed ${where}: started again, the order is PAID and fulfilled once`, async () => {
        const place = await kind.place();
        const actionsFile = join(newDataDir(), 'actions.log');
        const config = {
          place,
          waftpayBaseUrl: waftpay.apiBaseUrl,
          port: await freePort(),
          actionsFile,
          fulfilmentLeaseMs: 1000,
        };
        const stopFile = join(newDataDir(), 'stopped');
        const first = await startShopProcess({ ...config, serverId: 'first', stopAt, stopFile });
        const store = await open(place);
        let second;
        try {
          const { orderId } = await createOrder(first);
          const reference = (await store.get(orderId))!.checkoutReference;
          await sandboxAction(waftpay, reference, 'approve');
          assert.equal(await first.stopped(), stopAt);
          await first.kill();
          second = await startShopProcess({ ...config, serverId: 'second' });
          if (stopAt === 'before-settling') {
            // Nothing was recorded: the customer's page asking the shop (a status query) settles it.
            const verify = await fetch(`${second.url}/api/orders/${orderId}/verify`, { method: 'POST' });
            assert.equal(((await verify.json()) as { status: string }).status, 'PAID');
          }
          await eventually(
            `order ${orderId} fulfilled`,
            async () => (await store.fulfilment(orderId))?.state === 'done',
          );
          // Nothing more happens once every lease has ended and the survivor has looked again (a
          // wait that only checks that nothing more happens).
          await new Promise((resolve) => setTimeout(resolve, config.fulfilmentLeaseMs + 500));
          assert.equal((await store.get(orderId))?.status, 'PAID');
          const fulfilment = await store.fulfilment(orderId);
          const by = stopAt === 'completed' ? 'first' : 'second';
          assert.deepEqual([fulfilment?.doneBy, fulfilment?.note], [by, `packed by ${by}`]);
          const runs = readFileSync(actionsFile, 'utf8').trim().split('\n');
          assert.deepEqual(
            runs,
            stopAt === 'in-action' ? [`${orderId} first`, `${orderId} second`] : [`${orderId} ${by}`],
          );
        } finally {
          await first.kill();
          await second?.kill();
          await store.close();
        }
      });
    }
  });
}
