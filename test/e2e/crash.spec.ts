import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { served } from './engines/shop.js';
import { frameAt, press } from './frames.js';
import { checkoutOrigin, protocolPageUrl, recordedEvents, shopPage, type RecordedEvent } from './origins.js';

// The hosted page's renderer crashing mid-session, for real: Chromium's own Page.crash on the
// hosted page's process. The shop's element hears nothing from the browser; it notices that the
// page no longer answers, loads it again, and the session goes on with no duplicate event.
// The hosted page (test page) succeeds by itself from its second load on.

const element = (page: Page) => page.locator('waftpay-checkout');
// Also how long a page may take to answer "are you there?", and to load again: generous, as a live
// page on a busy machine can take seconds. The watch's questions and their deadlines only let time
// pass: on the pages' own clock (page.clock), which flows as usual until the test moves it on.
const loadTimeout = '20000';
/** A ping interval (2 s), then a question's deadline: a crash is noticed within this, on the pages' clock. */
const noticedMs = 2000 + Number(loadTimeout);
test.describe.configure({ timeout: 60_000 });
/** A session id of its own for each run: the server counts loads per session, across runs. */
const fresh = (name: string) => `${name}-${crypto.randomUUID()}`;

/**
 * Lets `ms` pass at once on the clock of the page behind `shop` (installed by page.clock, which
 * keeps it in the page's `__pwClock`). Once a renderer has crashed, Playwright moves no clock in
 * its context (page.clock.runFor fails, or passes over the shop's page): this goes through a
 * DevTools session of the shop's own.
 */
async function runShopClockFor(shop: CDPSession, ms: number): Promise<void> {
  const { exceptionDetails } = await shop.send('Runtime.evaluate', {
    expression: `globalThis.__pwClock.controller.runFor(${ms})`,
    awaitPromise: true,
  });
  if (exceptionDetails) throw new Error(`the shop's clock: ${exceptionDetails.text}`);
}

/** Crashes the renderer behind `session`; the answer never comes, as the process is gone. */
function crash(session: CDPSession): void {
  session.send('Page.crash').catch(() => undefined);
}

test('the framed hosted page crashes: it is loaded again; one ready, one outcome', async ({
  page,
  context,
}) => {
  const url = protocolPageUrl(fresh('crash-frame'), { auto: 'succeed-when-reloaded' });
  await page.clock.install();
  await page.goto(shopPage({ 'checkout-url': url, 'load-timeout': loadTimeout }));
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  // Playwright takes a crash of any of a page's renderers for the page's own and stops driving
  // it, so the shop (whose renderer lives on) is read through a DevTools session of its own.
  const shop = await context.newCDPSession(page);
  const read = async <T>(expression: string): Promise<T> =>
    (await shop.send('Runtime.evaluate', { expression, returnByValue: true })).result.value as T;
  const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
  crash(await context.newCDPSession(hosted));
  await crashed;

  // The next question and its silence; the page is then loaded again on flowing time.
  await runShopClockFor(shop, noticedMs);
  await expect.poll(() => read<string>(`document.querySelector('waftpay-checkout').status`)).toBe('success');
  const events = await read<RecordedEvent[]>('window.__events');
  expect(events.map((event) => event.type)).toEqual(['waftpay-ready', 'waftpay-success']);
  expect(events[1].result).toMatchObject({ checkoutReference: 'AUTO', source: 'message' });
});

test('the hosted page in a popup crashes: the window loads it again; one ready, one outcome', async ({
  page,
  context,
}) => {
  const url = protocolPageUrl(fresh('crash-popup'), { auto: 'succeed-when-reloaded' });
  await page.clock.install();
  await page.goto(shopPage({ mode: 'popup', 'checkout-url': url, 'load-timeout': loadTimeout }));
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    element(page).getByRole('button', { name: 'Pay with Waftpay' }).click(),
  ]);
  await expect(popup.locator('body')).toHaveAttribute('data-connected', 'yes');
  const shop = await context.newCDPSession(page);
  const crashed = new Promise<void>((resolve) => popup.once('crash', () => resolve()));
  crash(await context.newCDPSession(popup));
  await crashed;

  // The next question and its silence; the page is then loaded again on flowing time.
  await runShopClockFor(shop, noticedMs);
  await expect(element(page)).toHaveAttribute('status', 'success');
  const events = await recordedEvents(page);
  expect(events.map((event) => event.type)).toEqual(['waftpay-ready', 'waftpay-success']);
  expect(events[1].result).toMatchObject({ checkoutReference: 'AUTO', source: 'message' });
});

for (const mode of ['iframe', 'popup'] as const) {
  test(`${mode}: a hosted page that leaves for a page that never answers (a bank's) is not loaded again`, async ({
    page,
    context,
  }) => {
    const session = fresh(`bank-${mode}`);
    const url = protocolPageUrl(session);
    await page.clock.install();
    await page.goto(shopPage({ mode, 'checkout-url': url, 'load-timeout': loadTimeout }));
    const hosted =
      mode === 'iframe'
        ? await frameAt(page, `${checkoutOrigin}/hosted/`)
        : (
            await Promise.all([
              context.waitForEvent('page'),
              element(page).getByRole('button', { name: 'Pay with Waftpay' }).click(),
            ])
          )[0].mainFrame();
    await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
    await hosted.evaluate((bank) => (location.href = bank), `${checkoutOrigin}/hosted/bank.html`);
    await expect(hosted.locator('h1')).toHaveText('Your bank');
    // Twice the time in which a crashed page is noticed passes on the pages' clock; then nothing
    // more happens: no second load.
    await page.clock.runFor(2 * noticedMs);
    await page.waitForTimeout(500);
    await expect(hosted.locator('h1')).toHaveText('Your bank');
    expect(hosted.url()).toBe(`${checkoutOrigin}/hosted/bank.html`);
    expect(await served(`session=${session}`), 'the hosted page was not loaded again').toHaveLength(1);

    // Back from the bank, the page connects again and the session ends as usual.
    await hosted.evaluate((back) => (location.href = back), url);
    await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
    await press(hosted, 'Pay');
    await expect(element(page)).toHaveAttribute('status', 'success');
    expect((await recordedEvents(page)).map((event) => event.type)).toEqual([
      'waftpay-ready',
      'waftpay-success',
    ]);
  });
}
