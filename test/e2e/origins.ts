import type { Page } from '@playwright/test';

export const merchantOrigin = `http://127.0.0.1:${process.env.MERCHANT_PORT ?? 4311}`;
export const checkoutOrigin = `http://localhost:${process.env.CHECKOUT_PORT ?? 4312}`;
export const intruderOrigin = `http://127.0.0.1:${process.env.INTRUDER_PORT ?? 4313}`;

/** A hosted page on the checkout origin that speaks the protocol (see pages/hosted/protocol.html). */
export function protocolPageUrl(session: string, query: Record<string, string> = {}): string {
  return `${checkoutOrigin}/hosted/protocol.html?${new URLSearchParams({ session, ...query })}`;
}

export const successUrl = `${merchantOrigin}/pages/return/success.html`;
export const failUrl = `${merchantOrigin}/pages/return/fail.html`;

/** A session on the plain hosted page (checkout origin) that returns to the shop's pages. */
export function checkoutUrl(id: string): string {
  const url = new URL(`/checkout/${id}`, checkoutOrigin);
  url.searchParams.set('success', successUrl);
  url.searchParams.set('fail', failUrl);
  url.searchParams.set('amount', '1750');
  url.searchParams.set('currency', 'KES');
  return url.href;
}

/** The shop's checkout page, with the element configured by `attributes`. */
export function shopPage(attributes: Record<string, string>): string {
  return `/pages/checkout.html?${new URLSearchParams(attributes)}`;
}

export interface RecordedEvent {
  type: string;
  from?: string;
  to?: string;
  info?: { message?: string };
  reason?: string;
  pending?: boolean;
  result?: Record<string, unknown>;
  url?: string;
  expiresAt?: string;
  code?: string;
}

export function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);
}
