import { expect, test, type Page } from '@playwright/test';
import {
  answerOnPhone,
  countHostedPageLoads,
  newMsisdn,
  phonePrompts,
  sandbox,
  sandboxState,
  shop,
  shopOrder,
  shopOrders,
  startPaying,
  startPayingInPopup,
  timelineEvents,
} from './demo-shop.js';
import { frameAt, press } from './frames.js';
import { PageTime } from './page-time.js';

// What real customers do next, in the demo shop: close the checkout while the prompt waits on
// their phone and approve it there, come back to it, reload the page. Each test checks what the
// shop's server and the sandbox recorded as well as what the page shows.

const element = (page: Page) => page.locator('waftpay-checkout');
const status = (page: Page) => () => element(page).getAttribute('status');
const orderStatus = (page: Page) => async () => (await page.locator('#order-status').textContent())?.trim();
// A page that polls its server learns an approval at its next question, at most 4 s later (the
// hosted page, and the shop's page): on the pages' clock, moved on until it has.
const nextQuestionMs = 8000;
const outcomes = async (page: Page) =>
  (await timelineEvents(page)).filter((type) => /success|failure|expired|cancel/.test(type));

/** The checkout's hosted page, in the overlay or the iframe, with its prompt sent to the phone. */
async function sendPrompt(page: Page): Promise<void> {
  const hosted = await frameAt(page, `${sandbox}/checkout/`);
  await press(hosted, 'Send payment prompt');
  await expect(element(page)).toHaveAttribute('status', 'pending');
}

test('overlay dismissed while pending, approved on the phone: one success in the page, the order paid', async ({
  page,
  context,
  request,
}) => {
  const msisdn = newMsisdn();
  const time = new PageTime(page);
  await time.install();
  const orderId = await startPaying(page, { msisdn, mode: 'overlay' });
  await sendPrompt(page);
  await page.keyboard.press('Escape');
  await expect(element(page)).toHaveAttribute('status', 'dismissed');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.locator('#order-note')).toContainText('This page keeps asking the shop’s server');
  await expect(element(page).getByRole('button', { name: 'Resume payment' })).toBeVisible();

  await answerOnPhone(context, msisdn);
  // The overlay's page, loaded while hidden, reports the outcome: the element's one success.
  await expect.poll(time.advancing(status(page), nextQuestionMs)).toBe('success');
  await expect(page.locator('#order-status')).toHaveText('Paid');
  await page.waitForTimeout(500);
  expect(await outcomes(page)).toEqual(['waftpay-success']);
  expect(await timelineEvents(page)).toEqual([
    'waftpay-ready',
    'waftpay-pending',
    'waftpay-dismiss',
    'waftpay-success',
  ]);

  const order = await shopOrder(page, orderId);
  expect(order).toMatchObject({ status: 'PAID', paidAmount: 1750, verifiedBy: 'webhook' });
  expect(await phonePrompts(request, msisdn)).toMatchObject([{ state: 'SUCCESS', amount: 1750 }]);
});

test('overlay dismissed, resumed, paid: one order, one session, paid', async ({ page, request }) => {
  const msisdn = newMsisdn();
  const loads = countHostedPageLoads(page);
  const orderId = await startPaying(page, { msisdn, mode: 'overlay' });
  await sendPrompt(page);
  const checkoutUrl = (await shopOrder(page, orderId)).checkout?.checkoutUrl ?? '';
  await page.getByRole('button', { name: 'Close checkout' }).click();
  await expect(element(page)).toHaveAttribute('status', 'dismissed');

  await element(page).getByRole('button', { name: 'Resume payment' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  const hosted = await frameAt(page, `${sandbox}/checkout/`);
  expect(hosted.url()).toBe(checkoutUrl);
  await press(hosted, 'Approve on phone');
  await expect(element(page)).toHaveAttribute('status', 'success');
  await expect(page.locator('#order-status')).toHaveText('Paid');

  const orders = await shopOrders(page);
  expect(orders.map((order) => [order.id, order.status])).toEqual([[orderId, 'PAID']]);
  expect(await phonePrompts(request, msisdn)).toMatchObject([{ state: 'SUCCESS' }]);
  expect(await sandboxState(request, checkoutUrl)).toBe('succeeded');
  expect(loads()).toBe(1);
  expect(await outcomes(page)).toEqual(['waftpay-success']);
});

test('popup closed while pending, approved on the phone: the shop shows the order paid, from its server', async ({
  page,
  context,
}) => {
  const msisdn = newMsisdn();
  const time = new PageTime(page);
  await time.install();
  const { orderId, popup } = await startPayingInPopup(page, { msisdn });
  await press(popup.mainFrame(), 'Send payment prompt');
  await expect(element(page)).toHaveAttribute('status', 'pending');
  await popup.close();
  await expect(element(page)).toHaveAttribute('status', 'dismissed');

  await answerOnPhone(context, msisdn);
  // No hosted page is left to say so: the shop's server does, and the page shows it.
  await expect.poll(time.advancing(orderStatus(page), nextQuestionMs)).toBe('Paid');
  await expect(page.locator('#order-detail')).toContainText('confirmed by the shop’s server');
  await expect(page.locator('#checkout')).toContainText('Nothing more to pay');
  await expect(page.locator('#timeline li.server').last()).toContainText('Paid');
  await expect(page.getByRole('button', { name: 'Paid · thank you' })).toBeDisabled();
  expect((await shopOrder(page, orderId)).status).toBe('PAID');
  expect(await outcomes(page)).toEqual([]);
});

test('reload mid-payment: the same order and the same checkout, never a new order; paid on the phone beside it', async ({
  page,
  request,
}) => {
  const msisdn = newMsisdn();
  const loads = countHostedPageLoads(page);
  const time = new PageTime(page);
  await time.install();
  const orderId = await startPaying(page, { msisdn });
  await sendPrompt(page);
  const checkoutUrl = (await frameAt(page, `${sandbox}/checkout/`)).url();
  expect(page.url()).toBe(`${shop}/?order=${orderId}`);

  await page.reload();
  await expect(page.locator('#order-id')).toHaveText(orderId);
  await expect(page.locator('#order-status')).toHaveText('Awaiting payment');
  // The hosted page again, at the same checkout URL, and still waiting on the phone.
  expect((await frameAt(page, `${sandbox}/checkout/`)).url()).toBe(checkoutUrl);
  await expect(element(page)).toHaveAttribute('status', 'pending');
  await expect(page.getByRole('button', { name: 'Payment in progress' })).toBeDisabled();
  expect(loads()).toBe(2);

  // The phone beside the shop: the sandbox's phone page, framed by the storefront.
  const phone = page.frameLocator('iframe.phone-frame');
  await phone.getByRole('button', { name: /^Approve KES 1,750/ }).click();
  await expect.poll(time.advancing(status(page), nextQuestionMs)).toBe('success');
  await expect(page.locator('#order-status')).toHaveText('Paid');
  expect((await shopOrders(page)).map((order) => [order.id, order.status])).toEqual([[orderId, 'PAID']]);
  expect(await phonePrompts(request, msisdn)).toHaveLength(1);
});

test('popup: the shop reloaded while the window is open; paid there, the return page closes it and the shop shows the order', async ({
  page,
}) => {
  const { orderId, popup } = await startPayingInPopup(page, { msisdn: newMsisdn() });
  await press(popup.mainFrame(), 'Send payment prompt');
  await expect(element(page)).toHaveAttribute('status', 'pending');
  // The element that opened the window is gone with the reload: nobody closes the popup for it.
  await page.reload();
  await expect(page.locator('#order-id')).toHaveText(orderId);
  await press(popup.mainFrame(), 'Approve on phone');
  // The window learns the approval at its next question, shows it for a moment, then its return
  // page closes it: in real time here, as Playwright cannot move the clock of a window that closes
  // while the clock is being moved (clock.runFor fails on the closed page).
  await expect.poll(() => popup.isClosed(), { timeout: 20_000 }).toBe(true);
  await expect(page.locator('#order-status')).toHaveText('Paid');
  expect((await shopOrder(page, orderId)).status).toBe('PAID');
});

test('redirect: Back from Waftpay’s page to the shop shows the same order, and goes back to it only when asked', async ({
  page,
}) => {
  await startPaying(page, { msisdn: newMsisdn(), mode: 'redirect' });
  await page.waitForURL(`${sandbox}/checkout/**`);
  const checkoutUrl = page.url();
  await page.goBack();
  await page.waitForURL(`${shop}/?order=*`);
  const orderId = new URL(page.url()).searchParams.get('order') ?? '';
  await expect(page.locator('#order-id')).toHaveText(orderId);
  await expect(page.locator('#order-status')).toHaveText('Awaiting payment');
  // The customer came back on purpose: no second trip until they ask for it.
  const resume = element(page).getByRole('button', { name: 'Pay with Waftpay' });
  await expect(resume).toBeVisible();
  expect(page.url()).toBe(`${shop}/?order=${orderId}`);
  await resume.click();
  await page.waitForURL(checkoutUrl);
  expect((await shopOrders(page)).map((order) => order.id)).toEqual([orderId]);
});

test('an unknown order in the address: said in words, and the shop works as new', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${shop}/?order=ORDER-00000000`);
  await expect(page.getByRole('alert')).toHaveText('This shop has no order ORDER-00000000.');
  expect(page.url()).toBe(`${shop}/`);
  await expect(page.getByRole('button', { name: 'Pay KES 1,750' })).toBeEnabled();
  expect(errors).toEqual([]);
});
