import { esbuildPlugin } from '@web/dev-server-esbuild';
import { createServer } from 'node:net';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumVersion, findChromium } from './scripts/chromium.mjs';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';

/** The keys of hanging pages whose server is back (`/__hang/back?key=`). */
const backKeys = new Set();
/** The requests hung on each key, answered when its server is back. */
const hungRequests = new Map();

/**
 * `/__hang`: a hosted page whose server hangs (for load timeouts); with `?key=K`, until the test
 * says its server is back (`/__hang/back?key=K`), then it answers with the hosted-page fixture,
 * the hung requests too. Hung requests give up after 10 s so the server can close.
 */
function hangingPage(context, next) {
  const key = context.query.key;
  const fixture = '/test/element/fixtures/hosted-page.html';
  if (context.path === '/__hang/back') {
    backKeys.add(key);
    for (const answer of hungRequests.get(key) ?? []) answer();
    hungRequests.delete(key);
    context.body = 'back';
    return;
  }
  if (context.path !== '/__hang') return next();
  if (backKeys.has(key)) return context.redirect(fixture);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      context.status = 504;
      resolve();
    }, 10_000);
    if (key === undefined) return;
    hungRequests.set(key, [
      ...(hungRequests.get(key) ?? []),
      () => {
        clearTimeout(timer);
        context.redirect(fixture);
        resolve();
      },
    ]);
  });
}

/**
 * `/__refuse-framing`: a hosted page whose server forbids every frame (`frame-ancestors 'none'`
 * and `X-Frame-Options: DENY`), as many payment pages do. Each engine shows something different
 * in the frame, and tells the embedding page something different (a load, an error, nothing).
 */
async function framingRefusedPage(context, next) {
  if (context.path !== '/__refuse-framing') return next();
  context.set('content-security-policy', "frame-ancestors 'none'");
  context.set('x-frame-options', 'DENY');
  context.type = 'html';
  context.body = '<!doctype html><title>Refuses framing</title><p>Hosted checkout (refuses framing)</p>';
}

/** A port on this machine where nothing listens: a checkout server that is down. */
const closedPort = await new Promise((resolve, reject) => {
  const server = createServer().on('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** `/__closed-port`: that port's number, for the tests. */
function closedPortNumber(context, next) {
  if (context.path !== '/__closed-port') return next();
  context.body = String(closedPort);
}

const chromium = chromeLauncher({
  launchOptions: { executablePath: findChromium(), headless: true, args: chromiumArgs },
});
// The version, for the report: "Chromium 156.0.8078.108".
chromium.name = chromiumVersion();

/**
 * `/__counted/<id>/<name>`: the element tests' fixture `<name>.html`, counted under `id` (with
 * `?hang-from=N`, its server hangs from the Nth load on);
 * `/__loads?id=<id>` answers how many times it was served, so a test can check what the server
 * saw (one load of the hosted page, not two). The path has no extension, so the test runner's
 * year-long cache header stays off it and every load reaches the server.
 */
const loadsById = new Map();
async function countedFixtures(context, next) {
  if (context.path === '/__loads') {
    context.body = String(loadsById.get(context.query.id) ?? 0);
    return;
  }
  const match = /^\/__counted\/([\w-]+)\/([\w-]+)$/.exec(context.path);
  if (!match) return next();
  const [asked, id, name] = match;
  const loads = (loadsById.get(id) ?? 0) + 1;
  loadsById.set(id, loads);
  // ?hang-from=N: from its Nth load on, the page never comes (its server hangs, and gives up after
  // 10 s so that the server can close).
  if (loads >= Number(context.query['hang-from'] ?? Infinity)) {
    return new Promise((resolve) =>
      setTimeout(() => {
        context.status = 504;
        resolve();
      }, 10_000),
    );
  }
  context.path = `/test/element/fixtures/${name}.html`;
  await next();
  context.path = asked;
}

export default {
  files: ['test/element/**/*.test.ts'],
  nodeResolve: true,
  // Another port lets two checkouts of the project test side by side.
  port: Number(process.env.WTR_PORT ?? 8000),
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [countedFixtures, hangingPage, framingRefusedPage, closedPortNumber],
  browsers: [chromium],
  concurrency: 1,
  // A ceiling, not a wait: on a busy machine a test that takes 2 s alone can take several.
  testFramework: { config: { timeout: 10_000 } },
  coverage: true,
  coverageConfig: {
    include: ['src/**/*.ts'],
    report: true,
    reportDir: 'coverage',
    threshold: { statements: 90, branches: 85, functions: 90, lines: 90 },
  },
  reporters: [defaultReporter(), countsReporter('reports/element.json')],
};
