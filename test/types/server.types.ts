// Compiled, never run: the merchant server's API, typed with Waftpay's field names.
import {
  confirmWebhook,
  createWaftpayClient,
  renderCheckoutMarkup,
  type CheckoutMarkupOptions,
  verifyWebhook,
  WaftpayApiError,
  WaftpayNetworkError,
  type CheckoutRequest,
  type PaymentStatus,
} from 'waftpay-checkout/server';

const waftpay = createWaftpayClient({
  baseUrl: 'https://sandbox.waftpay.io/api',
  consumerKey: 'key',
  consumerSecret: 'secret',
  timeoutMs: 10_000,
});
const request: CheckoutRequest = {
  customer: { first_name: 'Amina', phone_number: '254733112244' },
  timestamp: new Date().toISOString(),
  checkout_reference: 'CHK1',
  msisdn: '254711223344',
  country: 'KEN',
  currency: 'KES',
  amount: 1750,
  callback_url: 'https://shop.example/webhooks/waftpay',
  success_redirect_url: 'https://shop.example/thanks',
  fail_redirect_url: 'https://shop.example/sorry',
  extra_params: { strict_amount: true },
};
const { checkoutUrl, expiresAt, response } = await waftpay.createCheckout(request);
const url: string = checkoutUrl + expiresAt + response.data.checkout_url;
void url;
// @ts-expect-error Waftpay's field names, not camelCase
await waftpay.createCheckout({ ...request, checkoutReference: 'CHK1' });
// @ts-expect-error amounts are numbers
await waftpay.createCheckout({ ...request, amount: '1750' });

const answer = await waftpay.queryPayment({ transaction_reference: 'CHK1' });
if (answer.found) {
  const state: 'processing' | 'succeeded' | 'failed' | 'canceled' = answer.payment.state;
  void state;
}
// @ts-expect-error exactly one reference
await waftpay.queryPayment({ transaction_reference: 'CHK1', payment_uuid: '1' });

const checked = await verifyWebhook({});
if (checked.ok) {
  const status: PaymentStatus = checked.event.status;
  void status;
} else if (checked.reason === 'malformed') {
  void checked.problem;
} else {
  void checked.event.paymentUuid;
}
const confirmed = await confirmWebhook(waftpay, {});
if (confirmed.ok) {
  const by: 'status-query' = confirmed.verifiedBy;
  const amount: number = confirmed.event.amount;
  void [by, amount];
}

try {
  await waftpay.queryPayment({ payment_uuid: '1' });
} catch (error) {
  if (error instanceof WaftpayApiError) void [error.httpStatus, error.code, error.requestId, error.retryable];
  if (error instanceof WaftpayNetworkError) void [error.reason, error.retryable];
}

// The element's markup, written by the shop's server: the element's attributes in camelCase.
const markup: string = renderCheckoutMarkup({
  checkoutUrl: 'https://sandbox.waftpay.io/checkout/OTRk',
  expiresAt: '2026-03-02T14:08:41.921Z',
  allowedOrigins: ['https://sandbox.waftpay.io'],
  loadTimeout: 15_000,
  pageOrigin: 'https://shop.example',
});
const pageOrigin = 'https://shop.example';
const options: CheckoutMarkupOptions = { checkoutUrl: 'https://x.example/c', mode: 'popup', pageOrigin };
// @ts-expect-error the page's origin is required: the checkout URL is checked against it
renderCheckoutMarkup({ checkoutUrl: 'https://x.example/c' });
// @ts-expect-error a mode the element does not have
renderCheckoutMarkup({ checkoutUrl: 'https://x.example/c', mode: 'tab', pageOrigin });
// @ts-expect-error allowed origins are a list, not the attribute's string
renderCheckoutMarkup({ checkoutUrl: 'https://x.example/c', allowedOrigins: 'https://x.example', pageOrigin });
// A session still to be made writes no URL: the page's origin may be left out.
const onDemand: string = renderCheckoutMarkup({ onDemand: true, mode: 'popup' });
// @ts-expect-error a session given on demand is written, and needs the page's origin
renderCheckoutMarkup({ onDemand: true, checkoutUrl: 'https://x.example/c' });
void [markup, options, onDemand];
