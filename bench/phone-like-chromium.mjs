// Chromium as a mid-range Android phone runs a shop's page: every frame in the page's renderer.
// Chrome on Android isolates only the sites a customer logs into, so a cross-site checkout frame
// usually shares the shop's process and main thread. On the desktop each site has its own process,
// and DevTools' network throttling, set on the page, would then miss the hosted page's own files.
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';

/** Playwright's own `--disable-features=…`, which a second such flag would replace, not extend. */
async function playwrightDisabledFeatures(executablePath) {
  const browser = await chromium.launch({ executablePath, args: [...chromiumArgs, '--enable-automation'] });
  try {
    const session = await browser.newBrowserCDPSession();
    const { arguments: argv } = await session.send('Browser.getBrowserCommandLine');
    return argv.find((argument) => argument.startsWith('--disable-features='));
  } finally {
    await browser.close();
  }
}

/** Launches Chromium with site isolation off, keeping the features Playwright turns off. */
export async function launchPhoneLikeChromium() {
  const executablePath = findChromium();
  const disabled = await playwrightDisabledFeatures(executablePath);
  const isolation = 'SitePerProcess,IsolateOrigins';
  return chromium.launch({
    executablePath,
    ignoreDefaultArgs: disabled ? [disabled] : [],
    args: [
      ...chromiumArgs,
      '--disable-site-isolation-trials',
      disabled ? `${disabled},${isolation}` : `--disable-features=${isolation}`,
    ],
  });
}
