// A shop's React checkout page, rendered on its server (react-ssr-page.mjs) and hydrated in the
// browser (hydrate.mjs). Events reach the page through React props, into window.__events.
import { createElement } from 'react';
import { WaftpayCheckout } from 'waftpay-checkout/react';

const record = (type, field) => (event) => {
  window.__events ??= [];
  window.__events.push({ type, ...(field ? { [field]: event[field] } : {}) });
};

export function App({ checkoutUrl, successRedirectUrl, pageOrigin }) {
  return createElement(
    'main',
    null,
    createElement('h1', null, 'Your order'),
    createElement(WaftpayCheckout, {
      checkoutUrl,
      successRedirectUrl,
      pageOrigin,
      onReady: record('waftpay-ready'),
      onPending: record('waftpay-pending', 'info'),
      onSuccess: record('waftpay-success', 'result'),
      onFailure: record('waftpay-failure', 'result'),
      onError: record('waftpay-error', 'error'),
    }),
  );
}
