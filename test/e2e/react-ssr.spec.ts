import { expect, test, type Page } from '@playwright/test';
import { frameAt, press } from './frames.js';
import { checkoutOrigin, protocolPageUrl, recordedEvents } from './origins.js';

// A React shop renders <WaftpayCheckout> on its server (react-dom/server and the package's React
// wrapper) and hydrates it in the browser (react-ssr-page.mjs). The server's HTML holds the
// element's frame, so the hosted page loads while the HTML is parsed; the element adopts it, and
// waits for React (defer-hydration) before it says anything.

/** What the checkout origin recorded for `session`: how many times it served its page. */
async function loads(page: Page, session: string): Promise<number> {
  return (await (await page.request.get(`${checkoutOrigin}/payments/${session}`)).json()).loads;
}

/** Console errors, where React reports a server render that does not match the browser's. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    // The browser asks for a favicon the test server does not have.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
      errors.push(`${message.text()} (${message.location().url})`);
  });
  return errors;
}

test('rendered on the server and hydrated: one load of the hosted page, React hears ready and the outcome', async ({
  page,
}) => {
  const session = 'react-ssr-1';
  const errors = consoleErrors(page);
  await page.goto(`/react-ssr?${new URLSearchParams({ 'checkout-url': protocolPageUrl(session) })}`);
  await expect
    .poll(async () => (await recordedEvents(page))?.map((event) => event.type))
    .toEqual(['waftpay-ready']);
  // The frame React rendered on the server is the one the element shows: none of its own.
  expect(await page.locator('waftpay-checkout > iframe[slot="frame"]').count()).toBe(1);
  expect(
    await page.locator('waftpay-checkout').evaluate((e) => e.shadowRoot!.querySelectorAll('iframe').length),
  ).toBe(0);
  await press(await frameAt(page, `${checkoutOrigin}/hosted/`), 'Pay');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await page.waitForTimeout(300); // anything late or doubled would arrive now
  const events = await recordedEvents(page);
  expect(events.map((event) => event.type)).toEqual(['waftpay-ready', 'waftpay-success']);
  expect(events[1].result).toMatchObject({ checkoutReference: session, source: 'message' });
  expect(await loads(page, session)).toBe(1);
  expect(errors).toEqual([]);
});

test('the bundle arrives long after the hosted page loaded and said hello: nothing is missed', async ({
  page,
}) => {
  const session = 'react-ssr-late-1';
  const errors = consoleErrors(page);
  await page.goto(
    `/react-ssr?${new URLSearchParams({ 'checkout-url': protocolPageUrl(session), hydrate: 'late' })}`,
  );
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect
    .poll(() => hosted.evaluate(() => 'merchant' in window && document.readyState === 'complete'))
    .toBe(true);
  await page.addScriptTag({ type: 'module', url: '/react-ssr/hydrate.js' });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await press(hosted, 'Pay');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await page.waitForTimeout(300);
  expect((await recordedEvents(page)).map((event) => event.type)).toEqual([
    'waftpay-ready',
    'waftpay-success',
  ]);
  expect(await loads(page, session)).toBe(1);
  expect(errors).toEqual([]);
});
