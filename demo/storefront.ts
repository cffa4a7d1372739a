// The demo shop's page script: asks the shop's server for a checkout session, shows it with
// <waftpay-checkout>, logs the element's events, and shows the order as the server knows it.
import {
  WaftpayFallbackEvent,
  WaftpayErrorEvent,
  WaftpayExpiredEvent,
  WaftpayFailureEvent,
  WaftpayPendingEvent,
  WaftpayRedirectEvent,
  WaftpaySuccessEvent,
  WaftpayCancelEvent,
  WaftpayDismissEvent,
} from '../src/index.js';
import { eventNames } from '../src/element/events.js';
import { createOrder, type CreatedOrder } from './create-order.js';
import { describeOrder, watchOrder } from './order-status.js';

const form = document.querySelector('#order') as HTMLFormElement;
const slot = document.querySelector('#checkout') as HTMLDivElement;
const log = document.querySelector('#log') as HTMLOListElement;
const formError = document.querySelector('#form-error') as HTMLParagraphElement;
const orderId = document.querySelector('#order-id') as HTMLElement;
const orderStatus = document.querySelector('#order-status') as HTMLElement;
let watching: AbortController | undefined;

/** What is worth showing of each event. */
function detailOf(event: Event): unknown {
  if (event instanceof WaftpaySuccessEvent || event instanceof WaftpayFailureEvent) return event.result;
  if (event instanceof WaftpayPendingEvent) return event.info;
  if (event instanceof WaftpayCancelEvent) return { reason: event.reason };
  // Closed before an outcome: the session goes on (the server still hears of a payment).
  if (event instanceof WaftpayDismissEvent) return { pending: event.pending };
  if (event instanceof WaftpayErrorEvent) return { code: event.error.code, message: event.error.message };
  if (event instanceof WaftpayExpiredEvent) return { expiresAt: event.expiresAt };
  if (event instanceof WaftpayRedirectEvent) return { url: event.url };
  if (event instanceof WaftpayFallbackEvent) return { from: event.from, to: event.to, reason: event.reason };
  return undefined;
}

function logLine(text: string, detail?: unknown): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  if (detail !== undefined) {
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(detail, null, 2);
    item.append(pre);
  }
  log.prepend(item);
}

form.addEventListener('submit', (submit) => {
  submit.preventDefault();
  void (async () => {
    formError.textContent = '';
    const data = new FormData(form);
    let reply: CreatedOrder;
    try {
      reply = await createOrder(
        String(data.get('msisdn')),
        data.get('mode') as CreatedOrder['mode'],
        Number(data.get('expires')),
      );
    } catch (error) {
      formError.textContent = (error as Error).message;
      return;
    }
    const checkout = document.createElement('waftpay-checkout');
    checkout.mode = reply.mode;
    checkout.checkoutUrl = reply.checkoutUrl;
    checkout.expiresAt = reply.expiresAt;
    checkout.successRedirectUrl = reply.successRedirectUrl;
    checkout.failRedirectUrl = reply.failRedirectUrl;
    // The sandbox's page speaks the protocol: if it cannot be framed, offer a popup at once.
    checkout.expectHandshake = true;
    for (const type of eventNames) {
      checkout.addEventListener(`waftpay-${type}`, (event) => logLine(event.type, detailOf(event)));
    }
    slot.replaceChildren(checkout);
    logLine(`order ${reply.orderId} created by the server (${reply.mode})`);
    // An overlay can open now. A popup cannot: we are past an await (the server call), where
    // browsers block new windows, so the element shows its own button for the customer's click.
    if (reply.mode === 'overlay') checkout.open();
    orderId.textContent = reply.orderId;
    watching?.abort();
    watching = new AbortController();
    watchOrder(reply.orderId, (order) => (orderStatus.textContent = describeOrder(order)), watching.signal);
  })();
});
