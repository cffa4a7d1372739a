import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Which browser an order belongs to, as a shop without sign-in knows it: a random id in an
 * HttpOnly cookie, given with the first order. Only that browser is shown the order's checkout
 * (its URL opens the hosted page, which shows the phone number) and its list of orders; anyone
 * with an order's id sees only its status.
 */
const cookieName = 'shop_customer';
const idPattern = /^[0-9a-f]{32}$/;
/** Thirty days: long enough to come back to an order, as a shop's basket cookie is. */
const maxAgeSeconds = 30 * 24 * 60 * 60;

/** The customer's id from the request's cookie, if it has a well-formed one. */
export function customerOf(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === cookieName && idPattern.test(value ?? '')) return value;
  }
  return undefined;
}

export function newCustomer(): string {
  return randomBytes(16).toString('hex');
}

/** The `Set-Cookie` value that keeps `id` (`Secure` when the shop is reached over https). */
export function customerCookie(id: string, secure: boolean): string {
  return `${cookieName}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** What the database keeps: a hash, so that a copy of it cannot be used as anyone's cookie. */
export function customerKey(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
