import { test } from '@playwright/test';
import { chromiumArgs, findChromium } from '../../scripts/chromium.mjs';
import type { EnginePage } from './engines/driver.js';
import { playwrightPage } from './engines/playwright-driver.js';
import { startChromium } from './engines/puppeteer-driver.js';
import { scenarios } from './engines/scenarios.js';

// The cross-origin scenarios that Firefox and WebKit run (test/e2e/engines/run.ts), in Chromium.
// With its back/forward cache on, as browsers have it (Playwright turns it off by default). A
// scenario that hides the page runs on puppeteer-core's Chromium: Playwright keeps every page
// visible, and no DevTools command hides one.
test.use({
  launchOptions: {
    executablePath: findChromium(),
    args: chromiumArgs,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

test.describe('every engine’s scenarios', () => {
  for (const scenario of scenarios) {
    test(scenario.name, async ({ page, context }) => {
      // A ceiling, not a wait: the phone scenarios wait for a session to run out at Waftpay.
      test.setTimeout(90_000);
      const skip = (reason: string): never => {
        test.skip(true, reason);
        throw new Error('unreachable: test.skip throws');
      };
      if (scenario.needs !== 'hidden') return scenario.run({ page: playwrightPage(page, context), skip });
      const chromium = await startChromium();
      try {
        const hideable: EnginePage = await chromium.newPage();
        await scenario.run({ page: hideable, skip });
      } finally {
        await chromium.close();
      }
    });
  }
});
