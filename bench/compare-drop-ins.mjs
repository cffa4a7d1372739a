// `node bench/compare-drop-ins.mjs <before.js> [after.js]`: two builds of the drop-in (by default
// `after` is dist/cdn/waftpay-checkout.js) on the first load of the same shop page, interleaved
// with the plain iframe in one run, so that what a size change did to the hosted page's request is
// not lost in a busy machine's drift between two runs. Slow 4G and 3G, brotli and gzip, 15
// samples each (`--quick`: 3). Ports: BENCH_PORT + 3 and + 4, as `npm run bench`.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { startFirstLoadOrigins } from './first-load-origins.mjs';
import { baseline, navigationSample, networks } from './first-load.mjs';
import { launchPhoneLikeChromium } from './phone-like-chromium.mjs';
import { ratio, summarize } from './stats.mjs';

const [beforeFile, afterFile = 'dist/cdn/waftpay-checkout.js'] = process.argv
  .slice(2)
  .filter((arg) => !arg.startsWith('--'));
if (!beforeFile) throw new Error('usage: node bench/compare-drop-ins.mjs <before.js> [after.js]');
const runs = process.argv.includes('--quick') ? 3 : 15;
const benchPort = Number(process.env.BENCH_PORT ?? 4730);

const dir = mkdtempSync(join(tmpdir(), 'waftpay-drop-ins-'));
copyFileSync(resolve(beforeFile), join(dir, 'before.js'));
copyFileSync(resolve(afterFile), join(dir, 'after.js'));
const scripts = { before: '/variants/before.js', after: '/variants/after.js' };
const sizeOf = (file) => {
  const code = readFileSync(file);
  return {
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    gzip: gzipSync(code, { level: 9 }).length,
  };
};
console.log(`before: ${beforeFile}`, sizeOf(beforeFile), `\nafter: ${afterFile}`, sizeOf(afterFile));
console.log(
  `load average at the start: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);

const origins = await startFirstLoadOrigins({
  shopPort: benchPort + 3,
  checkoutPort: benchPort + 4,
  files: { '/dist/cdn/': resolve('dist/cdn'), '/variants/': dir },
});
const browser = await launchPhoneLikeChromium();
try {
  const rows = {};
  for (const encoding of ['brotli', 'gzip']) {
    origins.offer(encoding);
    for (const [name, network] of Object.entries(networks)) {
      const samples = { [baseline]: [], before: [], after: [] };
      const order = Object.keys(samples);
      for (let round = 0; round < runs; round++) {
        for (let i = 0; i < order.length; i++) {
          const variant = order[(round + i) % order.length];
          const scenario = variant === baseline ? baseline : 'drop-in';
          const sample = await navigationSample(browser, origins, {
            scenario,
            network,
            script: scripts[variant],
          });
          samples[variant].push(sample.requestStart);
        }
      }
      const base = summarize(samples[baseline]).median;
      for (const variant of ['before', 'after']) {
        const s = summarize(samples[variant]);
        rows[`${encoding}, ${name}: ${variant}`] = {
          'hosted page requested, ms': `${Math.round(s.median)} (${Math.round(s.p25)}–${Math.round(s.p75)})`,
          'plain iframe, ms': Math.round(base),
          ratio: ratio(s.median, base),
        };
      }
    }
  }
  console.table(rows);
  console.log(
    `load average at the end: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await browser.close();
  await origins.close();
}
