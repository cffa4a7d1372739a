// `node --import tsx test/e2e/engines/run.ts firefox|webkit`: the shared scenarios in one engine,
// as node:test tests, against the three origins of test/e2e/server.mjs (started here unless one
// already answers, as Playwright's webServer does outside CI). The Playwright suite runs the same
// scenarios in Chromium (test/e2e/engines.spec.ts). Needs the build (dist/).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Engine } from './driver.js';
import { startFirefox } from './puppeteer-driver.js';
import { scenarios } from './scenarios.js';
import { waitFor } from './wait.js';
import { startWebKit } from './webdriver-driver.js';
import { merchantOrigin } from '../origins.js';

const engines: Record<string, () => Promise<Engine>> = { firefox: startFirefox, webkit: startWebKit };
const name = process.argv[2] ?? '';
const start = engines[name];
if (!start) throw new Error(`Which engine? ${Object.keys(engines).join(' or ')}, not "${name}".`);
if (!existsSync('dist/cdn/waftpay-checkout.js')) throw new Error('No build: run `npm run build` first.');

const answers = () =>
  fetch(`${merchantOrigin}/health`).then(
    (response) => response.ok,
    () => false,
  );

let server: ChildProcess | undefined;
let engine: Engine | undefined;

before(async () => {
  if (process.env.CI || !(await answers())) {
    server = spawn(process.execPath, ['test/e2e/server.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
    await waitFor('the test server', answers);
  }
  engine = await start();
  console.log(`# ${name}: ${engine.version}`);
});

after(async () => {
  await engine?.close();
  server?.kill();
});

for (const scenario of scenarios) {
  test(scenario.name, { timeout: 60_000 }, async (t) => {
    const page = await engine!.newPage();
    try {
      await scenario.run({
        page,
        skip(reason) {
          t.skip(`${name}: ${reason}`);
          throw new SkipSignal();
        },
      });
    } catch (error) {
      if (!(error instanceof SkipSignal)) throw error;
    }
  });
}

/** Thrown by `skip()` to leave the scenario where it stands. */
class SkipSignal extends Error {}
