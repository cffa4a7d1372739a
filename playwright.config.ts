import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './scripts/chromium.mjs';

const merchantPort = Number(process.env.MERCHANT_PORT ?? 4311);
export const demoPort = Number(process.env.DEMO_PORT ?? 4321);

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 20_000,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
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
      // The demo exactly as `npm start` runs it, on ports of its own.
      command: `node demo/start.mjs`,
      env: { PORT: String(demoPort), CHECKOUT_PORT: String(demoPort + 1) },
      url: `http://127.0.0.1:${demoPort}/`,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
