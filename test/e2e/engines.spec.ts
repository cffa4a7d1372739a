import { test } from '@playwright/test';
import { playwrightPage } from './engines/playwright-driver.js';
import { scenarios } from './engines/scenarios.js';

// The cross-origin scenarios that Firefox and WebKit run (test/e2e/engines/run.ts), in Chromium.

test.describe('every engine’s scenarios', () => {
  for (const scenario of scenarios) {
    test(scenario.name, async ({ page, context }) => {
      await scenario.run({
        page: playwrightPage(page, context),
        skip(reason) {
          test.skip(true, reason);
          throw new Error('unreachable: test.skip throws');
        },
      });
    });
  }
});
