// 11. The demo shop under load, on each of its stores: SQLite with one shop server, and PostgreSQL
// with two shop servers sharing it (each server a process of its own: shop-server.mjs). Two rows:
//
// - Webhooks confirmed and applied per second. Orders are made through the shop's API and paid
//   through the sandbox's helpers; the sandbox sends each payment's SUCCESS webhook to a collector
//   (the shop's public URL), which keeps it. Those genuine bodies (the sandbox's own, correctly
//   hashed) are then posted to the shop at a fixed concurrency (on two servers, alternately, as a
//   load balancer would), and the shop confirms each with a real status query against the sandbox,
//   records it and settles the order, before it answers. So the rate is the shop's alone (not how
//   fast the sandbox's helpers and its webhook sender run on the same cores), and each webhook's
//   latency is what Waftpay would wait for.
// - One reconciliation pass over 10 000 open orders past their expiry: orders made directly in the
//   store, each with a session in the sandbox (made with Create Checkout Request, a tenth of them
//   paid) whose webhooks were all lost (a fault on purpose), and whose expiry the sandbox's clock is
//   moved past; every order needs a status query to be settled.
//
// PostgreSQL is started here as the tests start it (test/merchant/postgres.ts), but durable (its
// defaults: every commit waits for the disk, where the tests' does not); without one, its
// configuration reports that it could not be measured and the rest runs. SQLite is the shop's own
// (WAL, better-sqlite3's synchronous=NORMAL: a commit survives the shop's crash, not the machine's).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { forEachConcurrently } from '../demo/merchant/concurrently.ts';
import { openStore } from '../demo/merchant/open-store.ts';
import { ManualClock, startSandbox } from '../dist/sandbox/server.js';
import { startPostgres } from '../test/merchant/postgres.ts';
import { quantile, round } from './stats.mjs';

const quiet = () => undefined;
const merchant = { consumer_key: 'bench', consumer_secret: 'bench' };

/** Waits until `check` holds (asked every 20 ms), or fails saying what did not happen. */
async function until(what, check, timeoutMs = 300_000) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A shop server in a process of its own, asked over IPC (see shop-server.mjs). */
async function startShopServer(config) {
  const child = fork(fileURLToPath(new URL('./shop-server.mjs', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map();
  let asked = 0;
  child.on('message', ({ id, answer, error }) => {
    const { resolve, reject } = waiting.get(id);
    waiting.delete(id);
    if (error) reject(new Error(`shop server: ${error}`));
    else resolve(answer);
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code) => {
      for (const { reject } of waiting.values()) reject(new Error(`the shop server ended (${code})`));
      waiting.clear();
      resolve();
    }),
  );
  const ask = (type, details = {}) =>
    new Promise((resolve, reject) => {
      const id = ++asked;
      waiting.set(id, { resolve, reject });
      child.send({ id, type, ...details }, (error) => {
        if (!error) return;
        waiting.delete(id);
        reject(error);
      });
    });
  try {
    const { url } = await ask('start', config);
    return {
      url,
      ask,
      async close() {
        await ask('close').catch(() => child.kill());
        await exited;
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

async function startShopServers(count, config) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++)
      servers.push(await startShopServer({ ...config, serverId: `bench-${i + 1}` }));
    return servers;
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
}

/**
 * Where the sandbox delivers the shop's webhooks: each payment's kept once (a delivery the sandbox
 * sent again, its answer late on a busy machine, is not kept twice), answered 200, never passed on.
 */
async function webhookCollector() {
  const bodies = [];
  const payments = new Set();
  const server = createServer((incoming, outgoing) => {
    const chunks = [];
    incoming.on('data', (chunk) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const payment =
        incoming.url === '/webhooks/waftpay' && (JSON.parse(body).results?.payment_uuid ?? body);
      if (payment && !payments.has(payment)) {
        payments.add(payment);
        bodies.push(body);
      }
      outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    bodies,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** The sandbox's API as the bench's merchant: a JSON POST with its token. */
async function sandboxApi(sandbox) {
  const post = async (path, body, token) => {
    const reply = await fetch(`${sandbox.apiBaseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer = await reply.json();
    if (!reply.ok) throw new Error(`${path}: HTTP ${reply.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const { token } = await post('/authentication-service/v1/api/generate-token', merchant);
  return {
    post: (path, body) => post(path, body, token),
    approve: (reference) => post(`/sandbox/v1/sessions/${encodeURIComponent(reference)}/approve`, {}, token),
  };
}

/** POSTs `body` to `url` on a kept-alive connection of `agent`; the answer's status and how long it took (ms). */
function postTimed(agent, url, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const outgoing = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (incoming) => {
        incoming.resume();
        incoming.on('end', () => resolve({ status: incoming.statusCode, ms: performance.now() - started }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const latency = (samples) => ({
  p50: round(quantile(samples, 0.5), 1),
  p90: round(quantile(samples, 0.9), 1),
  p99: round(quantile(samples, 0.99), 1),
  max: round(Math.max(...samples), 1),
  n: samples.length,
});

/** The servers' reports (since their last mark) added up: calls and time by store method and by Waftpay endpoint. */
function combine(reports) {
  const add = (kind) => {
    const total = {};
    for (const report of reports)
      for (const [name, { calls, ms, p50, p99 }] of Object.entries(report[kind])) {
        const entry = (total[name] ??= { calls: 0, ms: 0, p50: [], p99: [] });
        entry.calls += calls;
        entry.ms += ms;
        entry.p50.push(p50);
        entry.p99.push(p99);
      }
    return total;
  };
  return {
    cpuMs: reports.map((report) => report.cpuMs),
    eventLoopBusy: reports.map((report) => report.eventLoopBusy),
    store: add('store'),
    waftpay: add('waftpay'),
    waftpayAtOnce: reports.map((report) => report.waftpayAtOnce),
    logged: reports.map((report) => report.logged),
  };
}

/**
 * Webhooks confirmed and applied per second: `count` payments' genuine SUCCESS webhooks posted to
 * the shop's servers, `concurrency` at a time, after a warm-up, and a run of them one at a time
 * (the latency of a quiet shop).
 */
async function measureWebhooks({ place, serverCount, count, concurrency }) {
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', log: quiet, webhookStatuses: 'final' });
  const collector = await webhookCollector();
  const store = await openStore(place);
  let servers = [];
  try {
    servers = await startShopServers(serverCount, {
      place,
      waftpayBaseUrl: sandbox.apiBaseUrl,
      publicUrl: collector.url,
    });
    const api = await sandboxApi(sandbox);
    const orders = [];
    await forEachConcurrently(Array.from({ length: count }), 10, async (_, index) => {
      const server = servers[index % servers.length];
      const reply = await fetch(`${server.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: `2547${String(10_000_000 + index)}` }),
      });
      if (reply.status !== 201) throw new Error(`POST /api/orders: HTTP ${reply.status}`);
      const { orderId } = await reply.json();
      orders.push((await store.get(orderId)).checkoutReference);
    });
    await forEachConcurrently(orders, 10, async (reference) => void (await api.approve(reference)));
    await until(`${count} SUCCESS webhooks from the sandbox`, async () => collector.bodies.length >= count);
    const bodies = collector.bodies.slice(0, count);

    const agents = servers.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }));
    const post = (body, index) => {
      const at = index % servers.length;
      return postTimed(agents[at], `${servers[at].url}/webhooks/waftpay`, body);
    };
    const refused = [];
    const deliver = async (body, index) => {
      const answer = await post(body, index);
      if (answer.status !== 200) refused.push(answer.status);
      return answer.ms;
    };
    // Warm-up (each server's first requests), then one at a time, then the load.
    const warm = Math.min(20, Math.floor(count / 10));
    const alone = Math.min(100, Math.floor(count / 10));
    for (let i = 0; i < warm; i++) await deliver(bodies[i], i);
    const quietSamples = [];
    for (let i = warm; i < warm + alone; i++) quietSamples.push(await deliver(bodies[i], i));
    const loaded = bodies.slice(warm + alone);
    await Promise.all(servers.map((server) => server.ask('mark')));
    const samples = [];
    const started = performance.now();
    await forEachConcurrently(
      loaded,
      concurrency * servers.length,
      async (body, index) => void samples.push(await deliver(body, index)),
    );
    const seconds = (performance.now() - started) / 1000;
    const spent = combine(await Promise.all(servers.map((server) => server.ask('report'))));
    for (const agent of agents) agent.destroy();

    // Each answered 200 after its order was settled: all are PAID, and fulfilled once.
    await Promise.all(servers.map((server) => server.ask('fulfilled')));
    const statuses = {};
    for (const reference of orders) {
      const order = await store.byReference(reference);
      statuses[order.status] = (statuses[order.status] ?? 0) + 1;
      if ((await store.fulfilment(order.id))?.state !== 'done')
        statuses.unfulfilled = (statuses.unfulfilled ?? 0) + 1;
    }
    if (refused.length) throw new Error(`the shop refused ${refused.length} genuine webhooks`);
    if (statuses.PAID !== count || statuses.unfulfilled)
      throw new Error(`not every order paid and fulfilled: ${JSON.stringify(statuses)}`);
    const statusQueries = spent.waftpay.statusQuery?.calls ?? 0;
    if (statusQueries !== loaded.length)
      throw new Error(`${loaded.length} webhooks, ${statusQueries} status queries`);
    return {
      webhooks: loaded.length,
      concurrency: concurrency * servers.length,
      seconds: round(seconds, 2),
      perSecond: Math.round(loaded.length / seconds),
      latencyMs: latency(samples),
      oneAtATimeMs: latency(quietSamples),
      statusQueries,
      orders: statuses,
      spent,
    };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await store.close();
    await collector.close();
    await sandbox.close();
  }
}

/**
 * One reconciliation pass over `count` open orders past their expiry, on all servers at once
 * (each server's pass runs until it finds no order left to check). Passes are repeated, and
 * counted, while orders are left open.
 */
async function measureReconciliation({ place, serverCount, count, reconcileConcurrency }) {
  const clock = new ManualClock(Date.now());
  // Every webhook lost: only the status query can learn how each payment ended.
  const sandbox = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    log: quiet,
    clock,
    faults: { webhooks: { drop: 1 } },
  });
  const store = await openStore(place);
  let servers = [];
  try {
    const api = await sandboxApi(sandbox);
    const run = randomBytes(3).toString('hex').toUpperCase();
    const expiredMs = Date.now() - 2 * 60 * 60_000;
    const unlimited = { openPerNumber: 1e9, perNumber: 1e9, perCustomer: 1e9, windowMs: 1 };
    const made = performance.now();
    const orders = Array.from({ length: count }, (_, i) => ({
      id: `RECON-${run}-${i}`,
      reference: `REC-${run}-${i}`,
      msisdn: `2547${String(10_000_000 + i)}`,
      // A tenth were paid, their webhooks lost; the rest expired unpaid.
      paid: i % 10 === 0,
    }));
    await forEachConcurrently(orders, 16, async (order) => {
      const { data } = await api.post('/checkout-backend-api/v1/request', {
        customer: { first_name: 'Bench' },
        timestamp: new Date(clock.now()).toISOString(),
        checkout_reference: order.reference,
        msisdn: order.msisdn,
        country: 'KEN',
        currency: 'KES',
        amount: 1750,
        callback_url: 'http://127.0.0.1:9/webhooks/waftpay',
        success_redirect_url: 'http://127.0.0.1:9/return/success',
        fail_redirect_url: 'http://127.0.0.1:9/return/fail',
      });
      const refusal = await store.create(
        {
          id: order.id,
          checkoutReference: order.reference,
          amount: 1750,
          currency: 'KES',
          msisdn: order.msisdn,
          mode: 'iframe',
          customer: null,
          expiresMs: expiredMs,
        },
        unlimited,
        expiredMs - 30 * 60_000,
      );
      if (refusal) throw new Error(`the store refused an order: ${refusal}`);
      await store.attachCheckout(order.id, data.checkout_url, new Date(expiredMs).toISOString(), expiredMs);
      if (order.paid) await api.approve(order.reference);
    });
    // The sessions' 30 minutes pass: the unpaid ones expire at the sandbox (their webhooks lost too).
    clock.advance(31 * 60_000);
    const setUpSeconds = round((performance.now() - made) / 1000, 1);
    const open = async () => (await store.openExpiredBefore(Date.now(), 1)).length;
    if (!(await open())) throw new Error('no open order to reconcile');

    servers = await startShopServers(serverCount, {
      place,
      waftpayBaseUrl: sandbox.apiBaseUrl,
      publicUrl: 'http://127.0.0.1:9',
      reconcileConcurrency,
    });
    // Counted from here (each server's first status query fetches its token too).
    await Promise.all(servers.map((server) => server.ask('mark')));
    const passes = [];
    const totals = { checked: 0, settled: 0, unreachable: 0 };
    const started = performance.now();
    const maxPasses = Math.ceil(count / 100) + 5;
    while (await open()) {
      if (passes.length === maxPasses) throw new Error(`orders still open after ${maxPasses} passes`);
      const passStarted = performance.now();
      const answers = await Promise.all(servers.map((server) => server.ask('reconcile')));
      passes.push({
        ms: Math.round(performance.now() - passStarted),
        checkedPerServer: answers.map(({ report }) => report.checked),
      });
      for (const { report } of answers) for (const key of Object.keys(totals)) totals[key] += report[key];
    }
    const seconds = (performance.now() - started) / 1000;
    const spent = combine(await Promise.all(servers.map((server) => server.ask('report'))));
    await Promise.all(servers.map((server) => server.ask('fulfilled')));

    const statuses = {};
    let flagged = 0;
    for (const order of orders) {
      const settled = await store.get(order.id);
      statuses[settled.status] = (statuses[settled.status] ?? 0) + 1;
      if (settled.status !== (order.paid ? 'PAID' : 'EXPIRED'))
        throw new Error(`${order.id} ${settled.status}, expected ${order.paid ? 'PAID' : 'EXPIRED'}`);
      if (settled.attention) flagged++;
      if (order.paid && (await store.fulfilment(order.id))?.state !== 'done')
        throw new Error(`${order.id} paid, not fulfilled`);
    }
    // One status query per order checked; in one pass, each order once.
    const statusQueries = spent.waftpay.statusQuery?.calls ?? 0;
    if (statusQueries !== totals.checked || (passes.length === 1 && statusQueries !== count))
      throw new Error(`${count} orders, ${totals.checked} checked, ${statusQueries} status queries`);
    return {
      orders: count,
      servers: serverCount,
      passes: passes.length,
      passMs: passes.map((pass) => pass.ms),
      checkedPerServer: passes.map((pass) => pass.checkedPerServer),
      seconds: round(seconds, 2),
      ordersPerSecond: Math.round(count / seconds),
      report: totals,
      statusQueries,
      statuses,
      flagged,
      setUpSeconds,
      spent,
    };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await store.close();
    await sandbox.close();
  }
}

/** Both rows on one store, or why they could not be measured. */
async function measureStore({ name, serverCount, place, quick, reconcileConcurrency }) {
  const result = { store: name, servers: serverCount };
  try {
    result.webhooks = await measureWebhooks({
      place: await place(),
      serverCount,
      count: quick ? 300 : 2000,
      concurrency: 10,
    });
  } catch (error) {
    result.webhooks = { measured: false, why: String(error?.message ?? error) };
  }
  try {
    result.reconciliation = await measureReconciliation({
      place: await place(),
      serverCount,
      count: quick ? 1000 : 10_000,
      reconcileConcurrency,
    });
  } catch (error) {
    result.reconciliation = { measured: false, why: String(error?.message ?? error) };
  }
  return result;
}

export async function measureShop({ quick, reconcileConcurrency }) {
  const sqlite = await measureStore({
    name: 'SQLite',
    serverCount: 1,
    place: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'waftpay-bench-shop-')) }),
    quick,
    reconcileConcurrency,
  });
  let postgres;
  try {
    postgres = await startPostgres({ durable: true });
  } catch (error) {
    return {
      sqlite,
      postgres: { store: 'PostgreSQL', measured: false, why: `no PostgreSQL: ${error?.message ?? error}` },
    };
  }
  try {
    return {
      sqlite,
      postgres: await measureStore({
        name: 'PostgreSQL',
        serverCount: 2,
        place: async () => ({ databaseUrl: await postgres.newDatabase() }),
        quick,
        reconcileConcurrency,
      }),
    };
  } finally {
    postgres.stop();
  }
}
