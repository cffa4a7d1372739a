import type { Clock } from './clock.js';
import type { Order, OrderStore } from './store.js';

/**
 * What the shop does for a paid order; what it returns is kept as the fulfilment's record. It
 * runs at least once and is recorded exactly once: a shop server that dies while it runs leaves
 * the fulfilment due, and another (or the same, restarted) runs it again once its lease ends. So
 * anything it does outside the store must be keyed by the order's id (an idempotency key), so
 * that a second run does nothing twice.
 */
export type FulfilAction = (order: Order) => Promise<string>;

/** The demo's fulfilment: the basket goes on the packing list (its record is the whole action). */
export const packBasket: FulfilAction = async (order) =>
  `basket of ${order.currency} ${order.amount} packed for ${order.msisdn.slice(0, 6)}…${order.msisdn.slice(-2)}`;

export interface FulfilmentOptions {
  readonly store: OrderStore;
  readonly clock: Clock;
  /** This shop server, as the store names who holds a fulfilment and who finished it. */
  readonly serverId: string;
  /** How long a claim keeps other servers off a fulfilment. */
  readonly leaseMs: number;
  readonly fulfil: FulfilAction;
  readonly log: (line: string) => void;
}

/**
 * Finishes the fulfilments that are due: claims them (so two servers do not run one at once),
 * runs the action, and records it done, if this server still holds it. The fulfilment was made
 * due in the same transaction that made the order PAID, so none is ever lost.
 */
export function fulfilmentWorker(options: FulfilmentOptions): {
  run(): Promise<number>;
  /** The pass under way, if any. */
  idle(): Promise<unknown>;
} {
  const { store, clock, serverId, leaseMs, fulfil, log } = options;

  async function finish(orderId: string): Promise<boolean> {
    const order = await store.get(orderId);
    if (!order) return false;
    let note: string;
    try {
      note = await fulfil(order);
    } catch (error) {
      log(`order ${orderId}: fulfilment failed, tried again when its lease ends: ${String(error)}`);
      return false;
    }
    if (!(await store.completeFulfilment(orderId, serverId, clock.now(), note))) {
      log(`order ${orderId}: fulfilment finished by another server`);
      return false;
    }
    log(`order ${orderId}: fulfilled (${note})`);
    return true;
  }

  async function pass(): Promise<number> {
    let finished = 0;
    for (;;) {
      const at = clock.now();
      const claimed = await store.claimFulfilments(serverId, at, at + leaseMs, 20);
      if (claimed.length === 0) return finished;
      for (const orderId of claimed) if (await finish(orderId)) finished++;
    }
  }

  // One pass at a time in this server; a call during a pass asks for one more after it.
  let running: Promise<number> | undefined;
  let again = false;
  function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let finished = 0;
      do {
        again = false;
        finished += await pass();
      } while (again);
      return finished;
    })().finally(() => (running = undefined));
    return running;
  }
  return { run, idle: () => running ?? Promise.resolve() };
}
