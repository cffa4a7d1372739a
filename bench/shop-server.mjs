// One demo shop server in a process of its own, for the shop section of the bench (shop-load.mjs):
// its own event loop, as a real deployment's, so two servers on one PostgreSQL use the machine as
// two would. Told over IPC where its store and Waftpay are, it reports what its time went on: each
// store call and each request to Waftpay timed, its CPU and how busy its event loop was, counted
// from the last `mark`. Nothing in the shop is changed: the store is wrapped, and the Waftpay
// client's `fetch` is timed.
import { performance } from 'node:perf_hooks';
import { openStore } from '../demo/merchant/open-store.ts';
import { startMerchant } from '../demo/merchant/server.ts';

const lots = { burst: 1e9, perMinute: 1e9 };

/** Durations in ms, by name: how many calls and how long they took in all. */
class Timings {
  #byName = new Map();

  add(name, ms) {
    const entry = this.#byName.get(name) ?? { calls: 0, ms: 0, samples: [] };
    entry.calls++;
    entry.ms += ms;
    // Enough for percentiles, without keeping every one of a long run.
    if (entry.samples.length < 20_000) entry.samples.push(ms);
    this.#byName.set(name, entry);
  }

  report() {
    const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    return Object.fromEntries(
      [...this.#byName].map(([name, { calls, ms, samples }]) => {
        const sorted = samples.sort((a, b) => a - b);
        return [
          name,
          {
            calls,
            ms: Math.round(ms),
            p50: Number(percentile(sorted, 0.5).toFixed(2)),
            p99: Number(percentile(sorted, 0.99).toFixed(2)),
          },
        ];
      }),
    );
  }
}

let store = new Timings();
let waftpay = new Timings();
let logged = { lines: 0, rejected: 0 };
// Requests to Waftpay under way, and the most at once since the mark.
let inFlight = 0;
let mostInFlight = 0;
let since = { cpu: process.cpuUsage(), loop: performance.eventLoopUtilization(), at: performance.now() };

/** Every call of the store, timed (the store's own work and its waits for locks and connections). */
function timed(target) {
  return new Proxy(target, {
    get(object, name, receiver) {
      const real = Reflect.get(object, name, receiver);
      if (typeof real !== 'function' || name === 'close') return real;
      return async (...args) => {
        const started = performance.now();
        try {
          return await real.apply(object, args);
        } finally {
          store.add(String(name), performance.now() - started);
        }
      };
    },
  });
}

/** What the shop asks Waftpay, by endpoint: the status query, the token, Create Checkout Request. */
function endpoint(url) {
  const path = new URL(url).pathname;
  if (path.endsWith('/query/payments')) return 'statusQuery';
  if (path.endsWith('/generate-token')) return 'token';
  if (path.endsWith('/v1/request')) return 'createCheckout';
  return path;
}

let merchant;
const handlers = {
  async start({ place, waftpayBaseUrl, publicUrl, serverId, statusBackoffMs, reconcileConcurrency }) {
    merchant = await startMerchant({
      port: 0,
      store: timed(await openStore(place)),
      publicUrl,
      serverId,
      waftpay: {
        baseUrl: waftpayBaseUrl,
        consumerKey: 'bench',
        consumerSecret: 'bench',
        fetch: async (input, init) => {
          const started = performance.now();
          mostInFlight = Math.max(mostInFlight, ++inFlight);
          try {
            return await fetch(input, init);
          } finally {
            inFlight--;
            waftpay.add(endpoint(String(input)), performance.now() - started);
          }
        },
      },
      log: (line) => {
        logged.lines++;
        if (line.includes('REJECTED')) logged.rejected++;
      },
      // The load comes from one address, for made-up numbers: no limit of a real shop's may stop it.
      limits: {
        orders: { openPerNumber: 1e9, perNumber: 1e9, perCustomer: 1e9, windowMs: 1 },
        clients: { orders: lots, webhooks: lots, verify: lots },
      },
      statusBackoffMs,
      ...(reconcileConcurrency === undefined ? {} : { reconcileConcurrency }),
      // Reconciliation only when the bench asks for a pass.
      reconcileEveryMs: 0,
    });
    return { url: merchant.url };
  },
  /** Counts from now. */
  mark() {
    store = new Timings();
    waftpay = new Timings();
    logged = { lines: 0, rejected: 0 };
    mostInFlight = inFlight;
    since = { cpu: process.cpuUsage(), loop: performance.eventLoopUtilization(), at: performance.now() };
    return {};
  },
  /** Since the last mark: the store's calls, Waftpay's requests, CPU and the event loop's busy share. */
  report() {
    const cpu = process.cpuUsage(since.cpu);
    return {
      wallMs: Math.round(performance.now() - since.at),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      eventLoopBusy: Number(performance.eventLoopUtilization(since.loop).utilization.toFixed(2)),
      store: store.report(),
      waftpay: waftpay.report(),
      waftpayAtOnce: mostInFlight,
      logged,
    };
  },
  /** One reconciliation pass, timed. */
  async reconcile() {
    const started = performance.now();
    const report = await merchant.reconcile();
    return { report, ms: Math.round(performance.now() - started) };
  },
  /** Until every fulfilment due is done (a pass finds none left). */
  async fulfilled() {
    await merchant.shop.settle();
    return { finished: await merchant.shop.fulfilDue() };
  },
  async close() {
    await merchant?.close();
    setImmediate(() => process.exit(0));
    return {};
  },
};

process.on('message', ({ id, type, ...details }) => {
  Promise.resolve()
    .then(() => handlers[type](details))
    .then(
      (answer) => process.send({ id, answer }),
      (error) => process.send({ id, error: String(error?.stack ?? error) }),
    );
});
// The bench ended without closing this server (it failed, or was stopped): no server is left behind.
process.on('disconnect', () => process.exit(1));
