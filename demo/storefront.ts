// The demo shop's page: shows <waftpay-checkout>, which asks the shop's server for the order and
// its checkout session when the customer asks to pay (its createSession: one click from Pay to the
// checkout, in every mode), the customer's (sandbox) phone beside it, and a timeline of what
// happened, where the order's status is always the server's. The order is in the address: a
// reload, or coming back from a return page, shows that order again, and its open checkout, never
// a new one.
import '../src/index.js';
import type { WaftpayCheckoutElement } from '../src/element.js';
import { eventNames } from '../src/element/events.js';
import { describeOrder, isSettled, orderChange, watchOrder } from './order-status.js';
import { orderInUrl, showOrderInUrl } from './order-url.js';
import { showPhone } from './phone-panel.js';
import {
  createOrder,
  justCreated,
  fetchOrder,
  openSession,
  ShopError,
  type CheckoutMode,
  type CheckoutSession,
  type ShopOrder,
} from './shop-api.js';
import { describeEvent, Timeline } from './timeline.js';

const $ = <T extends HTMLElement>(selector: string): T => document.querySelector(selector) as T;
const form = $<HTMLFormElement>('#pay-form');
const payButton = $<HTMLButtonElement>('#pay');
const formError = $<HTMLParagraphElement>('#form-error');
const slot = $<HTMLDivElement>('#checkout');
const card = $<HTMLElement>('.card.checkout');
const timeline = new Timeline($<HTMLOListElement>('#timeline'));

/** Where the page stands: the order (as the server knows it), and whether one is being made. */
let order: ShopOrder | undefined;
let creating = false;
let watching: AbortController | undefined;

/** The pay button and the form follow the order: one order at a time, none after it is paid. */
function render(): void {
  const open = order?.status === 'CREATED';
  const paid = order?.status === 'PAID' || order?.status === 'PARTIALLY_PAID';
  payButton.disabled = creating || open || paid;
  payButton.textContent = creating
    ? 'Starting your checkout…'
    : open
      ? 'Payment in progress'
      : paid
        ? 'Paid · thank you'
        : order
          ? 'Try again · Pay KES 1,750'
          : 'Pay KES 1,750';
  for (const field of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select'))
    field.disabled = creating || open || paid;
  $('#order-card').hidden = !order;
  if (!order) return;
  const words = describeOrder(order);
  $('#order-id').textContent = order.id;
  const badge = $('#order-status');
  badge.textContent = words.label;
  badge.dataset.tone = words.tone;
  $('#order-detail').textContent = words.detail;
  $('#new-order').hidden = !isSettled(order);
}

function note(text: string): void {
  $('#order-note').textContent = text;
}

/** Brings the checkout into view (on a narrow screen it is below the basket). */
function reveal(): void {
  const top = card.getBoundingClientRect().top;
  if (top >= 0 && top < innerHeight / 2) return;
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
  card.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
}

const endedStatuses = new Set(['success', 'failure', 'expired', 'cancelled']);
/** A hosted page still shown (or, in a closed overlay, loaded): it reports the outcome itself. */
const liveStatuses = new Set(['loading', 'ready', 'pending']);
/** How long a live hosted page gets to report an outcome the server already has. */
const outcomeGraceMs = 10_000;

/**
 * Once the order is settled, a checkout still offering to resume (closed before the outcome,
 * which then came from the phone) gives way to what the server confirmed.
 */
function settleCheckout(settled: ShopOrder): void {
  const checkout = slot.querySelector('waftpay-checkout');
  if (checkout && endedStatuses.has(checkout.status)) return;
  const live =
    checkout &&
    (liveStatuses.has(checkout.status) ||
      (checkout.status === 'dismissed' && checkout.getAttribute('mode') === 'overlay'));
  if (live) {
    setTimeout(
      () => slot.contains(checkout) && !endedStatuses.has(checkout.status) && showSettled(settled),
      outcomeGraceMs,
    );
    return;
  }
  showSettled(settled);
}

/** In place of the checkout: the order is settled, by the server's word. */
function showSettled(settled: ShopOrder): void {
  const message = document.createElement('p');
  message.className = 'placeholder';
  message.textContent =
    settled.status === 'PAID' || settled.status === 'PARTIALLY_PAID'
      ? 'Nothing more to pay: the shop’s server has your payment.'
      : 'This order’s checkout is over. Try again to pay with a new one.';
  slot.replaceChildren(message);
}

/** What the server says about the order; a change of status goes on the timeline. */
function heard(known: ShopOrder): void {
  if (orderChange(known) !== orderChange(order)) {
    const words = describeOrder(known);
    if (order || isSettled(known))
      timeline.add({ source: 'server', title: words.label, detail: words.detail, tone: words.tone });
  }
  order = known;
  if (isSettled(known)) {
    note('');
    settleCheckout(known);
  }
  render();
}

/** Asks the server about the order until it is settled (or long expired). */
function watch(orderId: string): void {
  watching?.abort();
  watching = new AbortController();
  watchOrder(orderId, {
    show: heard,
    trouble: (error) =>
      note(
        error === 'unknown-order'
          ? 'The shop no longer knows this order.'
          : `${error.message} This page keeps checking.`,
      ),
    gaveUp: () =>
      note(
        'The checkout expired and the shop has not settled the order yet. Reload this page later to see it.',
      ),
    signal: watching.signal,
  });
}

/**
 * The order for the customer's request to pay, with the form as it is now: the element's
 * `createSession`, called when the customer asks to pay (the Pay button, or the checkout's own
 * "Try again" after a failure). The page follows the new order from here.
 */
async function orderCheckout(mode: CheckoutMode): Promise<CheckoutSession> {
  // Read before the fields are disabled: a disabled field is left out of the form's data.
  const data = new FormData(form);
  const msisdn = String(data.get('msisdn'));
  formError.textContent = '';
  creating = true;
  render();
  let session: CheckoutSession;
  try {
    session = await createOrder(msisdn, mode, Number(data.get('expires')));
  } catch (error) {
    formError.textContent = (error as Error).message;
    throw error;
  } finally {
    creating = false;
    render();
  }
  showOrderInUrl(session.orderId);
  timeline.clear();
  timeline.add({
    source: 'server',
    title: `Order ${session.orderId} created`,
    detail:
      'The shop’s server created the order and its Waftpay checkout session in one request; its credentials never reach this page.',
  });
  order = undefined;
  heard(justCreated(session));
  note('');
  showPhone(msisdn, session.phoneUrl);
  watch(session.orderId);
  return session;
}

/**
 * The checkout, in `mode`: of the order's open session when there is one (a reload, a return),
 * else of the session it asks for when the customer asks to pay.
 */
function present(mode: CheckoutMode, session?: CheckoutSession): WaftpayCheckoutElement {
  const checkout = document.createElement('waftpay-checkout') as WaftpayCheckoutElement;
  checkout.setAttribute('mode', mode);
  if (session) {
    checkout.checkoutUrl = session.checkoutUrl;
    checkout.expiresAt = session.expiresAt;
    checkout.successRedirectUrl = session.successRedirectUrl;
    checkout.failRedirectUrl = session.failRedirectUrl;
  }
  checkout.createSession = () => orderCheckout(mode);
  // The sandbox's page speaks the protocol: if it cannot be framed, offer a popup at once.
  checkout.expectHandshake = true;
  for (const type of eventNames)
    checkout.addEventListener(`waftpay-${type}`, (event) => timeline.add(describeEvent(event)));
  checkout.addEventListener('waftpay-dismiss', (event) =>
    note(
      event.pending
        ? 'Checkout closed. This page keeps asking the shop’s server, and shows your payment as soon as it is confirmed.'
        : 'Checkout closed before the payment started.',
    ),
  );
  checkout.addEventListener('waftpay-ready', () => note(''));
  slot.replaceChildren(checkout);
  return checkout;
}

// One click: within it, the checkout opens (a popup now, on its own page until the session comes;
// an overlay at once, loading), and asks the shop's server for the order.
form.addEventListener('submit', (submit) => {
  submit.preventDefault();
  if (creating || order?.status === 'CREATED') return;
  present(new FormData(form).get('mode') as CheckoutMode).open();
  reveal();
});

/** The order in the address, as the server knows it; its checkout again while it is open. */
async function restore(orderId: string): Promise<void> {
  let known: ShopOrder | undefined;
  try {
    known = await fetchOrder(orderId);
  } catch (error) {
    formError.textContent = error instanceof ShopError ? error.message : String(error);
    return;
  }
  if (!known) {
    showOrderInUrl(undefined);
    formError.textContent = `This shop has no order ${orderId}.`;
    return;
  }
  const words = describeOrder(known);
  timeline.add({
    source: 'server',
    title: `Order ${known.id}: ${words.label}`,
    detail: words.detail,
    tone: words.tone,
  });
  order = known;
  render();
  if (known.msisdn) showPhone(known.msisdn, known.phoneUrl);
  const session = openSession(known);
  if (session) {
    const checkout = present(session.mode, session);
    // Back on the shop from Waftpay's page (the Back button): no second trip unless asked for.
    if (session.mode === 'redirect')
      checkout.addEventListener('waftpay-redirect', (event) => event.preventDefault(), { once: true });
    if (session.mode === 'overlay') checkout.open();
    if (session.mode === 'popup')
      note('Your payment is still open: continue it in a new window with the button below.');
    reveal();
  } else if (isSettled(known)) settleCheckout(known);
  if (!isSettled(known)) watch(known.id);
}

render();
const fromUrl = orderInUrl();
if (fromUrl) void restore(fromUrl);
