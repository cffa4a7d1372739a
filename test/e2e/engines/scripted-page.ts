// What Playwright's and puppeteer's pages have in common (the same calls, the same meaning), so
// the Chromium and Firefox drivers share one implementation of the driver interface.
import type { BrowsingContext, EnginePage, EnginePopup } from './driver.js';
import { centreOf, expressionFor, pointInFrame } from './in-page.js';
import { waitFor } from './wait.js';

/** A window or frame that runs a script given as source. */
interface ScriptedContext {
  evaluate(expression: string): Promise<unknown>;
}

/** A top-level tab as both libraries drive it. */
export interface ScriptedPage extends ScriptedContext {
  goto(url: string): Promise<unknown>;
  frames(): Array<ScriptedContext & { url(): string }>;
  mouse: { click(x: number, y: number): Promise<void> };
  keyboard: { press(key: string): Promise<void> };
  close(): Promise<void>;
  isClosed(): boolean;
}

function inContext(target: ScriptedContext): BrowsingContext {
  return { evaluate: async (fn, ...args) => (await target.evaluate(expressionFor(fn, args))) as never };
}

/**
 * The driver's page over `page`; `popupOf(open)` runs `open` and resolves with the window it
 * opened (each library hears of it its own way).
 */
export function scriptedPage(
  page: ScriptedPage,
  popupOf: (open: () => Promise<void>) => Promise<ScriptedPage>,
): EnginePage {
  return {
    ...inContext(page),
    async goto(url) {
      await page.goto(url);
    },
    async frame(prefix) {
      // Found again for each script: a frame that navigates, or moves to a process of its own, may
      // be another object for the driver afterwards.
      const find = () => page.frames().find((candidate) => candidate.url().startsWith(prefix));
      await waitFor(`a frame at ${prefix}`, async () => find());
      return {
        evaluate: async (fn, ...args) => {
          const frame = find();
          if (!frame) throw new Error(`no frame at ${prefix}`);
          return (await frame.evaluate(expressionFor(fn, args))) as never;
        },
      };
    },
    async click(target) {
      // The target may not be rendered yet (an element upgrades after the page's load).
      const { x, y } = (await waitFor(`something to click at ${JSON.stringify(target)}`, () =>
        page.evaluate(expressionFor(centreOf, [target])),
      )) as { x: number; y: number };
      await page.mouse.click(x, y);
    },
    async clickInFrame(prefix, selector) {
      const { x, y } = await pointInFrame(this, await this.frame(prefix), prefix, selector);
      await page.mouse.click(x, y);
    },
    async press(key) {
      await page.keyboard.press(key);
    },
    popup: async (open) => scriptedPopup(await popupOf(open)),
  };
}

function scriptedPopup(popup: ScriptedPage): EnginePopup {
  return {
    ...inContext(popup),
    close: () => popup.close(),
    isClosed: async () => popup.isClosed(),
  };
}
