// The sandbox's hosted checkout page, in the browser: a mobile-money flow ("send prompt", then
// the customer approves or declines on their phone) that reports to the shop's
// <waftpay-checkout> through the host helper, then returns the browser to the shop's return URL.
import { connectToMerchant, type CheckoutResultInit } from '../../src/host.js';
import type { HostedPageData } from '../hosted-page-data.js';
import { strings } from './strings.js';

interface PaymentView {
  state: 'CREATED' | 'PENDING' | 'SUCCESS' | 'FAILED' | 'EXPIRED' | 'CANCELLED';
  paidAmount?: number;
  transactionReference: string;
  paymentUuid: string;
}

const pollMs = 700;
const returnDelayMs = 1500;

const data = JSON.parse(document.querySelector('#session')?.textContent ?? '{}') as HostedPageData;
const text = strings[data.language];
const merchant = connectToMerchant({ merchantOrigins: data.merchantOrigins });
const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const money = (amount: number): string =>
  `${data.currency} ${amount.toLocaleString(data.language === 'sw' ? 'sw-KE' : 'en-KE')}`;

let shown: PaymentView['state'] | undefined;
let ended = false;

async function call(action: string, body: object = {}): Promise<PaymentView | undefined> {
  const response = await fetch(`/checkout/${data.token}/${action}`, {
    method: action === 'state' ? 'GET' : 'POST',
    headers: action === 'state' ? {} : { 'content-type': 'application/json' },
    body: action === 'state' ? undefined : JSON.stringify(body),
  });
  return response.ok ? ((await response.json()) as PaymentView) : undefined;
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

function show(view: PaymentView): void {
  if (view.state === shown) return;
  shown = view.state;
  document.body.dataset.state = view.state;
  const pending = view.state === 'PENDING';
  element('start').hidden = view.state !== 'CREATED';
  element('handset').hidden = !pending || data.autoPrompt;
  element('cancel').hidden = view.state !== 'CREATED' && !pending;
  element('status').textContent = text.status[view.state](money(view.paidAmount ?? data.amount), data.msisdn);
  if (pending) merchant.pending({ message: text.approveOnPhone });
  if (view.state === 'CREATED' || pending) return;

  ended = true;
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
  const status = view.state === 'CANCELLED' ? 'CANCELLED' : view.state;
  setTimeout(() => location.assign(returnUrl(view, status)), returnDelayMs);
}

async function act(action: string, body?: object): Promise<void> {
  const view = await call(action, body);
  if (view) show(view);
}

async function poll(): Promise<void> {
  while (!ended) {
    const view = await call('state').catch(() => undefined);
    if (view) show(view);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function tickExpiry(): void {
  const left = Math.max(0, Date.parse(data.expiresAt) - Date.now());
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  element('expiry').textContent = ended
    ? ''
    : text.expiresIn(`${minutes}:${String(seconds).padStart(2, '0')}`);
  if (!ended) setTimeout(tickExpiry, 1000);
}

element('amount').textContent = money(data.amount);
element('phone').textContent = text.phone(data.msisdn);
element('prompt').textContent = text.sendPrompt;
element('approve').textContent = text.approve;
element('decline').textContent = text.decline;
element('cancel').textContent = text.cancel;
element('handset-note').textContent = text.handsetNote;
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

show({ state: data.state as PaymentView['state'], transactionReference: '', paymentUuid: '' });
tickExpiry();
if (data.autoPrompt && data.state === 'CREATED') void act('prompt');
void poll();
