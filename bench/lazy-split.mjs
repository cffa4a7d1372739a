// 10. An experiment, not a feature: would loading later what most pages never use pay for itself?
// The parts: the overlay (its dialog, styles, focus and scroll handling), the popup, and the
// Kiswahili and French sentences. Built here, from the real sources, as
//   core.js       the drop-in without them (an English page in iframe mode needs nothing more),
//   lazy-part.js  them alone, as the file a split would load when the mode or language asks;
// then measured as a customer meets them: the first load of an iframe-mode page with the core
// against the whole drop-in, and, on a page that needs the part, how long after the drop-in has
// run the part arrives (the wait of a customer who clicks "Pay" at once).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { compactCss, compactTemplatesPlugin } from '../scripts/compact-templates.mjs';
import { dropIn } from '../vite.config.ts';
import { navigationSample, networks, withPage } from './first-load.mjs';
import { retried } from './patience.mjs';
import { ratio, summarize } from './stats.mjs';

const source = (path) => resolve('src/element', path);

/** Cuts `text` from `from` up to (not including) `to`; fails loudly when the sources have moved on. */
function cut(text, from, to, file) {
  const start = text.indexOf(from);
  const end = to === undefined ? text.length : text.indexOf(to, start);
  if (start < 0 || end < 0) {
    throw new Error(`lazy-split: ${file} no longer has ${JSON.stringify(from)}; update bench/lazy-split.mjs`);
  }
  return { before: text.slice(0, start), removed: text.slice(start, end), after: text.slice(end) };
}

const overlayCss = (styles) => cut(styles, '  dialog {', '  .visually-hidden {', 'styles.ts');
/** renderCheckout's overlay branch: from its `if` to the end of the module. */
const overlayBranch = "  if (t.mode !== 'overlay') ";
const overlayTemplate = (template) => cut(template, overlayBranch, undefined, 'template.ts');

/**
 * A module whose functions do nothing, one for each function `file` exports (read from its source,
 * so that a function added there needs no change here).
 */
export function doNothingStub(file) {
  const names = [...readFileSync(file, 'utf8').matchAll(/^export (?:async )?function (\w+)/gm)].map(
    (m) => m[1],
  );
  if (!names.length) throw new Error(`lazy-split: ${file} exports no function; update bench/lazy-split.mjs`);
  return names.map((name) => `export const ${name} = () => null;`).join('\n');
}

/** Vite plugin: the element without overlay, popup and the other languages (stubs that do nothing). */
function withoutRarelyUsedParts() {
  const stubs = {
    [source('modal.ts')]: 'export class Modal { show() {} hide() {} }',
    [source('popup.ts')]: doNothingStub(source('popup.ts')),
  };
  return {
    name: 'without-rarely-used-parts',
    enforce: 'pre',
    load(id) {
      return stubs[id];
    },
    transform(code, id) {
      if (id === source('strings.ts')) {
        let lean = code;
        for (const language of ['sw', 'fr']) {
          const { before, after } = cut(
            lean,
            `const ${language}: CheckoutStrings = {`,
            '\n};\n',
            'strings.ts',
          );
          lean = before + after.slice('\n};\n'.length);
        }
        return lean.replace('{ en, sw, fr }', '{ en, sw: en, fr: en }');
      }
      if (id === source('styles.ts')) {
        const { before, after } = overlayCss(code);
        return before + after;
      }
      if (id === source('template.ts')) {
        // Only the iframe mode's return is left of renderCheckout (the last function of the module).
        const { before, removed } = overlayTemplate(code);
        const iframeReturn = removed.slice(overlayBranch.length, removed.indexOf('\n'));
        return `${before}  ${iframeReturn}\n}\n`;
      }
      return undefined;
    },
  };
}

/** The part alone: what the overlay, the popup and two languages add, as one module with no imports. */
async function lazyPartEntry(dir) {
  const { builtInStrings } = await import('../src/element/strings.ts');
  const styles = readFileSync(source('styles.ts'), 'utf8');
  const template = readFileSync(source('template.ts'), 'utf8');
  const { removed } = overlayTemplate(template);
  const dialog = removed.slice(removed.indexOf('\n') + 1);
  const entry = join(dir, 'lazy-part.ts');
  writeFileSync(
    entry,
    [
      `export { Modal } from ${JSON.stringify(source('modal.ts'))};`,
      `export * from ${JSON.stringify(source('popup.ts'))};`,
      `export const strings = ${JSON.stringify({ sw: builtInStrings.sw, fr: builtInStrings.fr })};`,
      `export const overlayStyles = ${JSON.stringify(compactCss(overlayCss(styles).removed))};`,
      // The dialog's template, as the static strings a template module would carry.
      `export const overlayMarkup = ${JSON.stringify(dialog.replace(/\s*\n\s*/g, ' '))};`,
    ].join('\n'),
  );
  return entry;
}

/** Builds `entry` as the drop-in is built (the same options and template compaction) into `outDir`/`name`.js. */
async function buildDropIn(entry, outDir, name, plugins = []) {
  await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [...plugins, compactTemplatesPlugin()],
    build: { target: 'es2022', ...dropIn(name, entry), outDir, emptyOutDir: false, sourcemap: false },
  });
  return join(outDir, `${name}.js`);
}

function sizes(file) {
  const code = readFileSync(file);
  return {
    min: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Builds the variants; the folder is served by the first-load origins under /variants/. */
export async function buildLazySplitVariants() {
  const dir = mkdtempSync(join(tmpdir(), 'waftpay-lazy-split-'));
  const core = await buildDropIn(resolve('src/index.ts'), dir, 'core', [withoutRarelyUsedParts()]);
  const part = await buildDropIn(await lazyPartEntry(dir), dir, 'lazy-part');
  return { dir, files: { whole: resolve('dist/cdn/waftpay-checkout.js'), core, part } };
}

const scripts = { whole: '/dist/cdn/waftpay-checkout.js', core: '/variants/core.js' };

/** One visit of the probe page: when the drop-in ran, and when the part arrived (ms after navigation). */
function probeSample(browser, origins, network, script, lazyPart) {
  return withPage(browser, async (page, recording) => {
    const checkoutUrl = await origins.newCheckoutUrl();
    await recording.cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
    await page.goto(origins.pageUrl('lazy-probe', { checkoutUrl, script, lazyPart, mode: 'overlay' }), {
      waitUntil: 'commit',
    });
    const at = (label) => recording.messages.find((m) => m.args[0] === label)?.args[1];
    const last = lazyPart ? 'lazy-part-ready' : 'drop-in-ran';
    await recording.waitFor(last, () => at(last) !== undefined);
    return { dropInRan: at('drop-in-ran'), partReady: at('lazy-part-ready') };
  });
}

export async function measureLazySplit({ browser, origins, variants, quick }) {
  const runs = quick ? 3 : 15;
  const size = Object.fromEntries(Object.entries(variants.files).map(([name, file]) => [name, sizes(file)]));
  const saved = Object.fromEntries(
    ['min', 'gzip', 'brotli'].map((unit) => [unit, size.whole[unit] - size.core[unit]]),
  );
  const splitCost = Object.fromEntries(
    ['min', 'gzip', 'brotli'].map((unit) => [unit, size.core[unit] + size.part[unit] - size.whole[unit]]),
  );
  origins.offer('brotli');
  const firstLoad = {};
  const whenUsed = {};
  /** Samples that failed and were taken again, and why. */
  const failures = [];
  const take = (sample) => retried(sample, failures);
  for (const [name, network] of Object.entries(networks)) {
    const samples = { whole: [], core: [] };
    const probes = { whole: [], split: [] };
    for (let i = 0; i < runs; i++) {
      for (const variant of i % 2 ? ['whole', 'core'] : ['core', 'whole']) {
        samples[variant].push(
          await take(() =>
            navigationSample(browser, origins, { scenario: 'drop-in', network, script: scripts[variant] }),
          ),
        );
      }
      probes.whole.push(await take(() => probeSample(browser, origins, network, scripts.whole)));
      probes.split.push(
        await take(() => probeSample(browser, origins, network, scripts.core, '/variants/lazy-part.js')),
      );
    }
    const measure = (variant, key) => summarize(samples[variant].map((s) => s[key]));
    firstLoad[name] = {};
    for (const key of ['requestStart', 'domContentLoaded']) {
      const whole = measure('whole', key);
      const core = measure('core', key);
      firstLoad[name][key] = {
        whole,
        core,
        ratio: ratio(core.median, whole.median),
        savedMs: whole.median - core.median,
      };
    }
    const wait = summarize(probes.split.map((p) => p.partReady - p.dropInRan));
    whenUsed[name] = {
      wholeRan: summarize(probes.whole.map((p) => p.dropInRan)),
      coreRan: summarize(probes.split.map((p) => p.dropInRan)),
      partReady: summarize(probes.split.map((p) => p.partReady)),
      partAfterDropIn: wait,
      partLaterThanWhole: summarize(probes.split.map((p, i) => p.partReady - probes.whole[i].dropInRan)),
    };
  }
  return {
    parts: 'overlay, popup, Kiswahili and French',
    size,
    saved,
    splitCost,
    firstLoad,
    whenUsed,
    samplesTakenAgain: failures,
  };
}
