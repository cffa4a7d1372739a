// Chromium for the shared scenarios, inside the Playwright suite (test/e2e/engines.spec.ts): the
// same driver interface over a Playwright page, so each scenario is also checked where the rest
// of the end-to-end suite runs.
import type { BrowserContext, Page } from '@playwright/test';
import type { EnginePage } from './driver.js';
import { scriptedPage } from './scripted-page.js';

export function playwrightPage(page: Page, context: BrowserContext): EnginePage {
  return {
    ...scriptedPage(page, async (open) => {
      const [popup] = await Promise.all([context.waitForEvent('page'), open()]);
      return popup;
    }),
    async frozen(during) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
      try {
        await during();
      } finally {
        await cdp.send('Page.setWebLifecycleState', { state: 'active' });
        await cdp.detach();
      }
    },
  };
}
