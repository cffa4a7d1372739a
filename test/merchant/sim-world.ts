// The world a simulated schedule runs in: the sandbox on a clock the simulation moves, and two shop
// servers (real HTTP, one real store) behind one webhook address that hands each delivery to
// either of them. A server can be killed at a random point of its work: from then on every call it
// makes to its store or to Waftpay fails, its connections are cut and it stops answering, as a
// process killed mid-request would; restarted, it opens the store again on the same port.
import { mkdtempSync } from 'node:fs';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type StoreOptions } from '../../demo/merchant/open-store.js';
import { startMerchant, type RunningMerchant } from '../../demo/merchant/server.js';
import type { OrderStore } from '../../demo/merchant/store.js';
import type { ManualClock, RunningSandbox } from '../../sandbox/server.js';
import { roomyLimits } from './shop.js';

/** The shop's staff token in the simulation. */
export const staffToken = 'simulated-staff-token';

/** A seeded random source (mulberry32): the same seed, the same choices. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** True with probability `p`. */
    chance: (p: number) => next() < p,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
export type Random = ReturnType<typeof random>;

/** Thrown by a killed server's store and Waftpay calls: what it was doing stops there. */
class Killed extends Error {
  constructor() {
    super('this shop server was killed');
  }
}

/** One shop server of the two: its store handle and HTTP server, which a kill takes down. */
export class SimServer {
  merchant?: RunningMerchant;
  #store?: OrderStore;
  #dead = true;
  /** Store calls left before the kill planned for this server (none planned: Infinity). */
  #killAfter = Infinity;
  port = 0;
  kills = 0;
  /** Makes each order's `checkout_reference` (the simulation's, so that faults replay from the seed). */
  checkoutReference?: () => string;
  /** Asked as each fulfilment runs, whether the server dies right then (shipping, before it is recorded). */
  dieWhileFulfilling: () => boolean = () => false;
  /** Whether customers must pay the whole amount (Waftpay's `strict_amount`). */
  strictAmount = true;
  #closing?: Promise<void>;
  /** The lines this server logged, across restarts. */
  readonly logs: string[] = [];

  constructor(
    readonly name: string,
    private readonly place: StoreOptions,
    private readonly clock: ManualClock,
    private readonly waftpay: { baseUrl: string; consumerKey: string },
    private readonly publicUrl: string,
    /** Every server's lines, in the order they were logged, each after its server's name. */
    private readonly sink: string[] = [],
  ) {}

  get alive(): boolean {
    return !this.#dead;
  }

  /** Kills the server after `calls` more calls to its store (0: now). */
  planKill(calls: number): void {
    this.#killAfter = calls;
    if (calls <= 0) this.kill();
  }

  kill(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#killAfter = Infinity;
    this.kills++;
    const merchant = this.merchant as RunningMerchant & { server?: Server };
    this.merchant = undefined;
    // Its connections cut, its port freed; its work in progress fails at its next call.
    this.#closing = merchant?.close().catch(() => undefined);
  }

  async start(): Promise<void> {
    await this.#closing;
    const store = await openStore(this.place);
    this.#store = store;
    this.#dead = false;
    const guard = <T>(work: () => Promise<T>): Promise<T> => {
      if (this.#dead || this.#store !== store) return Promise.reject(new Killed());
      if (--this.#killAfter <= 0) {
        this.kill();
        return Promise.reject(new Killed());
      }
      return work().then((result) => {
        if (this.#store !== store || this.#dead) throw new Killed();
        return result;
      });
    };
    const killable = new Proxy(store, {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function' || key === 'close') return value;
        return (...args: unknown[]) =>
          guard(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      },
    });
    this.merchant = await startMerchant({
      port: this.port,
      publicUrl: this.publicUrl,
      store: killable,
      clock: this.clock,
      log: (line) => {
        this.logs.push(line);
        this.sink.push(`${this.name}: ${line}`);
      },
      limits: roomyLimits,
      reconcileEveryMs: 0,
      fulfilEveryMs: 0,
      fulfilmentLeaseMs: 60_000,
      fulfil: async (order) => {
        if (this.dieWhileFulfilling()) this.kill();
        // The parcel goes out (an action keyed by the order), then the store records it: a server
        // that dies in between leaves the fulfilment due, for a server to finish once its lease ends.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.#dead) throw new Killed();
        return `parcel for ${order.id}`;
      },
      serverId: `${this.name}-${this.kills}`,
      adminToken: staffToken,
      newCheckoutReference: this.checkoutReference,
      strictAmount: this.strictAmount,
      waftpay: {
        ...this.waftpay,
        consumerSecret: 'secret',
        fetch: (input, init) => (this.#dead ? Promise.reject(new Killed()) : fetch(input, init)),
      },
    });
    this.port = Number(new URL(this.merchant.url).port);
  }

  /** Waits for the work it started by itself (fulfilment) to end. */
  async settle(): Promise<void> {
    await this.merchant?.shop.settle();
  }

  /** Stops it for good (its store handle closed). */
  async close(): Promise<void> {
    const merchant = this.merchant;
    this.#dead = true;
    this.merchant = undefined;
    await merchant?.close().catch(() => undefined);
    await this.#store?.close().catch(() => undefined);
  }

  /** Closes a killed server's store handle (its work has failed by now). */
  async release(): Promise<void> {
    await this.#closing;
    await this.#store?.close().catch(() => undefined);
    this.#store = undefined;
  }
}

/**
 * Where Waftpay sends the shops' webhooks: each delivery goes to one of the servers that is
 * alive, chosen by `choose`; with none alive it is answered 503 (Waftpay tries again later).
 */
export async function webhookRouter(servers: () => SimServer[], choose: (alive: SimServer[]) => SimServer) {
  const server = createServer((incoming, outgoing) => {
    const alive = servers().filter((one) => one.alive && one.merchant);
    if (alive.length === 0) {
      incoming.resume();
      return void outgoing.writeHead(503).end();
    }
    const target = choose(alive).merchant as RunningMerchant;
    const passed = forward(
      `${target.url}${incoming.url}`,
      { method: incoming.method, headers: incoming.headers },
      (reply) => {
        outgoing.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(outgoing);
      },
    );
    passed.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(passed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh SQLite folder for one schedule. */
export const sqlitePlace = (): StoreOptions => ({ dataDir: mkdtempSync(join(tmpdir(), 'waftpay-sim-')) });

export type { ManualClock, RunningSandbox };
