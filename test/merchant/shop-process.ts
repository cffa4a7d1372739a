// A shop server in a process of its own (fulfilment-crash.test.ts, two-servers.test.ts),
// told by its parent (IPC) where its store, Waftpay and port are. With `stopAt`, it stops dead at
// that point between a payment's confirmation and its fulfilment's end (its store and its
// fulfilment action wrapped, nothing else changed): it writes where to `stopFile` and blocks its
// only thread there, so that nothing more (no timer, no other request) runs before the parent
// kills it. Its fulfilment action writes a line per run to `actionsFile`, as an outside system
// would see it. Its clock is the machine's, until the parent moves it on (`{ aheadMs }`).
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StoreOptions } from '../../demo/merchant/open-store.js';
import { openStore } from '../../demo/merchant/open-store.js';
import { startMerchant } from '../../demo/merchant/server.js';
import type { OrderStore } from '../../demo/merchant/store.js';
import { roomyLimits } from './shop.js';

/** Where a shop can be stopped dead, in the order they come. */
export type StopPoint = 'before-settling' | 'settled' | 'claimed' | 'in-action' | 'completed';

export interface ShopProcessConfig {
  readonly place: StoreOptions;
  readonly waftpayBaseUrl: string;
  readonly port: number;
  readonly serverId: string;
  readonly actionsFile: string;
  readonly stopAt?: StopPoint;
  /** Where it writes the point it stopped at. */
  readonly stopFile?: string;
  readonly fulfilmentLeaseMs: number;
  /** Where Waftpay sends its webhooks (default: this server). */
  readonly publicUrl?: string;
  /** Reconciliation on its timer (default: off). */
  readonly reconcileEveryMs?: number;
  readonly reconcileGraceMs?: number;
}

let stopFile = '';

function stopHere(point: StopPoint): never {
  // Written whole, then named: the parent never reads half of it.
  writeFileSync(`${stopFile}.part`, point);
  renameSync(`${stopFile}.part`, stopFile);
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** The store, stopping dead where `stopAt` says (once a paid order is at that point). */
function stopping(store: OrderStore, stopAt: StopPoint | undefined): OrderStore {
  if (!stopAt) return store;
  return new Proxy(store, {
    get(target, name, receiver) {
      const real = Reflect.get(target, name, receiver);
      if (typeof real !== 'function') return real;
      return async (...args: unknown[]) => {
        const paying =
          name === 'apply' && (args[1] as Parameters<OrderStore['apply']>[1]).settlement?.status === 'PAID';
        if (paying && stopAt === 'before-settling') return stopHere(stopAt);
        const result = await real.apply(target, args);
        if (paying && stopAt === 'settled' && result.applied) return stopHere(stopAt);
        if (name === 'claimFulfilments' && stopAt === 'claimed' && result.length) return stopHere(stopAt);
        if (name === 'completeFulfilment' && stopAt === 'completed' && result) return stopHere(stopAt);
        return result;
      };
    },
  });
}

/** How far its clock is ahead of the machine's: moved by the parent (`{ aheadMs }`), acknowledged. */
let aheadMs = 0;

process.on('message', (message: { aheadMs?: number }) => {
  if (message.aheadMs === undefined) return;
  aheadMs = message.aheadMs;
  process.send?.({ aheadMs });
});

process.once('message', (message) => {
  void (async () => {
    const config = message as ShopProcessConfig;
    stopFile = config.stopFile ?? '';
    const store = stopping(await openStore(config.place), config.stopAt);
    const shop = await startMerchant({
      port: config.port,
      store,
      waftpay: { baseUrl: config.waftpayBaseUrl, consumerKey: 'shop', consumerSecret: 'secret' },
      serverId: config.serverId,
      clock: { now: () => Date.now() + aheadMs },
      log: (line) => process.stdout.write(`${line}\n`),
      limits: roomyLimits,
      publicUrl: config.publicUrl,
      statusBackoffMs: [0],
      reconcileEveryMs: config.reconcileEveryMs ?? 0,
      reconcileGraceMs: config.reconcileGraceMs,
      fulfilEveryMs: 100,
      fulfilmentLeaseMs: config.fulfilmentLeaseMs,
      fulfil: async (order) => {
        appendFileSync(config.actionsFile, `${order.id} ${config.serverId}\n`);
        if (config.stopAt === 'in-action') stopHere('in-action');
        return `packed by ${config.serverId}`;
      },
    });
    process.send?.({ url: shop.url });
  })();
});
