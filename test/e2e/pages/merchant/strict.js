import { recordEvents } from '/pages/record-events.js';

// The strict page's only script (no inline script is allowed): configure the element from the
// query, record its events and every CSP violation.
const element = document.querySelector('waftpay-checkout');
const query = new URLSearchParams(location.search);
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) =>
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`),
);
recordEvents(element);
element.mode = query.get('mode') ?? 'iframe';
// A hosted page that speaks no protocol tells the outcome only by landing on a return URL.
if (query.has('no-handshake')) element.expectHandshake = false;
element.successRedirectUrl = query.get('success-redirect-url') ?? undefined;
element.failRedirectUrl = query.get('fail-redirect-url') ?? undefined;
element.checkoutUrl = query.get('checkout-url');
document.querySelector('#buy').addEventListener('click', () => element.open());
