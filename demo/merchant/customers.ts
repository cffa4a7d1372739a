import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Which browser an order belongs to, as a shop without sign-in knows it: a random id in an
 * HttpOnly cookie, given with the first order. Only that browser is shown the order's checkout
 * (its URL opens the hosted page, which shows the phone number) and its list of orders; anyone
 * with an order's id sees only its status.
 *
 * Over https the cookie is `__Host-shop_customer`: `Secure`, `Path=/` and no `Domain`, so no other
 * host (a sibling subdomain, a network attacker on plain http) can set or overwrite it. On plain
 * http, which the demo only serves on loopback, the prefix cannot be used: it needs `Secure`, and
 * WebKit (Safari; WebKitGTK 2.50 measured) refuses `Secure` cookies from http://127.0.0.1 and
 * http://localhost, though Chromium and Firefox take them. There it is `shop_customer`.
 */
const idPattern = /^[0-9a-f]{32}$/;
/** Thirty days: long enough to come back to an order, as a shop's basket cookie is. */
const maxAgeSeconds = 30 * 24 * 60 * 60;

/** The cookie's name: with the `__Host-` prefix when the shop is served over https. */
export const customerCookieName = (secure: boolean) => (secure ? '__Host-shop_customer' : 'shop_customer');

/** The customer's id from the request's cookie of that name, if it has a well-formed one. */
export function customerOf(request: IncomingMessage, secure: boolean): string | undefined {
  const wanted = customerCookieName(secure);
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === wanted && idPattern.test(value ?? '')) return value;
  }
  return undefined;
}

export function newCustomer(): string {
  return randomBytes(16).toString('hex');
}

/** The `Set-Cookie` value that keeps `id`. */
export function customerCookie(id: string, secure: boolean): string {
  return `${customerCookieName(secure)}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** What the database keeps: a hash, so that a copy of it cannot be used as anyone's cookie. */
export function customerKey(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
