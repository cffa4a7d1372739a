// WebKit for the shared scenarios: WebKitGTK's MiniBrowser over WebDriver (selenium-webdriver).
// WebDriver works in one window and one frame at a time, so every call first switches to the
// window (and frame) it is about, and calls are queued so that two never interleave.
import { Key, Origin, type WebDriver } from 'selenium-webdriver';
import { startWebKitSession } from '../../../scripts/webkit.mjs';
import type { BrowsingContext, Engine, EnginePage, EnginePopup } from './driver.js';
import { centreOf, clickInFrame, expressionFor, iframeWithSource } from './in-page.js';
import { waitFor } from './wait.js';

const keys = { Escape: Key.ESCAPE, Tab: Key.TAB, Enter: Key.ENTER } as const;

class Session {
  #queue: Promise<unknown> = Promise.resolve();
  constructor(readonly driver: WebDriver) {}

  /** Runs `work` alone, in `handle`'s window (at its top), then inside `framePrefix` if given. */
  run<T>(
    handle: string,
    framePrefix: string | undefined,
    work: (driver: WebDriver) => Promise<T>,
  ): Promise<T> {
    const next = this.#queue.then(async () => {
      await this.driver.switchTo().window(handle);
      await this.driver.switchTo().defaultContent();
      if (framePrefix !== undefined) {
        const frame = await this.driver.executeScript(
          `return ${expressionFor(iframeWithSource, [framePrefix], { raw: true })}`,
        );
        if (!frame) throw new Error(`no frame at ${framePrefix}`);
        await this.driver.switchTo().frame(frame as never);
      }
      return work(this.driver);
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

function inContext(session: Session, handle: string, framePrefix?: string): BrowsingContext {
  return {
    evaluate: (fn, ...args) =>
      session.run(handle, framePrefix, (driver) => driver.executeScript(`return ${expressionFor(fn, args)}`)),
  };
}

async function handles(session: Session): Promise<string[]> {
  return session.driver.getAllWindowHandles();
}

function asPage(session: Session, handle: string): EnginePage {
  return {
    ...inContext(session, handle),
    goto: (url) => session.run(handle, undefined, (driver) => driver.get(url)),
    async frame(prefix) {
      const context = inContext(session, handle, prefix);
      await waitFor(`a frame at ${prefix}`, () => context.evaluate(() => true));
      return context;
    },
    async click(target) {
      // The target may not be rendered yet (an element upgrades after the page's load).
      const { x, y } = (await waitFor(`something to click at ${JSON.stringify(target)}`, () =>
        inContext(session, handle).evaluate(centreOf, target),
      ))!;
      await session.run(handle, undefined, (driver) =>
        driver.actions().move({ x, y, origin: Origin.VIEWPORT }).press().release().perform(),
      );
    },
    async clickInFrame(prefix, selector) {
      const top = inContext(session, handle);
      await clickInFrame(top, inContext(session, handle, prefix), prefix, selector, ({ x, y }) =>
        session.run(handle, undefined, (driver) =>
          driver.actions().move({ x, y, origin: Origin.VIEWPORT }).press().release().perform(),
        ),
      );
    },
    press: (key, inFrame) =>
      session.run(handle, inFrame, (driver) => driver.actions().sendKeys(keys[key]).perform()),
    // Minimised, the window's page is hidden (WebKit says so to the page), as a phone hides the page
    // of an app left in the background; put back where it was afterwards.
    async hidden(during) {
      const rect = await session.run(handle, undefined, (driver) => driver.manage().window().getRect());
      await session.run(handle, undefined, (driver) => driver.manage().window().minimize());
      try {
        await during();
      } finally {
        await session.run(handle, undefined, (driver) => driver.manage().window().setRect(rect));
      }
    },
    async popup(open) {
      const before = await handles(session);
      await open();
      const [opened] = await waitFor(
        'a new window',
        async () => (await handles(session)).filter((candidate) => !before.includes(candidate)),
        (found) => found.length > 0,
      );
      return asPopup(session, opened);
    },
  };
}

function asPopup(session: Session, handle: string): EnginePopup {
  return {
    ...inContext(session, handle),
    close: () => session.run(handle, undefined, (driver) => driver.close()),
    isClosed: async () => !(await handles(session)).includes(handle),
  };
}

export async function startWebKit(): Promise<Engine> {
  const { driver, version, stop } = await startWebKitSession();
  const session = new Session(driver);
  const main = await driver.getWindowHandle().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    version: `WebKitGTK ${version}`,
    async newPage() {
      // One window stays; whatever an earlier scenario opened goes, and its page is left.
      for (const handle of await handles(session))
        if (handle !== main) await session.run(handle, undefined, (d) => d.close());
      await session.run(main, undefined, async (d) => {
        await d.get('about:blank');
        await d.manage().deleteAllCookies();
      });
      return asPage(session, main);
    },
    close: stop,
  };
}
