// `npm run bench`: sizes, browser timings, leaks, server load, what a customer feels on a phone's
// first load, and the demo shop under load, printed as tables and written to bench/results.json.
// Timings are medians with their spread, each next to a baseline measured in the same run.
//   -- --quick          a short run (few samples: for trying the bench, not for figures)
//   -- --only a,b       only these sections (sizes, browser, servers, first-load, lazy-split, shop),
//                       kept beside the other sections of the last bench/results.json
// Ports: BENCH_PORT (default 4730) and the four after it.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { measureBrowser } from './browser.mjs';
import { startFirstLoadOrigins } from './first-load-origins.mjs';
import { baseline, measureFirstLoad, serverRendered } from './first-load.mjs';
import { buildLazySplitVariants, measureLazySplit } from './lazy-split.mjs';
import { launchPhoneLikeChromium } from './phone-like-chromium.mjs';
import { measureServers } from './servers.mjs';
import { measureShop } from './shop-load.mjs';
import { measureModules } from './module-sizes.mjs';
import { measureSizes } from './sizes.mjs';

const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const sections = ['sizes', 'browser', 'servers', 'first-load', 'lazy-split', 'shop'];
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1].split(',') : sections;
for (const name of only) if (!sections.includes(name)) throw new Error(`unknown section ${name}`);
const benchPort = Number(process.env.BENCH_PORT ?? 4730);

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
/** Says how many samples of a section failed and were taken again (a busy machine's doing, mostly). */
const tellTakenAgain = ({ samplesTakenAgain: failed }) => {
  if (failed.length)
    console.log(
      `   ${failed.length} samples failed and were taken again: ${[...new Set(failed)].join('; ')}`,
    );
};
const ms = (value) => Math.round(value);
const spread = (s) => `${s.median} (p25 ${s.p25}, p75 ${s.p75}, p95 ${s.p95}, n=${s.n})`;
const msSpread = (s) => `${ms(s.median)} (${ms(s.p25)}–${ms(s.p75)}, n=${s.n})`;

const file = 'bench/results.json';
const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const date = new Date().toISOString();
// When each section was last measured (a run with --only keeps the others as they were).
const results = {
  ...previous,
  date,
  quick,
  dates: { ...previous.dates, ...Object.fromEntries(only.map((section) => [section, date])) },
};

/**
 * The machine's load average (1, 5, 15 minutes) as a section starts and ends: the machine may be
 * shared, and figures taken under load are to be taken again on a quiet one.
 */
const load = () => loadavg().map((value) => Number(value.toFixed(2)));
results.loadAverage = { ...previous.loadAverage };
/** The sections that could not measure this run, and why. */
const unmeasured = {};

/**
 * Runs the sections `names`. One that cannot measure (a page that never showed what it waits for,
 * a server that failed) is said to have failed, with why, keeps its last figures and their date,
 * and the run goes on: the other sections are still measured and written.
 */
async function section(names, run) {
  try {
    await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    for (const name of names) {
      unmeasured[name] = reason;
      results.dates[name] = previous.dates?.[name];
    }
    console.log(
      `\n${names.join(', ')}: COULD NOT MEASURE (${reason}); the figures of its last run are kept.`,
    );
  }
}

const measuring = (sections) => {
  const start = load();
  return () => {
    for (const section of sections) results.loadAverage[section] = { start, end: load() };
    console.log(`   load average ${start.join(' ')} at the start, ${load().join(' ')} at the end`);
  };
};

if (only.includes('sizes'))
  await section(['sizes'], async () => {
    results.sizes = await measureSizes();
    console.log('\n1. Size (minified, gzip, brotli)');
    console.table(
      Object.fromEntries(
        results.sizes.map((row) => [
          row.name,
          { min: kB(row.min), gzip: kB(row.gzip), brotli: kB(row.brotli) },
        ]),
      ),
    );
    const { whole, modules } = (results.modules = measureModules());
    console.log(
      `\n1b. Where the drop-in's bytes go (${whole.min} B minified, ${whole.brotli} B brotli, ${whole.gzip} B gzip): bytes by module, and what each costs compressed (the file less the file without it)`,
    );
    console.table(
      Object.fromEntries(
        modules.map((row) => [row.name, { min: row.min, brotli: row.brotli, gzip: row.gzip }]),
      ),
    );
  });

if (only.includes('browser'))
  await section(['browser'], async () => {
    const measured = measuring(['browser']);
    const browser = (results.browser = await measureBrowser({ quick }));
    const timing = (name, t) => ({
      [name]: { ours: spread(t.element), baseline: spread(t.baseline), ratio: t.ratio },
    });
    console.log(
      `\n2-4. Browser timings in ms, Chromium ${browser.chromium} (ratio = ours / baseline, medians)`,
    );
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
    measured();
  });

if (only.includes('servers'))
  await section(['servers'], async () => {
    const measured = measuring(['servers']);
    const servers = (results.servers = await measureServers({ quick }));
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
    const confirmed = servers.confirmedWebhooks;
    console.log(
      `   ${confirmed.orders} orders paid through the sandbox, 10 at a time: ${confirmed.webhooks} genuine webhooks, ${confirmed.statusQueries} status queries, in ${confirmed.seconds} s (${confirmed.ordersPerSecond} orders/s, ${confirmed.webhooksPerSecond} webhooks/s); all paid: ${confirmed.allPaid}`,
    );
    measured();
  });

const onPhone = only.filter((name) => name === 'first-load' || name === 'lazy-split');
if (onPhone.length)
  await section(onPhone, async () => {
    const measured = measuring(onPhone);
    // A split that cannot be built is that section's failure, not the first load's.
    let variants;
    if (only.includes('lazy-split'))
      await section(['lazy-split'], async () => {
        variants = await buildLazySplitVariants();
      });
    const origins = await startFirstLoadOrigins({
      shopPort: benchPort + 3,
      checkoutPort: benchPort + 4,
      files: { '/dist/cdn/': resolve('dist/cdn'), ...(variants ? { '/variants/': variants.dir } : {}) },
    });
    const browser = await launchPhoneLikeChromium();
    try {
      if (only.includes('first-load'))
        await section(['first-load'], async () => {
          const firstLoad = (results.firstLoad = await measureFirstLoad({ browser, origins, quick }));
          console.log(`\n7. First load on a phone: ${firstLoad.method}`);
          for (const [encoding, byNetwork] of Object.entries(firstLoad.navigation)) {
            console.log(
              `   served with ${encoding}; ms after the shop's navigation starts (median, p25–p75, n); ratio to ${baseline}`,
            );
            const rows = {};
            for (const [network, byScenario] of Object.entries(byNetwork)) {
              for (const [scenario, m] of Object.entries(byScenario)) {
                rows[`${network}: ${scenario}`] = {
                  'hosted page requested': msSpread(m.requestStart),
                  ratio: m.requestStart.ratio,
                  'its DOMContentLoaded': msSpread(m.domContentLoaded),
                  'ratio ': m.domContentLoaded.ratio,
                };
              }
            }
            console.table(rows);
          }
          console.log(
            `   "${serverRendered}": the element's markup written by the shop's server (renderCheckoutMarkup), its frame adopted by the drop-in ("after load": the drop-in asked for at the page's load); see bench/shop-pages.mjs.`,
          );
          const mt = firstLoad.mainThread;
          console.log(
            `\n8. Main thread until the checkout is shown, ms at ${mt.cpuSlowdown}× CPU slowdown (goal ≤ 1.5×)`,
          );
          console.table(
            Object.fromEntries(
              [baseline, 'drop-in', serverRendered].map((scenario) => [
                scenario,
                {
                  tasks: msSpread(mt[scenario].task),
                  ratio: mt[scenario].task.ratio,
                  script: msSpread(mt[scenario].script),
                  'ratio ': mt[scenario].script.ratio,
                },
              ]),
            ),
          );
          const bytes = firstLoad.bytesBeforeHostedPage;
          console.log(
            `\n9. Bytes received before the hosted page is requested (headers and bodies); Paystack inline.js alone: ${bytes.paystackInlineGzip} B gzip; goal ≤ 16 kB brotli in iframe mode`,
          );
          for (const encoding of ['brotli', 'gzip']) {
            console.table(
              Object.fromEntries(
                Object.entries(bytes[encoding]).map(([mode, b]) => [
                  `${encoding}: ${mode}`,
                  {
                    total: b.total,
                    'drop-in': b.dropIn,
                    'HTML body': b.htmlBody,
                    'drop-in body': b.dropInBody,
                  },
                ]),
              ),
            );
          }
          tellTakenAgain(firstLoad);
        });
      if (variants)
        await section(['lazy-split'], async () => {
          const lazy = (results.lazySplit = await measureLazySplit({ browser, origins, variants, quick }));
          console.log(`\n10. Experiment: loading later what most pages never use (${lazy.parts})`);
          console.table({
            'whole drop-in': lazy.size.whole,
            'core (without the parts)': lazy.size.core,
            'the parts, as their own file': lazy.size.part,
            'saved for pages that never use them': lazy.saved,
            'added in all by splitting': lazy.splitCost,
          });
          const rows = {};
          for (const [network, m] of Object.entries(lazy.firstLoad)) {
            for (const [measure, v] of Object.entries(m)) {
              rows[`${network}: hosted page ${measure}`] = {
                whole: msSpread(v.whole),
                core: msSpread(v.core),
                'ratio core/whole': v.ratio,
              };
            }
            rows[`${network}: the part arrives after the core ran`] = {
              whole: '',
              core: msSpread(lazy.whenUsed[network].partAfterDropIn),
              'ratio core/whole': '',
            };
          }
          console.table(rows);
          tellTakenAgain(lazy);
        });
    } finally {
      if (variants) rmSync(variants.dir, { recursive: true, force: true });
      await browser.close();
      await origins.close();
    }
    measured();
  });

if (only.includes('shop'))
  await section(['shop'], async () => {
    const measured = measuring(['shop']);
    const shop = await measureShop({ quick });
    results.shop = shop;
    const configurations = [shop.sqlite, shop.postgres];
    const why = (row) => `not measured: ${row.why}`;
    const label = (c) => `${c.store}, ${c.servers === 1 ? '1 server' : '2 servers'}`;
    console.log(
      '\n11. The demo shop under load: webhooks confirmed and applied (each with a status query to the sandbox), 10 per server at a time',
    );
    console.table(
      Object.fromEntries(
        configurations.map((c) => {
          const w = c.webhooks ?? c;
          const name = label(c);
          if (w.measured === false) return [name, { result: why(w) }];
          return [
            name,
            {
              'webhooks/s': w.perSecond,
              webhooks: w.webhooks,
              'latency p50 / p99 ms': `${w.latencyMs.p50} / ${w.latencyMs.p99}`,
              'one at a time p50 / p99 ms': `${w.oneAtATimeMs.p50} / ${w.oneAtATimeMs.p99}`,
              'status queries': w.statusQueries,
            },
          ];
        }),
      ),
    );
    console.log(
      '    one reconciliation pass over open orders past their expiry (a tenth paid, every webhook lost)',
    );
    console.table(
      Object.fromEntries(
        configurations.map((c) => {
          const r = c.reconciliation ?? c;
          const name = label(c);
          if (r.measured === false) return [name, { result: why(r) }];
          return [
            name,
            {
              orders: r.orders,
              seconds: r.seconds,
              'orders/s': r.ordersPerSecond,
              passes: r.passes,
              'checked by each server': r.checkedPerServer.map((each) => each.join(' + ')).join(', '),
              'status queries': r.statusQueries,
              'most at once, per server': r.spent.waftpayAtOnce.join(' / '),
              settled: Object.entries(r.statuses)
                .map(([status, n]) => `${n} ${status}`)
                .join(', '),
            },
          ];
        }),
      ),
    );
    measured();
  });

results.machine = {
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  chromium: results.browser?.chromium ?? previous.machine?.chromium,
};
// What could not be measured, this run and (for the sections not run now) the last.
results.unmeasured = Object.fromEntries(
  Object.entries({ ...previous.unmeasured, ...Object.fromEntries(only.map((name) => [name, undefined])) })
    .concat(Object.entries(unmeasured).map(([name, reason]) => [name, { date, reason }]))
    .filter(([, entry]) => entry),
);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWritten to ${file}`);
if (Object.keys(unmeasured).length) {
  console.log(`Could not measure: ${Object.keys(unmeasured).join(', ')} (see above).`);
  process.exitCode = 1;
}
