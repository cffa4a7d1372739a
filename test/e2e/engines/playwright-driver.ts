// Chromium for the shared scenarios, inside the Playwright suite (test/e2e/engines.spec.ts): the
// same driver interface over a Playwright page, so each scenario is also checked where the rest
// of the end-to-end suite runs.
import type { BrowserContext, Frame, Page } from '@playwright/test';
import type { BrowsingContext, EnginePage, EnginePopup } from './driver.js';
import { centreOf, expressionFor } from './in-page.js';
import { waitFor } from './wait.js';

function inContext(target: Page | Frame): BrowsingContext {
  return { evaluate: async (fn, ...args) => (await target.evaluate(expressionFor(fn, args))) as never };
}

export function playwrightPage(page: Page, context: BrowserContext): EnginePage {
  return {
    ...inContext(page),
    async goto(url) {
      await page.goto(url);
    },
    async frame(prefix) {
      const frame = await waitFor(`a frame at ${prefix}`, async () =>
        page.frames().find((candidate) => candidate.url().startsWith(prefix)),
      );
      return inContext(frame!);
    },
    async click(target) {
      // The target may not be rendered yet (an element upgrades after the page's load).
      const { x, y } = (await waitFor(`something to click at ${JSON.stringify(target)}`, () =>
        page.evaluate(expressionFor(centreOf, [target])),
      )) as { x: number; y: number };
      await page.mouse.click(x, y);
    },
    async press(key) {
      await page.keyboard.press(key);
    },
    async popup(open) {
      const [popup] = await Promise.all([context.waitForEvent('page'), open()]);
      return playwrightPopup(popup);
    },
  };
}

function playwrightPopup(popup: Page): EnginePopup {
  return {
    ...inContext(popup),
    close: () => popup.close(),
    isClosed: async () => popup.isClosed(),
  };
}
