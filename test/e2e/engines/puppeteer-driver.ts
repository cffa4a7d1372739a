// Firefox for the shared scenarios: puppeteer-core over WebDriver BiDi, each scenario in a fresh
// browser context (its own cookies, storage and windows). Chromium too, for the scenarios that
// hide the page, which Playwright cannot (it keeps every page visible).
import { launch, type BrowserContext, type LaunchOptions, type Page } from 'puppeteer-core';
import { chromiumArgs, chromiumVersion, findChromium } from '../../../scripts/chromium.mjs';
import { firefoxLaunchOptions, firefoxVersion } from '../../../scripts/firefox.mjs';
import type { Engine, EnginePage } from './driver.js';
import { scriptedPage } from './scripted-page.js';

function asPage(page: Page): EnginePage {
  return {
    ...scriptedPage(page, async (open) => {
      const opened = new Promise<Page | null>((resolve) => page.once('popup', resolve));
      await open();
      const popup = await opened;
      if (!popup) throw new Error('the page opened no window');
      return popup;
    }),
    // Another tab of the same window in front: the browser hides this one, as a phone does the
    // page of an app left in the background.
    async hidden(during) {
      const other = await page.browserContext().newPage();
      await other.bringToFront();
      try {
        await during();
      } finally {
        await page.bringToFront();
        await other.close();
      }
    },
  };
}

/** `options` launched, each scenario in a fresh browser context. */
async function start(options: LaunchOptions, version: string): Promise<Engine> {
  const browser = await launch(options);
  let context: BrowserContext | undefined;
  return {
    version,
    async newPage() {
      await context?.close();
      context = await browser.createBrowserContext();
      return asPage(await context.newPage());
    },
    close: () => browser.close(),
  };
}

export const startFirefox = (): Promise<Engine> =>
  start(firefoxLaunchOptions() as LaunchOptions, firefoxVersion());

/**
 * Chromium as on a phone: Chrome on Android keeps a frame of another site in its page's process
 * (it isolates only sites the customer logs in to), where the desktop gives it a process of its
 * own. It spares these scenarios the desktop's cross-process frames, whose scripts puppeteer-core
 * may wait on for good; the messages still cross origins, checked as ever.
 */
export const startChromium = (): Promise<Engine> =>
  start(
    {
      executablePath: findChromium(),
      args: [...chromiumArgs, '--disable-site-isolation-trials'],
      headless: true,
    },
    chromiumVersion(),
  );
