// The sandbox's hosted checkout page, in the browser: a mobile-money flow ("send prompt", then
// the customer approves or declines on their phone) that reports to the shop's
// <waftpay-checkout> through the host helper, then returns the browser to the shop's return URL.
// It asks its server how the payment stands with a back-off that never runs forever, and tells
// the customer when the server cannot be reached or no longer knows the session.
import { connectToMerchant, type CheckoutResultInit } from '../../src/host.js';
import type { HostedPageData } from '../hosted-page-data.js';
import { PollSchedule, type PollStep } from './poll-schedule.js';
import { strings } from './strings.js';

interface PaymentView {
  state: 'CREATED' | 'PENDING' | 'SUCCESS' | 'FAILED' | 'EXPIRED' | 'CANCELLED';
  paidAmount?: number;
  transactionReference: string;
  paymentUuid: string;
}

/** What a request to the page's server came to. */
type Answer =
  | { readonly kind: 'view'; readonly view: PaymentView }
  /** The server does not know the session (it was restarted, or forgot it). */
  | { readonly kind: 'gone' }
  /** No connection, a cut-off body, 5xx or 429: it may work later. */
  | { readonly kind: 'unreachable' }
  /** Refused (409: the session is over; 400: a wrong amount), with the server's words. */
  | { readonly kind: 'refused'; readonly message?: string };

const returnDelayMs = 1500;
/** Past its expiry by this much with no outcome from the server, the page stops asking. */
const expiryGraceMs = 30_000;

const data = JSON.parse(document.querySelector('#session')?.textContent ?? '{}') as HostedPageData;
const text = strings[data.language];
const merchant = connectToMerchant({ merchantOrigins: data.merchantOrigins });
const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const money = (amount: number): string =>
  `${data.currency} ${amount.toLocaleString(data.language === 'sw' ? 'sw-KE' : 'en-KE')}`;
const actionButtons = ['prompt', 'approve', 'decline', 'cancel'].map((id) => element<HTMLButtonElement>(id));

let shown: PaymentView['state'] | undefined;
/** The payment reached an outcome, or the page gave up on the session: nothing more to ask. */
let stopped = false;
let pollTimer: ReturnType<typeof setTimeout> | undefined;
let polling = false;
const schedule = new PollSchedule();

async function call(action: string, body: object = {}): Promise<Answer> {
  const read = action === 'state';
  try {
    const response = await fetch(`/checkout/${data.token}/${action}`, {
      method: read ? 'GET' : 'POST',
      headers: read ? {} : { 'content-type': 'application/json' },
      body: read ? undefined : JSON.stringify(body),
    });
    if (response.status === 404) return { kind: 'gone' };
    if (response.status >= 500 || response.status === 429) return { kind: 'unreachable' };
    const reply = (await response.json()) as PaymentView & { message?: string };
    return response.ok ? { kind: 'view', view: reply } : { kind: 'refused', message: reply.message };
  } catch {
    return { kind: 'unreachable' };
  }
}

function returnUrl(view: PaymentView, status: string): string {
  const url = new URL(status === 'SUCCESS' ? data.successUrl : data.failUrl);
  const params: Record<string, string | undefined> = {
    status,
    checkout_reference: data.checkoutReference,
    payment_reference: data.paymentReference,
    transaction_reference: view.transactionReference,
    payment_uuid: view.paymentUuid,
    amount: String(view.paidAmount ?? data.amount),
    currency: data.currency,
  };
  for (const [name, value] of Object.entries(params)) if (value) url.searchParams.set(name, value);
  return url.href;
}

/** A message for the customer above the countdown; `retry` offers to ask the server again. */
function notify(message?: string, hint?: string, retry = false): void {
  element('notice').hidden = !message;
  element('notice-text').textContent = message ?? '';
  element('notice-hint').hidden = !hint;
  element('notice-hint').textContent = hint ?? '';
  element('retry').hidden = !retry;
}

/** Shows the payment as the server reports it; `true` when it moved. */
function show(view: PaymentView): boolean {
  if (stopped || view.state === shown) return false;
  shown = view.state;
  document.body.dataset.state = view.state;
  const pending = view.state === 'PENDING';
  element('start').hidden = view.state !== 'CREATED';
  element('handset').hidden = !pending || data.autoPrompt;
  element('cancel').hidden = view.state !== 'CREATED' && !pending;
  element('status').textContent = text.status[view.state](money(view.paidAmount ?? data.amount), data.msisdn);
  if (pending) merchant.pending({ message: text.approveOnPhone });
  if (view.state === 'CREATED' || pending) return true;

  stop();
  const result: CheckoutResultInit = {
    checkoutReference: data.checkoutReference,
    paymentReference: data.paymentReference,
    transactionReference: view.transactionReference,
    paymentUuid: view.paymentUuid,
    amount: view.paidAmount ?? data.amount,
    currency: data.currency,
  };
  if (view.state === 'SUCCESS') merchant.succeed({ ...result, status: 'SUCCESS' });
  else if (view.state === 'FAILED') merchant.fail({ ...result, status: 'FAILED' });
  else if (view.state === 'EXPIRED') merchant.expire();
  else merchant.cancel();
  // As a real hosted page does: back to the shop, inside the frame or the whole window.
  setTimeout(() => location.assign(returnUrl(view, view.state)), returnDelayMs);
  return true;
}

/** No more requests: an outcome came, or the session cannot go on from this page. */
function stop(): void {
  stopped = true;
  clearTimeout(pollTimer);
  for (const button of actionButtons) button.hidden = true;
  element('start').hidden = true;
  element('handset').hidden = true;
}

/** The server no longer knows the session: say so, once, and stop asking. */
function gone(): void {
  stop();
  document.body.dataset.state = 'GONE';
  element('status').textContent = '';
  notify(text.gone, text.goneHint);
}

function next(step: PollStep): void {
  clearTimeout(pollTimer);
  if (stopped) return;
  if ('stop' in step) return notify(text.gaveUp, undefined, true);
  pollTimer = setTimeout(() => void poll(), step.delayMs);
}

async function poll(): Promise<void> {
  if (stopped || polling) return;
  if (Date.now() > Date.parse(data.expiresAt) + expiryGraceMs) return gone();
  polling = true;
  const answer = await call('state');
  polling = false;
  if (stopped) return;
  switch (answer.kind) {
    case 'view':
      notify();
      return next(schedule.answered(show(answer.view)));
    case 'gone':
      return gone();
    case 'unreachable':
      notify(text.unreachable);
      return next(schedule.failed(Date.now()));
    case 'refused':
      return next(schedule.failed(Date.now()));
  }
}

/** A button: the request goes once (the buttons wait for it), and its failure is shown. */
async function act(action: string, body?: object): Promise<void> {
  for (const button of actionButtons) button.disabled = true;
  const answer = await call(action, body);
  for (const button of actionButtons) button.disabled = false;
  if (stopped) return;
  switch (answer.kind) {
    case 'view':
      notify();
      show(answer.view);
      return next(schedule.reset());
    case 'gone':
      return gone();
    case 'unreachable':
      notify(text.actionFailed);
      // Keep asking meanwhile (backing off): the server may be back, or the phone answered.
      return next(schedule.failed(Date.now()));
    case 'refused':
      // E.g. the session ended meanwhile: what the server says, then how it stands now.
      notify(answer.message ?? text.actionFailed);
      clearTimeout(pollTimer);
      return void poll();
  }
}

function tickExpiry(): void {
  const left = Math.max(0, Date.parse(data.expiresAt) - Date.now());
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  element('expiry').textContent = stopped
    ? ''
    : text.expiresIn(`${minutes}:${String(seconds).padStart(2, '0')}`);
  if (!stopped) setTimeout(tickExpiry, 1000);
}

element('amount').textContent = money(data.amount);
element('phone').textContent = text.phone(data.msisdn);
element('prompt').textContent = text.sendPrompt;
element('approve').textContent = text.approve;
element('decline').textContent = text.decline;
element('cancel').textContent = text.cancel;
element('handset-note').textContent = text.handsetNote;
element('phone-link').textContent = text.openPhone;
element('retry').textContent = text.tryAgain;
if (!data.strictAmount) {
  element('partial').hidden = false;
  element('partial-label').textContent = text.payAmount;
  const input = element<HTMLInputElement>('partial-amount');
  input.max = String(data.amount);
  input.value = String(data.amount);
}
element('prompt').addEventListener('click', () => {
  const partial = Number(element<HTMLInputElement>('partial-amount').value);
  void act('prompt', data.strictAmount ? {} : { amount: partial });
});
element('approve').addEventListener('click', () => void act('phone', { approved: true }));
element('decline').addEventListener('click', () => void act('phone', { approved: false }));
element('cancel').addEventListener('click', () => void act('cancel'));
element('retry').addEventListener('click', () => {
  notify();
  next(schedule.reset());
});

show({ state: data.state as PaymentView['state'], transactionReference: '', paymentUuid: '' });
tickExpiry();
if (data.autoPrompt && data.state === 'CREATED') void act('prompt');
else next(schedule.reset());
