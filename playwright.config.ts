import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, findChromium } from './scripts/chromium.mjs';

const merchantPort = Number(process.env.MERCHANT_PORT ?? 4311);
export const demoPort = Number(process.env.DEMO_PORT ?? 4321);

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 20_000,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  // Visual baselines of the element's default states, checked by eye when (re)made with --update-snapshots.
  snapshotPathTemplate: '{testDir}/screenshots/{arg}{ext}',
  // Patience for a condition (a page from another origin, a server's answer) on a loaded machine,
  // as the engines' scenarios have (engines/wait.ts); a test that passes waits no longer for it.
  expect: { timeout: 15_000, toHaveScreenshot: { animations: 'disabled', maxDiffPixelRatio: 0.01 } },
  use: {
    baseURL: `http://127.0.0.1:${merchantPort}`,
    headless: true,
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
  },
  webServer: [
    {
      command: 'node test/e2e/server.mjs',
      url: `http://127.0.0.1:${merchantPort}/health`,
      reuseExistingServer: !process.env.CI,
    },
    {
      // The demo as `npm start` runs it (after the build), on ports and a database of its own.
      command: 'tsx demo/start.ts',
      env: {
        PORT: String(demoPort),
        SANDBOX_PORT: String(demoPort + 1),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'waftpay-demo-')),
        WEBHOOK_RETRY_MS: '500',
        // Many tests pay with the sandbox's one number that stays pending; a shop allows 3 open.
        OPEN_ORDERS_PER_NUMBER: '50',
      },
      url: `http://127.0.0.1:${demoPort}/`,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
