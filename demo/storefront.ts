// The demo shop's page script. A real shop gets `checkout_url` and `expires_at` from its server
// (which called Waftpay's Create Checkout Request); here the stand-in hosted page needs only a URL.
import {
  WaftpayErrorEvent,
  WaftpayExpiredEvent,
  WaftpayFailureEvent,
  WaftpayRedirectEvent,
  WaftpaySuccessEvent,
} from '../src/index.js';

const checkoutOrigin: string = import.meta.env.VITE_CHECKOUT_ORIGIN ?? 'http://localhost:5174';
const eventTypes = ['ready', 'success', 'failure', 'expired', 'error', 'redirect'] as const;
const amount = '1750';

const form = document.querySelector('#order') as HTMLFormElement;
const slot = document.querySelector('#checkout') as HTMLDivElement;
const log = document.querySelector('#log') as HTMLOListElement;

/** What is worth showing of each event. */
function detailOf(event: Event): unknown {
  if (event instanceof WaftpaySuccessEvent || event instanceof WaftpayFailureEvent) return event.result;
  if (event instanceof WaftpayErrorEvent) return { code: event.error.code, message: event.error.message };
  if (event instanceof WaftpayExpiredEvent) return { expiresAt: event.expiresAt };
  if (event instanceof WaftpayRedirectEvent) return { url: event.url };
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

function returnUrl(result: 'success' | 'fail'): string {
  return new URL(`/demo/return.html?result=${result}`, location.href).href;
}

function newCheckoutUrl(): string {
  const id = btoa(crypto.randomUUID()).replace(/=+$/, '');
  const url = new URL(`/checkout/${id}`, checkoutOrigin);
  url.searchParams.set('success', returnUrl('success'));
  url.searchParams.set('fail', returnUrl('fail'));
  url.searchParams.set('amount', amount);
  url.searchParams.set('currency', 'KES');
  return url.href;
}

form.addEventListener('submit', (submit) => {
  submit.preventDefault();
  const data = new FormData(form);
  const checkout = document.createElement('waftpay-checkout');
  checkout.mode = data.get('mode') === 'redirect' ? 'redirect' : 'iframe';
  checkout.checkoutUrl = newCheckoutUrl();
  checkout.expiresAt = new Date(Date.now() + Number(data.get('expires'))).toISOString();
  checkout.successRedirectUrl = returnUrl('success');
  checkout.failRedirectUrl = returnUrl('fail');
  for (const type of eventTypes) {
    checkout.addEventListener(`waftpay-${type}`, (event) => logLine(event.type, detailOf(event)));
  }
  slot.replaceChildren(checkout);
  logLine(`session started (${checkout.mode})`);
});
