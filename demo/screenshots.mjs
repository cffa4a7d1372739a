// `npm run screenshots`: the pictures of the demo shop in the README, taken from the demo as
// `npm start` runs it (on free ports, with a fresh database), in Chromium. Look at each one before
// committing it: docs/images/demo-*.png.
import { chromium } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { startDemo } from './merchant/demo.ts';

const out = resolve(import.meta.dirname, '../docs/images');
const demo = await startDemo({
  port: 0,
  sandboxPort: 0,
  dataDir: mkdtempSync(join(tmpdir(), 'waftpay-screenshots-')),
  log: () => undefined,
  // `npm start` may be running: a dependency cache of its own.
  viteCacheDir: mkdtempSync(join(tmpdir(), 'waftpay-screenshots-vite-')),
});
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });

/** Waits for the sandbox's hosted page in the storefront, and sends its prompt to the phone. */
async function sendPrompt(page) {
  const hosted = page.frameLocator('waftpay-checkout iframe');
  await hosted.getByRole('button', { name: 'Send payment prompt' }).click();
  await page.locator('waftpay-checkout[status="pending"]').waitFor({ state: 'attached' });
  await page
    .frameLocator('iframe.phone-frame')
    .getByRole('button', { name: /^Approve/ })
    .waitFor();
}

try {
  // A wide screen: the basket, the checkout waiting on the phone, the phone beside it.
  const wide = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await wide.goto(`${demo.shop.url}/`);
  await wide.getByLabel('M-Pesa number').fill('254712345678');
  await wide.getByRole('button', { name: 'Pay KES 1,750' }).click();
  await sendPrompt(wide);
  await wide.evaluate(() => scrollTo(0, 0));
  await wide.screenshot({ path: join(out, 'demo-pending.png') });

  // Approved on the phone: the server's word, and the timeline of what happened.
  await wide
    .frameLocator('iframe.phone-frame')
    .getByRole('button', { name: /^Approve/ })
    .click();
  await wide.locator('#order-status', { hasText: 'Paid' }).waitFor();
  await wide.locator('waftpay-checkout[status="success"]').waitFor({ state: 'attached' });
  await wide.setViewportSize({ width: 1280, height: 1040 });
  await wide.evaluate(() => scrollTo(0, 0));
  await wide.screenshot({ path: join(out, 'demo-paid.png') });

  // A phone's screen, 360 px wide: the checkout scrolled into view after Pay.
  const narrow = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  await narrow.goto(`${demo.shop.url}/`);
  await narrow.getByLabel('M-Pesa number').fill('254712345679');
  await narrow.getByRole('button', { name: 'Pay KES 1,750' }).click();
  await sendPrompt(narrow);
  await narrow.locator('.card.checkout').evaluate((card) => card.scrollIntoView({ block: 'start' }));
  await narrow.screenshot({ path: join(out, 'demo-narrow.png') });

  // The overlay closed while the prompt waits: the way back, and what still happens on the phone.
  const closed = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await closed.goto(`${demo.shop.url}/`);
  await closed.getByLabel('Over the page').check();
  await closed.getByLabel('M-Pesa number').fill('254712345670');
  await closed.getByRole('button', { name: 'Pay KES 1,750' }).click();
  await sendPrompt(closed);
  await closed.getByRole('button', { name: 'Close checkout' }).click();
  await closed.locator('waftpay-checkout[status="dismissed"]').waitFor();
  await closed.evaluate(() => scrollTo(0, 0));
  await closed.screenshot({ path: join(out, 'demo-dismissed.png') });
  console.log(`Written to ${out}: demo-pending.png, demo-paid.png, demo-narrow.png, demo-dismissed.png`);
} finally {
  await browser.close();
  await demo.close();
}
