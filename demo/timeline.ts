// The storefront's timeline: what happened to the order, in order, in words: the element's events
// in the page (advisory) beside what the shop's server confirmed (what counts).
import {
  WaftpayCancelEvent,
  WaftpayDismissEvent,
  WaftpayErrorEvent,
  WaftpayExpiredEvent,
  WaftpayFailureEvent,
  WaftpayFallbackEvent,
  WaftpayPendingEvent,
  WaftpayRedirectEvent,
  WaftpaySuccessEvent,
} from '../src/index.js';

export interface TimelineEntry {
  /** Who says so: the element in the page, or the shop's server. */
  readonly source: 'page' | 'server';
  readonly title: string;
  readonly detail?: string;
  readonly tone?: 'good' | 'bad' | 'waiting';
  /** The event's type, kept on the entry (`data-event`) for tests and curious developers. */
  readonly event?: string;
  /** What the event carried, shown folded. */
  readonly raw?: unknown;
}

/** An element event in words. */
export function describeEvent(event: Event): TimelineEntry {
  const base = { source: 'page' as const, event: event.type };
  if (event instanceof WaftpaySuccessEvent)
    return {
      ...base,
      title: 'The checkout reports a payment',
      detail: 'A hint for this page only: the order counts as paid when the shop’s server confirms it.',
      tone: 'good',
      raw: event.result,
    };
  if (event instanceof WaftpayFailureEvent)
    return { ...base, title: 'The checkout reports the payment failed', tone: 'bad', raw: event.result };
  if (event instanceof WaftpayPendingEvent)
    return {
      ...base,
      title: 'Waiting for approval on the phone',
      detail: event.info.message,
      tone: 'waiting',
      raw: event.info,
    };
  if (event instanceof WaftpayDismissEvent)
    return {
      ...base,
      title: 'Checkout closed before the payment finished',
      detail: event.pending
        ? 'The prompt is still on the phone: approving it pays, and the shop’s server will confirm it here.'
        : 'Nothing was paid yet; the payment can be resumed.',
      tone: 'waiting',
      raw: { pending: event.pending },
    };
  if (event instanceof WaftpayCancelEvent)
    return { ...base, title: 'Cancelled on the checkout', tone: 'bad', raw: { reason: event.reason } };
  if (event instanceof WaftpayExpiredEvent)
    return { ...base, title: 'The checkout expired', tone: 'bad', raw: { expiresAt: event.expiresAt } };
  if (event instanceof WaftpayErrorEvent)
    return {
      ...base,
      title: `The checkout could not go on (${event.error.code})`,
      detail: event.error.message,
      tone: 'bad',
      raw: { code: event.error.code, message: event.error.message },
    };
  if (event instanceof WaftpayRedirectEvent)
    return { ...base, title: 'Going to Waftpay’s checkout page', raw: { url: event.url } };
  if (event instanceof WaftpayFallbackEvent)
    return {
      ...base,
      title: `The checkout cannot be shown ${event.from === 'iframe' ? 'in the page' : 'that way'}`,
      detail: `Offered instead: ${event.to}.`,
      raw: { from: event.from, to: event.to, reason: event.reason },
    };
  if (event.type === 'waftpay-ready') return { ...base, title: 'Checkout ready' };
  return { ...base, title: event.type };
}

const time = (): string => new Date().toLocaleTimeString('en-KE', { hour12: false });

/** Appends entries to an ordered list, oldest first. */
export class Timeline {
  constructor(private readonly list: HTMLOListElement) {}

  add(entry: TimelineEntry): void {
    const item = document.createElement('li');
    item.className = `entry ${entry.source} ${entry.tone ?? ''}`.trim();
    if (entry.event) item.dataset.event = entry.event;
    const when = document.createElement('time');
    when.textContent = time();
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = entry.source === 'server' ? 'Shop’s server' : 'In the page';
    const title = document.createElement('p');
    title.className = 'title';
    title.textContent = entry.title;
    item.append(when, who, title);
    if (entry.detail) {
      const detail = document.createElement('p');
      detail.className = 'detail';
      detail.textContent = entry.detail;
      item.append(detail);
    }
    if (entry.raw !== undefined) {
      const fold = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = entry.event ? `${entry.event} details` : 'Details';
      const pre = document.createElement('pre');
      pre.textContent = JSON.stringify(entry.raw, null, 2);
      fold.append(summary, pre);
      item.append(fold);
    }
    this.list.append(item);
  }

  clear(): void {
    this.list.replaceChildren();
  }
}
