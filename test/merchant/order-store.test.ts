// A final status is never overwritten, even by another process sharing the database: the guard
// is in the UPDATE itself, not in a read before it. On both stores, with two real processes.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { StoreOptions } from '../../demo/merchant/open-store.js';
import { roomyLimits } from './shop.js';
import { newOrder, open, storeKinds } from './stores.js';

/** Starts a process that settles `ids` as `status`, once told to go; resolves with those it changed. */
function settler(place: StoreOptions, status: 'PAID' | 'FAILED', ids: string[]) {
  const child = fork(fileURLToPath(new URL('./settle-worker.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
  });
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  const done = new Promise<string[]>((resolve, reject) => {
    void ready.then(() => child.once('message', (applied) => resolve(applied as string[])));
    child.once('error', reject);
  });
  return { ready, go: () => child.send({ place, status, ids }), done };
}

for (const kind of storeKinds()) {
  describe(kind.name, () => {
    test('two processes settle the same 1 000 orders at once, one PAID, one FAILED: each order is settled once', async () => {
      const place = await kind.place();
      const orders = await open(place);
      const ids = Array.from({ length: 1000 }, (_, i) => `ORDER-${String(i).padStart(4, '0')}`);
      for (const id of ids)
        await orders.create(newOrder(id, Date.now() + 60_000), roomyLimits.orders, Date.now());
      const processes = [settler(place, 'PAID', ids), settler(place, 'FAILED', ids)];
      // Both loaded (the slow part) before either starts, so they really run at the same time.
      await Promise.all(processes.map((child) => child.ready));
      for (const child of processes) child.go();
      const [paid, failed] = await Promise.all(processes.map((child) => child.done));
      const both = paid.filter((id) => failed.includes(id));
      assert.deepEqual(both, [], 'no order was settled twice');
      assert.equal(paid.length + failed.length, ids.length);
      for (const id of ids) {
        const order = (await orders.get(id))!;
        assert.equal(order.status, paid.includes(id) ? 'PAID' : 'FAILED');
        assert.equal(order.paymentUuid, `${order.status}-${id}`);
        assert.equal((await orders.fulfilment(id))?.state, paid.includes(id) ? 'due' : undefined);
      }
      await orders.close();
    });
  });
}
