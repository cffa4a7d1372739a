// `npm run bench` (add -- --quick for a short run): sizes, browser timings, leaks and server load,
// printed as a table and written to bench/results.json. Timings are medians with their spread,
// each next to a baseline measured in the same run.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { measureBrowser } from './browser.mjs';
import { measureServers } from './servers.mjs';
import { measureSizes } from './sizes.mjs';

const quick = process.argv.includes('--quick');
const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const spread = (s) => `${s.median} (p25 ${s.p25}, p75 ${s.p75}, p95 ${s.p95}, n=${s.n})`;

const sizes = await measureSizes();
console.log('\n1. Size (minified, gzip, brotli)');
console.table(
  Object.fromEntries(
    sizes.map((row) => [row.name, { min: kB(row.min), gzip: kB(row.gzip), brotli: kB(row.brotli) }]),
  ),
);

const browser = await measureBrowser({ quick });
const timing = (name, t) => ({
  [name]: { ours: spread(t.element), baseline: spread(t.baseline), ratio: t.ratio },
});
console.log(`\n2-4. Browser timings in ms, Chromium ${browser.chromium} (ratio = ours / baseline, medians)`);
console.table({
  ...timing('first request (baseline: plain <iframe>)', browser.firstRequest),
  ...timing('main thread, 1 element: script', browser.mainThread1.script),
  ...timing('main thread, 1 element: tasks', browser.mainThread1.task),
  ...timing('main thread, 20 elements: script', browser.mainThread20.script),
  ...timing('main thread, 20 elements: tasks', browser.mainThread20.task),
  ...timing('succeed() → waftpay-success (baseline: raw postMessage)', browser.outcomeLatency),
});
console.log(
  `\n5. Leaks: ${browser.leaks.cycles} cycles of insert → ready → remove (${browser.leaks.seconds} s), after forced GC`,
);
console.table({ before: browser.leaks.before, after: browser.leaks.after, delta: browser.leaks.delta });

const servers = await measureServers({ quick });
console.log('\n6. Servers on loopback (autocannon, 10 connections)');
console.table({
  'Create Checkout Request': {
    'req/s': servers.createCheckout.requestsPerSecond,
    ...servers.createCheckout.latencyMs,
    'floor req/s': servers.createCheckout.floor.requestsPerSecond,
    ratio: servers.createCheckout.ratio,
  },
  'one webhook, delivered again and again': {
    'req/s': servers.duplicateWebhooks.requestsPerSecond,
    ...servers.duplicateWebhooks.latencyMs,
    'floor req/s': servers.duplicateWebhooks.floor.requestsPerSecond,
    ratio: servers.duplicateWebhooks.ratio,
  },
});
console.log(
  `   ${servers.duplicateWebhooks.deliveries} deliveries of one webhook → order ${servers.duplicateWebhooks.orderStatus}, updated once`,
);

const results = {
  date: new Date().toISOString(),
  quick,
  machine: {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: browser.chromium,
  },
  sizes,
  browser,
  servers,
};
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nWritten to bench/results.json');
