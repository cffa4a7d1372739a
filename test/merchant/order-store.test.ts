// A final status is never overwritten, even by another process sharing the database: the guard
// is in the UPDATE itself, not in a read before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OrderStore } from '../../demo/merchant/orders.js';
import { newDataDir } from './shop.js';

/** Starts a process that settles `ids` as `status`, once told to go; resolves with those it changed. */
function settler(dataDir: string, status: 'PAID' | 'FAILED', ids: string[]) {
  const child = fork(fileURLToPath(new URL('./settle-worker.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
  });
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  const done = new Promise<string[]>((resolve, reject) => {
    void ready.then(() => child.once('message', (applied) => resolve(applied as string[])));
    child.once('error', reject);
  });
  return { ready, go: () => child.send({ dataDir, status, ids }), done };
}

test('two processes settle the same 2 000 orders at once, one PAID, one FAILED: each order is settled once', async () => {
  const dataDir = newDataDir();
  const orders = new OrderStore(dataDir);
  const ids = Array.from({ length: 2000 }, (_, i) => `ORDER-${String(i).padStart(4, '0')}`);
  for (const id of ids)
    orders.create({
      id,
      checkoutReference: `CHK-${id}`,
      amount: 1750,
      currency: 'KES',
      msisdn: '254712345678',
      mode: 'iframe',
    });
  const processes = [settler(dataDir, 'PAID', ids), settler(dataDir, 'FAILED', ids)];
  // Both loaded (the slow part) before either starts, so they really run at the same time.
  await Promise.all(processes.map((child) => child.ready));
  for (const child of processes) child.go();
  const [paid, failed] = await Promise.all(processes.map((child) => child.done));
  const both = paid.filter((id) => failed.includes(id));
  assert.deepEqual(both, [], 'no order was settled twice');
  assert.equal(paid.length + failed.length, ids.length);
  for (const id of ids) {
    const order = orders.get(id)!;
    assert.equal(order.status, paid.includes(id) ? 'PAID' : 'FAILED');
    assert.equal(order.paymentUuid, `${order.status}-${id}`);
  }
  orders.close();
});
