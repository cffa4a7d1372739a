// Firefox for the shared scenarios: puppeteer-core over WebDriver BiDi, each scenario in a fresh
// browser context (its own cookies, storage and windows).
import { launch, type BrowserContext, type Frame, type LaunchOptions, type Page } from 'puppeteer-core';
import { firefoxLaunchOptions, firefoxVersion } from '../../../scripts/firefox.mjs';
import type { BrowsingContext, Engine, EnginePage, EnginePopup } from './driver.js';
import { centreOf, expressionFor } from './in-page.js';
import { waitFor } from './wait.js';

function inContext(target: Page | Frame): BrowsingContext {
  return {
    evaluate: async (fn, ...args) => (await target.evaluate(expressionFor(fn, args))) as never,
  };
}

function asPage(page: Page): EnginePage {
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
      const opened = new Promise<Page | null>((resolve) => page.once('popup', resolve));
      await open();
      const popup = await opened;
      if (!popup) throw new Error('the page opened no window');
      return asPopup(popup);
    },
  };
}

function asPopup(popup: Page): EnginePopup {
  return {
    ...inContext(popup),
    close: () => popup.close(),
    isClosed: async () => popup.isClosed(),
  };
}

export async function startFirefox(): Promise<Engine> {
  const browser = await launch(firefoxLaunchOptions() as LaunchOptions);
  let context: BrowserContext | undefined;
  return {
    version: firefoxVersion(),
    async newPage() {
      await context?.close();
      context = await browser.createBrowserContext();
      return asPage(await context.newPage());
    },
    close: () => browser.close(),
  };
}
