// `node --import tsx test/e2e/engines/run.ts firefox|webkit`: the shared scenarios in one engine,
// as node:test tests, against the three origins of test/e2e/server.mjs and the demo (`npm start`
// on DEMO_PORT), each started here unless one already answers there, as Playwright's webServer
// does outside CI. The Playwright suite runs the same scenarios in Chromium
// (test/e2e/engines.spec.ts). Needs the build (dist/).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const demoPort = Number(process.env.DEMO_PORT ?? 4321);
const answers = (url: string) => () =>
  fetch(url).then(
    (response) => response.ok,
    () => false,
  );

const servers: ChildProcess[] = [];
let engine: Engine | undefined;

/** Starts a server (node `args`) unless `url` answers already, and waits until it does. */
async function serve(url: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  if (!process.env.CI && (await answers(url)())) return;
  const server = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  servers.push(server);
  await waitFor(`a server at ${url}`, answers(url), Boolean, 60_000);
}

before(async () => {
  await Promise.all([
    serve(`${merchantOrigin}/health`, ['test/e2e/server.mjs']),
    // The demo as the Playwright config starts it: ports and a database of its own.
    serve(`http://127.0.0.1:${demoPort}/`, ['--import', 'tsx', 'demo/start.ts'], {
      PORT: String(demoPort),
      SANDBOX_PORT: String(demoPort + 1),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'waftpay-demo-')),
      WEBHOOK_RETRY_MS: '500',
      // Many tests pay with the sandbox's one number that stays pending; a shop allows 3 open.
      OPEN_ORDERS_PER_NUMBER: '50',
    }),
  ]);
  engine = await start();
  console.log(`# ${name}: ${engine.version}`);
});

after(async () => {
  await engine?.close();
  for (const server of servers) server.kill();
});

for (const scenario of scenarios) {
  test(scenario.name, { timeout: 90_000 }, async (t) => {
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
