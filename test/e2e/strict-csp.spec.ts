import { expect, test, type Page } from '@playwright/test';
import { frameAt, press } from './frames.js';
import { checkoutOrigin, checkoutUrl, protocolPageUrl, recordedEvents, successUrl } from './origins.js';

// The shop serves: default-src 'self'; frame-src <checkout>; connect-src 'self' <checkout>;
// object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'. No unsafe-inline, no
// unsafe-eval. The element must work in every mode without one violation.

function strictPage(mode: string, session: string): string {
  return `/pages/strict.html?${new URLSearchParams({ mode, 'checkout-url': protocolPageUrl(session) })}`;
}

async function violations(page: Page, console: string[]): Promise<string[]> {
  const recorded = await page.evaluate(() => (window as never as { __violations: string[] }).__violations);
  return [...recorded, ...console];
}

function cspConsole(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

test('the policy really is strict: an inline script on that page is refused', async ({ page }) => {
  const console = cspConsole(page);
  await page.goto(strictPage('iframe', 'strict-probe'));
  await page
    .evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
    })
    .catch(() => undefined);
  expect(await page.evaluate(() => (window as never as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
  expect((await violations(page, console)).length).toBeGreaterThan(0);
});

test('iframe mode: pay, with zero violations', async ({ page }) => {
  const console = cspConsole(page);
  await page.goto(strictPage('iframe', 'strict-iframe'));
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await press(hosted, 'Pay');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  expect(await violations(page, console)).toEqual([]);
});

test('overlay mode: open, pay, close, with zero violations', async ({ page }) => {
  const console = cspConsole(page);
  await page.goto(strictPage('overlay', 'strict-overlay'));
  await page.getByRole('button', { name: 'Buy now' }).click();
  const hosted = await frameAt(page, `${checkoutOrigin}/hosted/`);
  await expect(hosted.locator('body')).toHaveAttribute('data-connected', 'yes');
  await press(hosted, 'Pay');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  await page.getByRole('button', { name: 'Close checkout' }).click();
  expect(await violations(page, console)).toEqual([]);
});

test('popup mode: pay in the window, with zero violations', async ({ page, context }) => {
  const console = cspConsole(page);
  await page.goto(strictPage('popup', 'strict-popup'));
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Buy now' }).click(),
  ]);
  await expect(popup.locator('body')).toHaveAttribute('data-connected', 'yes');
  await press(popup.mainFrame(), 'Pay');
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
  expect(await violations(page, console)).toEqual([]);
});

test('redirect mode: to the hosted page, with zero violations before leaving', async ({ page }) => {
  const console = cspConsole(page);
  await page.addInitScript(() => {
    // Keep the page long enough to read its violations, then let it go.
    document.addEventListener('waftpay-redirect', (event) => event.preventDefault(), { once: true });
  });
  await page.goto(strictPage('redirect', 'strict-redirect'));
  await expect
    .poll(async () => (await recordedEvents(page)).map((e) => e.type))
    .toEqual(['waftpay-redirect']);
  expect(await violations(page, console)).toEqual([]);
  await page.getByRole('button', { name: 'Buy now' }).click();
  await page.waitForURL(`${checkoutOrigin}/hosted/**`);
  expect(console).toEqual([]);
});

test.describe('a hosted page that speaks no protocol: the outcome is its landing on the shop’s return page', () => {
  const landingPage = (session: string, frameSelf: boolean): string =>
    `/pages/strict.html?${new URLSearchParams({
      mode: 'iframe',
      'checkout-url': checkoutUrl(session),
      'success-redirect-url': successUrl,
      'no-handshake': '',
      ...(frameSelf ? { 'frame-self': '' } : {}),
    })}`;

  test("with 'self' in frame-src, as the docs say: one waftpay-success from the landing, zero violations", async ({
    page,
  }) => {
    const console = cspConsole(page);
    await page.goto(landingPage('strict-landing', true));
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    await page.frameLocator('waftpay-checkout iframe').getByRole('button', { name: 'Pay' }).click();
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'success');
    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['waftpay-ready', 'waftpay-success']);
    expect(events[1].result).toMatchObject({ status: 'SUCCESS', source: 'return-url' });
    expect(await violations(page, console)).toEqual([]);
  });

  test("without 'self' in frame-src: the browser blocks the landing (a frame-src violation), so the docs ask for it", async ({
    page,
  }) => {
    const console = cspConsole(page);
    await page.goto(landingPage('strict-landing-blocked', false));
    await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
    await page.frameLocator('waftpay-checkout iframe').getByRole('button', { name: 'Pay' }).click();
    await expect.poll(async () => (await violations(page, console)).join('\n')).toMatch(/frame-src/);
    expect((await recordedEvents(page)).map((e) => e.type)).toEqual(['waftpay-ready']);
  });
});
