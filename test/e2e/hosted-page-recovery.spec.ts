import { expect, test, type Page } from '@playwright/test';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { createWaftpayClient } from '../../src/server.js';
import { frameAt } from './frames.js';
import { failUrl, shopPage, successUrl } from './origins.js';
import { PageTime } from './page-time.js';

// The sandbox's hosted page when its server goes away: the shop on 127.0.0.1 (the test server),
// a sandbox of the test's own on localhost, stopped and started again mid-session.

const element = (page: Page) => page.locator('waftpay-checkout');
const quiet = () => undefined;

/** The shop's server side, as a merchant writes it (waftpay-checkout/server). */
const waftpay = (sandbox: RunningSandbox) =>
  createWaftpayClient({ baseUrl: sandbox.apiBaseUrl, consumerKey: 'shop', consumerSecret: 'secret' });

async function createSession(sandbox: RunningSandbox): Promise<{ url: string; reference: string }> {
  const reference = `RESTART-${Date.now()}`;
  const { checkoutUrl } = await waftpay(sandbox).createCheckout({
    customer: { first_name: 'Amina' },
    timestamp: new Date().toISOString(),
    checkout_reference: reference,
    // Not a test number: the prompt waits for the customer.
    msisdn: '254712345678',
    country: 'KEN',
    currency: 'KES',
    amount: 1750,
    callback_url: 'http://127.0.0.1:9/webhook',
    success_redirect_url: successUrl,
    fail_redirect_url: failUrl,
  });
  return { url: checkoutUrl, reference };
}

/** The HTTP status of the status query for `reference`, as the sandbox answers it. */
async function statusQuery(sandbox: RunningSandbox, reference: string): Promise<number> {
  const { token } = (await (
    await fetch(`${sandbox.apiBaseUrl}/authentication-service/v1/api/generate-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ consumer_key: 'shop', consumer_secret: 'secret' }),
    })
  ).json()) as { token: string };
  const response = await fetch(`${sandbox.apiBaseUrl}/payments-tsq-service/v1/query/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ transaction_reference: reference }),
  });
  return response.status;
}

test('the sandbox restarted mid-session: the customer is told, the page stops asking, its buttons never fail silently', async ({
  page,
}) => {
  test.setTimeout(60_000);
  let sandbox = await startSandbox({ port: 0, host: 'localhost', log: quiet });
  const port = Number(new URL(sandbox.origin).port);
  try {
    const { url, reference } = await createSession(sandbox);
    // The page's waits between its questions only let time pass: on the pages' own clock, which
    // flows as usual until the test moves it on.
    const time = new PageTime(page);
    const polls: number[] = [];
    page.on('request', (request) => {
      if (request.url() === `${url}/state`) polls.push(time.now());
    });
    await time.install();
    await page.goto(
      shopPage({
        'checkout-url': url,
        'success-redirect-url': successUrl,
        'fail-redirect-url': failUrl,
        // The shop's watch on the hosted page asks it within this (see below).
        'load-timeout': '60000',
      }),
    );
    const hosted = await frameAt(page, `${sandbox.origin}/checkout/`);
    await hosted.getByRole('button', { name: 'Send payment prompt' }).click();
    await expect(element(page)).toHaveAttribute('status', 'pending');
    const alert = hosted.getByRole('alert');

    // Down: the customer's answer on the stand-in phone does not reach it, and is said so.
    await sandbox.close();
    await hosted.getByRole('button', { name: 'Approve on phone' }).click();
    await expect(alert).toContainText(
      'Your request did not reach Waftpay. Check your connection and try again.',
    );
    // The page's own questions fail too: said on the page, not only in the console.
    await expect(alert).toContainText('Waftpay cannot be reached right now. Trying again…');

    // Back, with no memory of the session (a restart forgets everything).
    sandbox = await startSandbox({ port, host: 'localhost', log: quiet });
    // It learns so at its next question, after its back-off (at most 15 s while failing).
    await expect
      .poll(time.advancing(async () => (await alert.textContent()) ?? '', 16_000))
      .toContain('This payment session is no longer available.');
    await expect(alert).toContainText('Return to the shop to check your order, or to start again.');
    await expect(hosted.getByRole('button', { name: 'Approve on phone' })).toBeHidden();
    await expect(hosted.getByRole('button', { name: 'Cancel payment' })).toBeHidden();
    const atStop = polls.length;
    // Longer than any wait between two of its questions (4 s answered, 15 s failing) passes on the
    // pages' clock (short of the element's watch's 60 s deadline, which a question asked meanwhile
    // could not meet: moved on at once, the clock leaves no time for an answer); then nothing more
    // happens: no question.
    await time.runFor(20_000);
    await page.waitForTimeout(500);
    expect(polls.length).toBe(atStop);
    // About fifteen seconds in all (of the pages' time): a handful of questions, where the old page
    // asked every 0.7 s.
    const seconds = (polls[polls.length - 1] - polls[0]) / 1000;
    expect(polls.length).toBeLessThan(seconds / 0.7);

    // The server has no session of that reference; the shop's element made up no outcome.
    expect(await statusQuery(sandbox, reference)).toBe(404);
    await expect(element(page)).toHaveAttribute('status', 'pending');
  } finally {
    await sandbox.close();
  }
});

test('a reload of a checkout URL the sandbox no longer knows: the same words, no script asking', async ({
  page,
}) => {
  const sandbox = await startSandbox({ port: 0, host: 'localhost', log: quiet });
  try {
    const response = await page.goto(`${sandbox.origin}/checkout/bm8tc3VjaC1zZXNzaW9u`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading')).toHaveText('This payment session is no longer available');
    expect(await page.locator('script').count()).toBe(0);
  } finally {
    await sandbox.close();
  }
});
