// 7-9: what a customer on a phone feels when the shop's checkout page first loads, each against a
// plain <iframe> written into the shop's HTML, measured in the same run:
//   7. shop navigation → the hosted page's request start and its DOMContentLoaded, on slow 4G and 3G;
//   8. main-thread time until the checkout is shown, at 4× CPU slowdown;
//   9. bytes downloaded before the hosted page is requested, per mode, brotli and gzip.
// Chromium runs as on a phone (bench/phone-like-chromium.mjs), throttled by DevTools
// (Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate); both origins compress as a
// production server does (bench/compression.mjs); each sample is a new browser context, so a
// first visit, with a fresh checkout session from the sandbox.
import { bytesBefore, documentRequest, navigationOf, receivedBefore, recordPage } from './page-recorder.mjs';
import { retried, stallMs } from './patience.mjs';
import { ratio, summarize } from './stats.mjs';

/** DevTools' throttling: latency is added to every request, throughput in bytes per second. */
export const networks = {
  'slow 4G': { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
  '3G': { latency: 300, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 },
};

/** Paystack's inline.js, gzip, as quoted in issue 15 (not downloaded here). */
export const paystackInlineGzipBytes = 17_726;

export const baseline = 'plain-iframe';
export const serverRendered = 'server-rendered';
export const serverRenderedAfterLoad = 'server-rendered, drop-in after load';
const navigationScenarios = [baseline, 'drop-in', serverRendered, serverRenderedAfterLoad];

/**
 * Runs `sample` for each scenario, `runs` rounds, the order rotating so drift hits all alike; a
 * sample that fails is taken again (noted in `failures`).
 */
async function interleaved(scenarios, runs, sample, failures) {
  const samples = Object.fromEntries(scenarios.map((scenario) => [scenario, []]));
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < scenarios.length; i++) {
      const scenario = scenarios[(round + i) % scenarios.length];
      samples[scenario].push(await retried(() => sample(scenario), failures));
    }
  }
  return samples;
}

/** Runs `run` on a new page in a new browser context (a first visit), recording it. */
export async function withPage(browser, run) {
  const context = await browser.newContext();
  // Playwright's own waits (a click, a load state) end on what they wait for; a busy machine may
  // take long, and only a page where nothing happens at all should stop the sample.
  context.setDefaultTimeout(stallMs);
  try {
    const page = await context.newPage();
    return await run(page, await recordPage(context, page));
  } finally {
    await context.close();
  }
}

/** 7. One first visit of `scenario` on `network`: when the hosted page was requested and parsed. */
export function navigationSample(browser, origins, { scenario, network, script, mode }) {
  return withPage(browser, async (page, recording) => {
    const checkoutUrl = await origins.newCheckoutUrl();
    await recording.cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
    await page.goto(origins.pageUrl(scenario, { checkoutUrl, script, mode }), { waitUntil: 'commit' });
    const hosted = await recording.waitFor('the hosted page request', () =>
      documentRequest(recording, checkoutUrl),
    );
    const parsed = await recording.waitFor('the hosted page DOMContentLoaded', () =>
      recording.lifecycle.find((e) => e.loaderId === hosted.loaderId && e.name === 'DOMContentLoaded'),
    );
    const start = navigationOf(recording).start;
    if (scenario.startsWith(serverRendered)) await loadedOnce(recording, checkoutUrl);
    return {
      requestStart: hosted.start - start,
      domContentLoaded: parsed.time - start,
      bytesBefore: bytesBefore(recording, hosted.start),
      messages: recording.messages,
    };
  });
}

/**
 * Checks that the server-rendered element showed the hosted page it adopted: once it is ready, the
 * page was requested once (a second request would be the element loading it again).
 */
async function loadedOnce(recording, checkoutUrl) {
  await recording.waitFor('waftpay-ready', () =>
    recording.messages.find((m) => m.args[0] === 'checkout-shown'),
  );
  const loads = recording.requests.filter((r) => r.type === 'Document' && r.url.startsWith(checkoutUrl));
  if (loads.length !== 1) throw new Error(`the hosted page was requested ${loads.length} times, not once`);
}

/** Medians, spreads and ratios to the baseline of each measure of `samples` (by scenario). */
function compare(samples, measures, baselineName = baseline) {
  const result = {};
  for (const [scenario, runs] of Object.entries(samples)) {
    result[scenario] = {};
    for (const measure of measures) {
      const summary = summarize(runs.map((run) => run[measure]));
      const base = summarize(samples[baselineName].map((run) => run[measure]));
      result[scenario][measure] = { ...summary, ratio: ratio(summary.median, base.median) };
    }
  }
  return result;
}

async function navigation(browser, origins, runs, failures) {
  const result = {};
  for (const encoding of ['brotli', 'gzip']) {
    origins.offer(encoding);
    result[encoding] = {};
    for (const [name, network] of Object.entries(networks)) {
      const samples = await interleaved(
        navigationScenarios,
        runs,
        (scenario) => navigationSample(browser, origins, { scenario, network }),
        failures,
      );
      result[encoding][name] = compare(samples, ['requestStart', 'domContentLoaded']);
    }
  }
  return result;
}

/** 8. Main-thread task and script time from navigation until the checkout is shown, at 4× CPU. */
function mainThreadSample(browser, origins, scenario) {
  return withPage(browser, async (page, recording) => {
    const checkoutUrl = await origins.newCheckoutUrl();
    const { cdp } = recording;
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const metrics = async () => {
      const { metrics: list } = await cdp.send('Performance.getMetrics');
      const pick = (name) => list.find((m) => m.name === name).value * 1000;
      return { task: pick('TaskDuration'), script: pick('ScriptDuration') };
    };
    const before = await metrics();
    await page.goto(origins.pageUrl(scenario, { checkoutUrl }), { waitUntil: 'commit' });
    await recording.waitFor('checkout-shown', () =>
      recording.messages.find((m) => m.args[0] === 'checkout-shown'),
    );
    const after = await metrics();
    if (after.task < before.task) throw new Error('the renderer changed during the navigation');
    return { task: after.task - before.task, script: after.script - before.script };
  });
}

async function mainThread(browser, origins, runs, failures) {
  origins.offer('brotli');
  const samples = await interleaved(
    [baseline, 'drop-in', serverRendered],
    runs,
    (scenario) => mainThreadSample(browser, origins, scenario),
    failures,
  );
  return { cpuSlowdown: 4, ...compare(samples, ['task', 'script']) };
}

/**
 * 9. Bytes the shop's page takes before the hosted page is requested, on slow 4G: in iframe mode
 * (and the baselines) until its request; in redirect mode until the navigation to it; in overlay and popup
 * modes, everything the page loads before the customer clicks the element's button.
 */
function bytesSample(browser, origins, { scenario, mode }) {
  return withPage(browser, async (page, recording) => {
    const checkoutUrl = await origins.newCheckoutUrl();
    // On a phone's network, so that files arrive in the order and pieces they would there.
    await recording.cdp.send('Network.emulateNetworkConditions', { offline: false, ...networks['slow 4G'] });
    await page.goto(origins.pageUrl(scenario, { checkoutUrl, mode }), { waitUntil: 'commit' });
    let cutoff;
    if (mode === 'overlay' || mode === 'popup') {
      await page.waitForLoadState('networkidle');
      const opened = mode === 'popup' ? page.context().waitForEvent('page') : undefined;
      // Everything received so far (the page is idle): the customer clicks after this.
      const last = Math.max(...recording.requests.map((r) => r.end ?? Infinity));
      cutoff = last + 1;
      await page.locator('waftpay-checkout [part="open-button"]').click();
      // The click is what requests the hosted page: check that it did.
      if (opened) await (await opened).waitForURL(`${checkoutUrl}*`);
      else await recording.waitFor('the hosted page request', () => documentRequest(recording, checkoutUrl));
    } else {
      const hosted = await recording.waitFor('the hosted page request', () =>
        documentRequest(recording, checkoutUrl),
      );
      cutoff = hosted.start;
    }
    const script =
      scenario === baseline
        ? undefined
        : await recording.waitFor('the drop-in', () =>
            recording.requests.find((r) => r.url.includes('/dist/cdn/') && r.end !== undefined),
          );
    // The shop's HTML counts whole: DevTools reports a document's body only once it has all arrived.
    const html = await recording.waitFor('the shop page', () => {
      const document = navigationOf(recording);
      return document.end !== undefined && document;
    });
    return {
      /** Headers and bodies received before the hosted page was requested (the shop's HTML whole). */
      total: bytesBefore(recording, cutoff) - receivedBefore(html, cutoff) + html.bytes,
      /** Of which the drop-in (headers and body). */
      dropIn: script ? receivedBefore(script, cutoff) : 0,
      /** The shop's HTML and the drop-in file as served (compressed bodies). */
      htmlBody: html.bodyBytes,
      dropInBody: script?.bodyBytes ?? 0,
      encoding: script?.encoding ?? html.encoding,
    };
  });
}

async function bytesPerMode(browser, origins, runs, failures) {
  const cases = {
    'plain iframe (baseline)': { scenario: baseline },
    iframe: { scenario: 'drop-in' },
    overlay: { scenario: 'drop-in', mode: 'overlay' },
    popup: { scenario: 'drop-in', mode: 'popup' },
    redirect: { scenario: 'drop-in', mode: 'redirect' },
    [serverRendered]: { scenario: serverRendered },
  };
  const result = { paystackInlineGzip: paystackInlineGzipBytes };
  for (const encoding of ['brotli', 'gzip']) {
    origins.offer(encoding);
    result[encoding] = {};
    for (const [name, options] of Object.entries(cases)) {
      const samples = [];
      for (let i = 0; i < runs; i++)
        samples.push(await retried(() => bytesSample(browser, origins, options), failures));
      const median = (key) => summarize(samples.map((s) => s[key])).median;
      result[encoding][name] = {
        total: median('total'),
        dropIn: median('dropIn'),
        htmlBody: median('htmlBody'),
        dropInBody: median('dropInBody'),
        encoding: samples[0].encoding,
      };
    }
  }
  return result;
}

export async function measureFirstLoad({ browser, origins, quick }) {
  /** Samples that failed and were taken again, and why. */
  const failures = [];
  return {
    chromium: browser.version(),
    method:
      'Chromium with every frame in the page renderer (as on Android), DevTools throttling, fresh context per sample, files compressed as served; times from the shop navigation start.',
    networks,
    navigation: await navigation(browser, origins, quick ? 3 : 15, failures),
    mainThread: await mainThread(browser, origins, quick ? 4 : 20, failures),
    bytesBeforeHostedPage: await bytesPerMode(browser, origins, quick ? 1 : 3, failures),
    samplesTakenAgain: failures,
  };
}
