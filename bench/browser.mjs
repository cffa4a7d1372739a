// 2-5: the browser benchmarks, in Chromium, across two loopback origins (the shop on 127.0.0.1,
// the hosted page on localhost), each against a baseline measured in the same run.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { stallMs } from './patience.mjs';
import { ratio, summarize } from './stats.mjs';

// The three origins of test/e2e/server.mjs, on the bench's ports (BENCH_PORT and the next two).
const base = Number(process.env.BENCH_PORT ?? 4730);
const ports = {
  MERCHANT_PORT: String(base),
  CHECKOUT_PORT: String(base + 1),
  INTRUDER_PORT: String(base + 2),
};
const shop = `http://127.0.0.1:${ports.MERCHANT_PORT}`;
const checkout = `http://localhost:${ports.CHECKOUT_PORT}`;
const plainPage = (id) => `${checkout}/checkout/${id}?amount=1750&currency=KES`;
const protocolPage = (id) =>
  `${checkout}/hosted/protocol.html?session=${id}&merchants=${encodeURIComponent(shop)}`;

async function startOrigins() {
  const server = spawn(process.execPath, ['test/e2e/server.mjs'], {
    env: { ...process.env, ...ports },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  return server;
}

async function benchPage(browser) {
  const page = await browser.newPage();
  // Each wait below ends on what it waits for (the element defined, a latency recorded); a busy
  // machine may take long, and only a page where nothing happens at all should stop the section.
  page.setDefaultTimeout(stallMs);
  await page.goto(`${shop}/bench/bench.html`);
  await page.waitForFunction(() => customElements.get('waftpay-checkout') && window.firstRequest);
  return page;
}

/** 2. From insertion to the hosted page's request, against a plain <iframe src>. */
async function firstRequest(browser, runs) {
  const page = await benchPage(browser);
  const samples = { element: [], iframe: [] };
  for (let i = 0; i < runs; i++) {
    // Alternate, so that drift on a busy machine hits both alike.
    for (const kind of i % 2 ? ['element', 'iframe'] : ['iframe', 'element']) {
      samples[kind].push(
        await page.evaluate(
          ([k, url]) => window.firstRequest(k, url),
          [kind, plainPage(`first-${kind}-${i}`)],
        ),
      );
    }
  }
  await page.close();
  const element = summarize(samples.element);
  const iframe = summarize(samples.iframe);
  return { unit: 'ms', element, baseline: iframe, ratio: ratio(element.median, iframe.median) };
}

/** 3. Main-thread scripting and task time to insert and show N, against N plain iframes. */
async function mainThread(browser, count, runs) {
  const page = await benchPage(browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const pick = (name) => metrics.find((m) => m.name === name).value * 1000;
    return { script: pick('ScriptDuration'), task: pick('TaskDuration') };
  };
  const samples = { element: { script: [], task: [] }, iframe: { script: [], task: [] } };
  for (let i = 0; i < runs; i++) {
    for (const kind of i % 2 ? ['element', 'iframe'] : ['iframe', 'element']) {
      const before = await metric();
      await page.evaluate(
        ([k, n, url]) => window.insertMany(k, n, url),
        [kind, count, `${plainPage(`cost-${i}`)}`],
      );
      const after = await metric();
      samples[kind].script.push(after.script - before.script);
      samples[kind].task.push(after.task - before.task);
      await page.evaluate(() => window.clear());
    }
  }
  await page.close();
  const result = {};
  for (const measure of ['script', 'task']) {
    const element = summarize(samples.element[measure]);
    const iframe = summarize(samples.iframe[measure]);
    result[measure] = { unit: 'ms', element, baseline: iframe, ratio: ratio(element.median, iframe.median) };
  }
  return result;
}

/** 4. The host helper's succeed() to the shop's waftpay-success handler, against a raw postMessage. */
async function outcomeLatency(browser, runs) {
  const page = await benchPage(browser);
  for (let i = 0; i < runs; i++) {
    await page.evaluate((url) => window.session(url), protocolPage(`latency-${i}`));
    const frame = page.frames().find((f) => f.url().includes(`session=latency-${i}&`));
    await frame.waitForFunction(() => document.body.dataset.connected === 'yes');
    // Later, so that our evaluate has returned before the session ends and the frame goes; the
    // timestamp is taken right before succeed().
    await frame
      .evaluate(() =>
        setTimeout(
          () => window.merchant.succeed({ description: String(performance.timeOrigin + performance.now()) }),
          30,
        ),
      )
      .catch(() => undefined);
    await page.waitForFunction((n) => window.latencies.length === n, i + 1);
  }
  await page.evaluate(
    (url) => {
      const frame = document.createElement('iframe');
      frame.src = url;
      document.querySelector('#stage').replaceChildren(frame);
      return new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    },
    `${checkout}/bench/raw.html?shop=${encodeURIComponent(shop)}`,
  );
  const raw = page.frames().find((f) => f.url().includes('/bench/raw.html'));
  for (let i = 0; i < runs; i++) {
    await raw.evaluate(() => window.post());
    await page.waitForFunction((n) => window.rawLatencies.length === n, i + 1);
  }
  const [latencies, rawLatencies] = await page.evaluate(() => [window.latencies, window.rawLatencies]);
  await page.close();
  const element = summarize(latencies);
  const baseline = summarize(rawLatencies);
  return { unit: 'ms', element, baseline, ratio: ratio(element.median, baseline.median) };
}

/** 5. DOM nodes, JS event listeners and heap after N cycles of insert → ready → remove. */
async function leaks(browser, cycles) {
  const page = await benchPage(browser);
  const cdp = await page.context().newCDPSession(page);
  const measure = async () => {
    // The browser's own resource-timing buffer keeps an entry per frame load: not ours to count.
    await page.evaluate(() => performance.clearResourceTimings());
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const counters = await cdp.send('Memory.getDOMCounters');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return {
      nodes: counters.nodes,
      listeners: counters.jsEventListeners,
      heapKiB: Math.round(heap.usedSize / 1024),
      elementsAlive: await liveInstances("customElements.get('waftpay-checkout').prototype"),
      framesAlive: await liveInstances('HTMLIFrameElement.prototype'),
    };
  };
  /** How many objects with this prototype are still alive (after GC): the engine's own count. */
  const liveInstances = async (prototype) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression: prototype });
    const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: result.objectId });
    const { result: count } = await cdp.send('Runtime.callFunctionOn', {
      objectId: objects.objectId,
      functionDeclaration: 'function () { return this.length; }',
      returnByValue: true,
    });
    return count.value;
  };
  await page.evaluate((url) => window.cycles(20, url), protocolPage('warm-up'));
  const before = await measure();
  const started = Date.now();
  await page.evaluate(([n, url]) => window.cycles(n, url), [cycles, protocolPage('cycles')]);
  const seconds = (Date.now() - started) / 1000;
  const after = await measure();
  await page.close();
  return {
    cycles,
    seconds: Math.round(seconds),
    before,
    after,
    delta: {
      nodes: after.nodes - before.nodes,
      listeners: after.listeners - before.listeners,
      heapKiB: after.heapKiB - before.heapKiB,
      elementsAlive: after.elementsAlive - before.elementsAlive,
      framesAlive: after.framesAlive - before.framesAlive,
    },
  };
}

export async function measureBrowser({ quick }) {
  const server = await startOrigins();
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  try {
    const version = browser.version();
    return {
      chromium: version,
      firstRequest: await firstRequest(browser, quick ? 6 : 30),
      mainThread1: await mainThread(browser, 1, quick ? 4 : 15),
      mainThread20: await mainThread(browser, 20, quick ? 3 : 10),
      outcomeLatency: await outcomeLatency(browser, quick ? 20 : 200),
      leaks: await leaks(browser, quick ? 50 : 1000),
    };
  } finally {
    await browser.close();
    server.kill();
  }
}
