// Firefox for the shared scenarios: puppeteer-core over WebDriver BiDi, each scenario in a fresh
// browser context (its own cookies, storage and windows).
import { launch, type BrowserContext, type LaunchOptions, type Page } from 'puppeteer-core';
import { firefoxLaunchOptions, firefoxVersion } from '../../../scripts/firefox.mjs';
import type { Engine, EnginePage } from './driver.js';
import { scriptedPage } from './scripted-page.js';

function asPage(page: Page): EnginePage {
  return scriptedPage(page, async (open) => {
    const opened = new Promise<Page | null>((resolve) => page.once('popup', resolve));
    await open();
    const popup = await opened;
    if (!popup) throw new Error('the page opened no window');
    return popup;
  });
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
