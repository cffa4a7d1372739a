// Compiled, never run: what the published types accept and refuse. Each @ts-expect-error is a
// mistake a merchant could make; the build fails if the types stop catching it.
import 'waftpay-checkout';
import {
  WaftpayCheckoutElement,
  WaftpayErrorCode,
  type CheckoutResult,
  type CheckoutStatus,
  type CreatedSession,
  type WaftpayCancelEvent,
  type WaftpayDismissEvent,
  type WaftpaySuccessEvent,
} from 'waftpay-checkout/element';

const element = document.createElement('waftpay-checkout');
const fromConstructor: WaftpayCheckoutElement = element;
void fromConstructor;

element.checkoutUrl = 'https://pay.example/checkout/1';
element.mode = 'overlay';
element.expiresAt = '2026-03-02T14:08:41.921Z';
element.loadTimeout = 5000;
element.expectHandshake = true;
element.strings = { pay: 'Lipa sasa' };
// @ts-expect-error not a mode
element.mode = 'modal';
// @ts-expect-error a number of milliseconds, not a string
element.loadTimeout = '5000';
// @ts-expect-error not one of the element's sentences
element.strings = { payNow: 'Pay' };
// @ts-expect-error status is read-only
element.status = 'success';

element.addEventListener('waftpay-success', (event) => {
  const result: CheckoutResult = event.result;
  result.status.toUpperCase();
  // @ts-expect-error results are read-only
  event.result.status = 'FAILED';
});
element.addEventListener('waftpay-cancel', (event) => {
  const reason: 'customer' = event.reason;
  void reason;
  // @ts-expect-error closing the overlay or the popup is a dismissal, not a cancel
  if (event.reason === 'closed') element.open();
});
element.addEventListener('waftpay-dismiss', (event) => {
  const pending: boolean = event.pending;
  if (pending) element.open();
  // @ts-expect-error a dismissal carries no result: it is not an outcome
  void event.result;
});
const dismissed: CheckoutStatus = 'dismissed';
void dismissed;
// @ts-expect-error not a status
const closedStatus: CheckoutStatus = 'closed';
void closedStatus;
const onDismiss = (event: WaftpayDismissEvent): boolean => event.pending;
element.addEventListener('waftpay-dismiss', onDismiss);
// @ts-expect-error a dismiss event is not a cancel event
element.addEventListener('waftpay-dismiss', (event: WaftpayCancelEvent) => event.reason);
element.addEventListener('waftpay-error', (event) => {
  if (event.error.code === WaftpayErrorCode.PopupBlocked) element.retry();
  // @ts-expect-error not one of the error codes
  if (event.error.code === 'popup-refused') element.retry();
});
element.addEventListener('waftpay-fallback', (event) => {
  const to: 'iframe' | 'redirect' | 'overlay' | 'popup' = event.to;
  void to;
});
// @ts-expect-error a cancel event is not a success event
element.addEventListener('waftpay-cancel', (event: WaftpaySuccessEvent) => event.result);
// @ts-expect-error a misspelt event name gives a plain Event, which has no result
element.addEventListener('waftpay-sucess', (event) => event.result);
const onCancel = (event: WaftpayCancelEvent): string => event.reason;
element.addEventListener('waftpay-cancel', onCancel);

// Sessions on demand: createSession resolves to the session's fields; every event says its session.
element.createSession = async () => ({
  checkoutUrl: 'https://pay.example/checkout/2',
  expiresAt: '2026-03-02T14:08:41.921Z',
  successRedirectUrl: 'https://shop.example/done',
});
const made: CreatedSession = { checkoutUrl: 'https://pay.example/checkout/3' };
element.createSession = () => Promise.resolve(made);
element.createSession = undefined;
// @ts-expect-error it resolves to the session, not to its URL
element.createSession = async () => 'https://pay.example/checkout/4';
// @ts-expect-error a session has a checkout URL
element.createSession = async () => ({ expiresAt: '2026-03-02T14:08:41.921Z' });
// @ts-expect-error it is asynchronous: the shop's server is asked
element.createSession = () => made;
element.addEventListener('waftpay-success', (event) => {
  const session: string | undefined = event.checkoutUrl;
  void session;
});
element.addEventListener('waftpay-error', (event) => {
  if (event.error.code === WaftpayErrorCode.CreateSessionFailed && event.error.retryable) element.retry();
});
