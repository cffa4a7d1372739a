// At home on a phone: when the M-Pesa prompt appears, Android puts the browser in the background.
// The shop's page may be frozen, hidden for a long while (its timers throttled), kept in the
// back/forward cache while the customer is on another page, or discarded and loaded again when
// the customer comes back. Each scenario does one of those to the demo shop (`npm start`) in the
// middle of a payment, in every engine whose driver can, then checks the page (the element's
// status and events, as the storefront's timeline shows them) and what the servers recorded (the
// shop's order, and the sandbox's phone).
import assert from 'node:assert/strict';
import type { EnginePage } from './driver.js';
import type { Scenario } from './scenarios.js';
import {
  demoSandbox,
  demoShop,
  demoTimeline,
  newMsisdn,
  orderInDemo,
  payWithWaftpay,
  press,
  untilStatus,
} from './shop.js';
import { waitFor } from './wait.js';

const hostedPage = `${demoSandbox}/checkout/`;
/** A session that runs out while the page is away: long enough to order and send the prompt on a busy machine. */
const expirySeconds = 20;
const outcomeTypes = ['waftpay-success', 'waftpay-failure', 'waftpay-expired', 'waftpay-cancel'];

/** The order as the shop's server has it (its status; the checkout URL is its owner's alone). */
async function shopOrder(orderId: string): Promise<{ status: string }> {
  return (await fetch(`${demoShop}/api/orders/${orderId}`)).json() as Promise<{ status: string }>;
}

/** The prompts the sandbox sent to `msisdn`, as its phone shows them (newest first). */
async function phonePrompts(msisdn: string): Promise<Array<{ id: string; state: string }>> {
  const screen = (await (await fetch(`${demoSandbox}/phone/${msisdn}/prompts`)).json()) as {
    prompts: Array<{ id: string; state: string }>;
  };
  return screen.prompts;
}

/** The customer approves the prompt on the phone (the sandbox's handset, answered over HTTP). */
async function approveOnPhone(msisdn: string): Promise<void> {
  const [prompt] = await phonePrompts(msisdn);
  const answer = await fetch(`${demoSandbox}/phone/${msisdn}/prompts/${prompt.id}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.ok(answer.ok, `the phone's approval: HTTP ${answer.status}`);
}

/** Waits until the shop's server has recorded the order as `wanted` (from Waftpay's webhook). */
const untilRecorded = (orderId: string, wanted: string) =>
  waitFor(
    `order ${orderId} ${wanted} on the shop's server`,
    () => shopOrder(orderId),
    (order) => order.status === wanted,
    60_000,
  );

/**
 * The loads of the page at `prefix` in a frame of the shop's page, as the shop's page counts them
 * (its frames' resource timings): the driver need not know the frame, which a page restored from
 * the back/forward cache may not tell it of.
 */
const framedLoads = (page: EnginePage, prefix: string) =>
  page.evaluate(
    (at: string) =>
      performance
        .getEntriesByType('resource')
        .filter(
          (entry) =>
            (entry as PerformanceResourceTiming).initiatorType === 'iframe' && entry.name.startsWith(at),
        ).length,
    prefix,
  );

/** The hosted page's loads in the shop's page: one per showing. */
const hostedPageLoads = (page: EnginePage) => framedLoads(page, hostedPage);

/** The order, its prompt sent from the hosted page ("Send payment prompt"), the element pending. */
async function prompted(page: EnginePage, mode: 'iframe' | 'overlay', expiresInSeconds?: number) {
  const msisdn = newMsisdn();
  const { orderId } = await orderInDemo(page, mode, msisdn, expiresInSeconds);
  await page.clickInFrame(hostedPage, '#prompt');
  await untilStatus(page, 'pending');
  assert.deepEqual(
    (await phonePrompts(msisdn)).map((prompt) => prompt.state),
    ['PENDING'],
  );
  return { msisdn, orderId };
}

/** Exactly these events, and one outcome at most, in the timeline, once the page shows `status`. */
async function endsAs(page: EnginePage, wanted: string, events: string[]): Promise<void> {
  await untilStatus(page, wanted);
  const seen = await demoTimeline(page);
  assert.deepEqual(seen, events);
  assert.ok(seen.filter((type) => outcomeTypes.includes(type)).length <= 1, 'one outcome at most');
}

/**
 * Leaves the shop's page for `elsewhere` (the customer opens the sandbox's phone page, say), runs
 * `there` on it (or, with no `elsewhere`, runs `there`, which leaves the page), then goes Back; resolves once the shop's page is there again, and says whether
 * the browser restored it from its back/forward cache (a page that was loaded again has lost the
 * mark set before leaving).
 */
async function awayAndBack(
  page: EnginePage,
  elsewhere: string,
  there: () => Promise<void> = async () => undefined,
): Promise<boolean> {
  const shopUrl = await page.evaluate(() => {
    addEventListener('pageshow', (event) => {
      (window as unknown as { restored?: boolean }).restored = event.persisted;
    });
    return location.href;
  });
  // Nowhere given: `there` leaves the page itself.
  if (elsewhere) await page.goto(elsewhere);
  await there();
  // Later, so that the script has returned before its page goes.
  await page.evaluate(() => void setTimeout(() => history.back(), 30));
  await waitFor(
    'the shop’s page again',
    () => page.evaluate(() => [location.href, document.readyState]),
    ([href, ready]) => href === shopUrl && ready === 'complete',
  );
  return page.evaluate(() => (window as unknown as { restored?: boolean }).restored === true);
}

/** The customer on the sandbox's phone page in the same tab: approves there, as on the handset. */
async function approveOnPhonePage(page: EnginePage): Promise<void> {
  await page.click({ selector: 'button.approve' });
  await waitFor(
    'the phone to say it paid',
    () => page.evaluate(() => document.querySelector('#prompts')?.textContent ?? ''),
    (text) => text.includes('You paid'),
  );
}

const restoredOrSkip = (restored: boolean, skip: (reason: string) => never) => {
  if (!restored)
    skip('the browser loaded the page again instead of restoring it from its back/forward cache');
};

export const phoneScenarios: Scenario[] = [
  {
    name: 'phone: the page frozen (in the background) across the expiry, then resumed: expired once, as the servers recorded',
    needs: 'frozen',
    async run({ page, skip }) {
      if (!page.frozen) return skip('no driver of this engine can freeze a page');
      const { msisdn, orderId } = await prompted(page, 'iframe', expirySeconds);
      await page.frozen(async () => {
        // While the page sleeps, the session runs out at Waftpay, and the shop hears it.
        await untilRecorded(orderId, 'EXPIRED');
        assert.deepEqual(
          (await phonePrompts(msisdn)).map((prompt) => prompt.state),
          ['EXPIRED'],
        );
      });
      await endsAs(page, 'expired', ['waftpay-ready', 'waftpay-pending', 'waftpay-expired']);
      assert.equal(await hostedPageLoads(page), 1, 'the hosted page was not loaded again');
    },
  },
  {
    name: 'phone: the page hidden (another app in front) while the prompt is approved: shown again, one success, the order paid',
    needs: 'hidden',
    async run({ page, skip }) {
      if (!page.hidden) return skip('this driver cannot hide a page');
      const { msisdn, orderId } = await prompted(page, 'iframe');
      await page.hidden(async () => {
        assert.equal(await page.evaluate(() => document.visibilityState), 'hidden');
        await approveOnPhone(msisdn);
        await untilRecorded(orderId, 'PAID');
      });
      await endsAs(page, 'success', ['waftpay-ready', 'waftpay-pending', 'waftpay-success']);
      assert.equal(await hostedPageLoads(page), 1, 'the hosted page was not loaded again');
    },
  },
  {
    name: 'phone: the page hidden across the expiry: shown again, expired once, as the servers recorded',
    needs: 'hidden',
    async run({ page, skip }) {
      if (!page.hidden) return skip('this driver cannot hide a page');
      const { msisdn, orderId } = await prompted(page, 'iframe', expirySeconds);
      await page.hidden(async () => {
        await untilRecorded(orderId, 'EXPIRED');
        assert.deepEqual(
          (await phonePrompts(msisdn)).map((prompt) => prompt.state),
          ['EXPIRED'],
        );
      });
      await endsAs(page, 'expired', ['waftpay-ready', 'waftpay-pending', 'waftpay-expired']);
    },
  },
  ...(['iframe', 'overlay'] as const).map((mode): Scenario => ({
    name: `phone: back/forward cache, ${mode}: the customer approves on the phone page in the same tab and goes Back; restored as it was, then one success, the order paid`,
    async run({ page, skip }) {
      const { msisdn, orderId } = await prompted(page, mode);
      const restored = await awayAndBack(page, `${demoSandbox}/phone/${msisdn}`, () =>
        approveOnPhonePage(page),
      );
      restoredOrSkip(restored, skip);
      // The hosted page, restored with the shop's, learns the approval and says so on its channel.
      await endsAs(page, 'success', ['waftpay-ready', 'waftpay-pending', 'waftpay-success']);
      if (mode === 'overlay') {
        const open = await page.evaluate(
          () => document.querySelector('waftpay-checkout')?.shadowRoot?.querySelector('dialog')?.open,
        );
        assert.equal(open, true, 'the overlay is still open, showing the outcome');
      }
      assert.equal((await shopOrder(orderId)).status, 'PAID');
      assert.equal(await hostedPageLoads(page), 1, 'the hosted page was not loaded again');
    },
  })),
  {
    name: 'phone: back/forward cache across the expiry: restored, expired at once, as the servers recorded',
    async run({ page, skip }) {
      const { msisdn, orderId } = await prompted(page, 'iframe', expirySeconds);
      const restored = await awayAndBack(page, `${demoSandbox}/phone/${msisdn}`, async () => {
        await untilRecorded(orderId, 'EXPIRED');
      });
      restoredOrSkip(restored, skip);
      await endsAs(page, 'expired', ['waftpay-ready', 'waftpay-pending', 'waftpay-expired']);
    },
  },
  {
    name: 'phone: back/forward cache, popup: closed while pending, the customer approves on the phone page and goes Back; still dismissed, the order paid from the server',
    async run({ page, skip }) {
      const msisdn = newMsisdn();
      const { orderId, popup } = await orderInDemo(page, 'popup', msisdn);
      assert.ok(popup, 'the window the click opened');
      await press(popup, 'Send payment prompt');
      await untilStatus(page, 'pending');
      await popup.close();
      await untilStatus(page, 'dismissed');
      const restored = await awayAndBack(page, `${demoSandbox}/phone/${msisdn}`, () =>
        approveOnPhonePage(page),
      );
      restoredOrSkip(restored, skip);
      // No hosted page is left to say it: the shop's server does, and the page shows its word in
      // the checkout's place. The element said nothing more: no outcome.
      await waitFor(
        'the order shown paid',
        () =>
          page.evaluate(() => [
            document.querySelector('#order-status')?.textContent ?? '',
            document.querySelector('#checkout')?.textContent ?? '',
          ]),
        ([badge, checkout]) => badge === 'Paid' && checkout.includes('Nothing more to pay'),
      );
      assert.deepEqual(await demoTimeline(page), ['waftpay-ready', 'waftpay-pending', 'waftpay-dismiss']);
      assert.equal((await shopOrder(orderId)).status, 'PAID');
    },
  },
  {
    name: 'phone: back/forward cache, redirect: Back from Waftpay’s page restores the shop as it was, not stuck redirecting; its button takes the customer back to the same checkout',
    async run({ page, skip }) {
      await orderInDemo(page, 'redirect', newMsisdn());
      const onWaftpay = () =>
        waitFor(
          'Waftpay’s page',
          () => page.evaluate(() => location.href),
          (href) => href.startsWith(hostedPage),
        );
      const checkoutUrl = await onWaftpay();
      // The first trip mostly leaves a page still loading (the phone beside the checkout), which no
      // browser keeps: Back loads it again, with the order from its address. (Or it was loaded
      // whole, and Back restores it.)
      await page.evaluate(() => void setTimeout(() => history.back(), 30));
      const shopUrl = await waitFor(
        'the shop’s page again',
        () => page.evaluate(() => (document.readyState === 'complete' ? location.href : '')),
        (href) => href.startsWith(`${demoShop}/?order=`),
      );
      const orderId = new URL(shopUrl).searchParams.get('order') ?? '';
      await untilStatus(page, 'idle');
      // Loaded whole (its frames too), the customer goes again, from the element's button. A
      // browser that kept the first page while its phone was still loading may have stopped that
      // load for good (WebKit, once in a while): a page restored so (its navigation is still the
      // first, not Back's) has nothing more to wait for, and the checks below hold all the same
      // (a page the browser does not keep is skipped, and says so).
      await waitFor(
        'the phone beside the checkout, or the first page restored',
        () =>
          Promise.all([
            framedLoads(page, `${demoSandbox}/phone/`),
            page.evaluate(
              () =>
                (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
                  ?.type !== 'back_forward',
            ),
          ]),
        ([loads, restored]) => loads > 0 || restored,
      );
      const restored = await awayAndBack(page, '', async () => {
        await page.click(payWithWaftpay);
        assert.equal(await onWaftpay(), checkoutUrl, 'the same checkout');
      });
      restoredOrSkip(restored, skip);
      // Restored as it was when it left: the session, not a redirect still under way.
      await untilStatus(page, 'idle');
      assert.equal(
        await page.evaluate(() =>
          [
            ...(document.querySelector('waftpay-checkout')?.shadowRoot?.querySelectorAll('button') ?? []),
          ].some((button) => button.textContent?.trim() === 'Pay with Waftpay'),
        ),
        true,
        'the button that goes to the checkout',
      );
      assert.equal((await shopOrder(orderId)).status, 'CREATED');
      await page.click(payWithWaftpay);
      assert.equal(await onWaftpay(), checkoutUrl, 'the same checkout, never a new order');
    },
  },
  {
    name: 'phone: the tab discarded and loaded again when the customer comes back: the same order and checkout, then one success, the order paid',
    async run({ page }) {
      const { msisdn, orderId } = await prompted(page, 'iframe');
      const checkoutUrl = await page.evaluate(
        () => document.querySelector('waftpay-checkout')?.getAttribute('checkout-url') ?? '',
      );
      // What a discarded tab does when it is shown again: it loads its address. (The mark goes with
      // the page that had it.)
      await page.evaluate(() => {
        (window as unknown as { discarded?: boolean }).discarded = true;
        setTimeout(() => location.reload(), 30);
      });
      await waitFor('the page loaded again', () =>
        page.evaluate(() => !('discarded' in window) && document.readyState === 'complete'),
      );
      await waitFor(
        'the order, from the address',
        () =>
          page.evaluate(() => [
            document.querySelector('#order-id')?.textContent ?? '',
            document.querySelector('waftpay-checkout')?.getAttribute('checkout-url') ?? '',
          ]),
        ([id, url]) => id === orderId && url === checkoutUrl,
      );
      await untilStatus(page, 'pending');
      await approveOnPhone(msisdn);
      await untilRecorded(orderId, 'PAID');
      await untilStatus(page, 'success');
      const outcomes = (await demoTimeline(page)).filter((type) => outcomeTypes.includes(type));
      assert.deepEqual(outcomes, ['waftpay-success']);
      assert.equal((await phonePrompts(msisdn)).length, 1, 'one prompt: the same session, not a new one');
    },
  },
];
