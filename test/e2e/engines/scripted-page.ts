// What Playwright's and puppeteer's pages have in common (the same calls, the same meaning), so
// the Chromium and Firefox drivers share one implementation of the driver interface.
import type { BrowsingContext, EnginePage, EnginePopup } from './driver.js';
import { centreOf, clickInFrame, expressionFor } from './in-page.js';
import { waitFor } from './wait.js';

/** A window or frame that runs a script given as source. */
interface ScriptedContext {
  evaluate(expression: string): Promise<unknown>;
}

/** A frame as both libraries list it. */
interface ScriptedFrame extends ScriptedContext {
  url(): string;
  isDetached(): boolean;
}

/** How long one script in a frame may take before the frame is taken for one that will not answer. */
const frameScriptMs = 10_000;

/** `work`, or a rejection once it has taken longer than `frameScriptMs`. */
function withinPatience<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${frameScriptMs} ms`)), frameScriptMs);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A top-level tab as both libraries drive it. */
export interface ScriptedPage extends ScriptedContext {
  goto(url: string): Promise<unknown>;
  frames(): ScriptedFrame[];
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
      // be another object for the driver afterwards, and the old one may linger in its list for a
      // while, its scripts failing or never answering. So the newest frame at `prefix` is taken,
      // and given a while only.
      const find = () =>
        page
          .frames()
          .filter((candidate) => candidate.url().startsWith(prefix) && !candidate.isDetached())
          .at(-1);
      await waitFor(`a frame at ${prefix}`, async () => find());
      return {
        evaluate: async (fn, ...args) => {
          const frame = find();
          if (!frame) throw new Error(`no frame at ${prefix}`);
          return (await withinPatience(frame.evaluate(expressionFor(fn, args)))) as never;
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
      await clickInFrame(this, await this.frame(prefix), prefix, selector, ({ x, y }) =>
        page.mouse.click(x, y),
      );
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
