import { expect, test, type Frame, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { frameAt } from './frames.js';
import {
  checkoutOrigin,
  intruderOrigin,
  merchantOrigin,
  protocolPageUrl,
  recordedEvents,
  shopPage,
} from './origins.js';

// Hostile pages, counted. Every scenario reports how many attempts it made, how many events the
// shop's element wrongly dispatched (must be 0) and how many exceptions the shop page threw (must
// be 0); the totals go to reports/hostile.json, and the README quotes them.

interface Tally {
  scenario: string;
  attempts: number;
  wrongEvents: number;
  exceptions: number;
}
const tallies: Tally[] = [];

interface IntruderReport {
  attempts: number;
  handshakes: string[];
}

/** The shop's own checkout in `shop` (a page or a frame), shown and connected to its hosted page. */
async function connected(shop: Page | Frame, page: Page): Promise<void> {
  await expect(shop.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
}

/** Runs the intruder page's attack (once its script has defined it) and resolves with its report. */
async function attack(intruder: Frame): Promise<IntruderReport> {
  await expect.poll(() => intruder.evaluate(() => 'attack' in window)).toBe(true);
  return intruder.evaluate(() => (window as never as { attack(): Promise<IntruderReport> }).attack());
}

/** Errors thrown in the shop's page (or its frames). */
function exceptions(page: Page): string[] {
  const thrown: string[] = [];
  page.on('pageerror', (error) => thrown.push(error.message));
  return thrown;
}

async function wrongEvents(shop: Page, allowed: string[] = ['waftpay-ready']): Promise<number> {
  return (await recordedEvents(shop)).filter((event) => !allowed.includes(event.type)).length;
}

test.afterAll(() => {
  const totals = tallies.reduce(
    (sum, tally) => ({
      attempts: sum.attempts + tally.attempts,
      wrongEvents: sum.wrongEvents + tally.wrongEvents,
      exceptions: sum.exceptions + tally.exceptions,
    }),
    { attempts: 0, wrongEvents: 0, exceptions: 0 },
  );
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/hostile.json', JSON.stringify({ scenarios: tallies, totals }, null, 2));
  console.log(
    `hostile pages: ${totals.attempts} attempts, ${totals.wrongEvents} wrong events, ${totals.exceptions} exceptions`,
  );
});

test('an ad frame from a third origin forges outcomes in every shape, huge, nested and polluting', async ({
  page,
}) => {
  const thrown = exceptions(page);
  await page.goto('/pages/with-intruder-frame.html');
  await connected(page, page);
  const report = await attack(await frameAt(page, `${intruderOrigin}/intruder/forger.html`));
  expect(report.handshakes).toEqual(['refused', 'refused']);
  expect(await page.evaluate(() => 'polluted' in Object.prototype)).toBe(false);
  const wrong = await wrongEvents(page);
  tallies.push({
    scenario: 'third-origin frame',
    attempts: report.attempts,
    wrongEvents: wrong,
    exceptions: thrown.length,
  });
  expect(report.attempts).toBeGreaterThan(60);
  expect(wrong).toBe(0);
  expect(thrown).toEqual([]);
});

test('a page that opens the shop and posts to it', async ({ page, context }) => {
  await page.goto(`${intruderOrigin}/intruder/opener.html`);
  const [shop] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Open the shop' }).click(),
  ]);
  const thrown = exceptions(shop);
  await connected(shop, shop);
  const report = await attack(page.mainFrame());
  const wrong = await wrongEvents(shop);
  tallies.push({
    scenario: 'opener of the shop',
    attempts: report.attempts,
    wrongEvents: wrong,
    exceptions: thrown.length,
  });
  expect(report.handshakes).toEqual(['refused']);
  expect(wrong).toBe(0);
  expect(thrown).toEqual([]);
});

test('a page that frames the shop and posts into it', async ({ page }) => {
  await page.goto(`${intruderOrigin}/intruder/frames-shop.html`);
  const shop = await frameAt(page, `${merchantOrigin}/pages/checkout.html`);
  await connected(shop, page);
  const report = await attack(page.mainFrame());
  const events = await shop.evaluate(
    () => (window as never as { __events: Array<{ type: string }> }).__events,
  );
  const wrong = events.filter((event) => event.type !== 'waftpay-ready').length;
  tallies.push({
    scenario: 'framer of the shop',
    attempts: report.attempts,
    wrongEvents: wrong,
    exceptions: 0,
  });
  expect(report.handshakes).toEqual(['refused']);
  expect(wrong).toBe(0);
});

test('a second frame from the checkout origin itself, speaking the protocol', async ({ page }) => {
  const thrown = exceptions(page);
  await page.goto('/pages/two-checkout-frames.html');
  const other = page.frames().find((frame) => frame.url().includes('session=other'))!;
  // Its helper has run (said hello, queued its early success), and the shop's own frame connected.
  await expect.poll(() => other.evaluate(() => 'merchant' in window)).toBe(true);
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
  // Its handshake, its early success, and four more reports after.
  await other.evaluate(() => {
    const { merchant } = window as never as { merchant: Record<string, (arg?: object) => void> };
    merchant.succeed({ checkoutReference: 'IMPOSTOR' });
    merchant.fail();
    merchant.expire();
    merchant.cancel();
  });
  await page.waitForTimeout(300);
  const connected = await other.evaluate(() => document.body.dataset.connected ?? 'no');
  const wrong = await wrongEvents(page);
  tallies.push({
    scenario: 'second checkout-origin frame',
    attempts: 6,
    wrongEvents: wrong,
    exceptions: thrown.length,
  });
  expect(connected).toBe('no');
  expect(wrong).toBe(0);
  expect(thrown).toEqual([]);
});

test('messages from a previous session, after checkout-url changes', async ({ page }) => {
  const thrown = exceptions(page);
  await page.goto(shopPage({ 'checkout-url': protocolPageUrl('previous') }));
  const old = page.frames().find((frame) => frame.url().includes('session=previous'))!;
  await expect(old.locator('body')).toHaveAttribute('data-connected', 'yes');
  // Its last words, said as its frame is taken away: after the change, however slow the machine.
  await old.evaluate(() => {
    const { merchant } = window as never as { merchant: Record<string, (arg?: object) => void> };
    addEventListener('pagehide', () => {
      merchant.succeed({ checkoutReference: 'LATE' });
      merchant.cancel();
    });
  });
  await page.evaluate(
    (url) => document.querySelector('waftpay-checkout')!.setAttribute('checkout-url', url),
    protocolPageUrl('current'),
  );
  // Its frame goes with the session; the new session is shown.
  await expect.poll(() => old.isDetached()).toBe(true);
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
  await page.waitForTimeout(300);
  const wrong = await wrongEvents(page);
  tallies.push({ scenario: 'previous session', attempts: 2, wrongEvents: wrong, exceptions: thrown.length });
  expect(wrong).toBe(0);
  expect(thrown).toEqual([]);
});

test('a page that frames the hosted checkout is refused (frame-ancestors)', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (message) => message.text().includes('frame-ancestors') && refused.push(message.text()));
  const target = protocolPageUrl('framed-by-stranger', { 'refuse-framing': '' });
  await page.goto(`${intruderOrigin}/intruder/framer.html?src=${encodeURIComponent(target)}`);
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  const framed = page.frames().find((frame) => frame.url().startsWith(checkoutOrigin));
  tallies.push({
    scenario: 'framer of the hosted page',
    attempts: 1,
    wrongEvents: framed ? 1 : 0,
    exceptions: 0,
  });
  expect(framed).toBeUndefined();
});
