import { parseExpiresAt } from './expiry-clock.js';
import { resolveMode, type CheckoutMode } from './mode.js';
import { parseOrigins } from '../shared/origins.js';
import { unseeableReturnUrls, type ReturnUrls } from './return-url.js';
import { parseCheckoutUrl, parseReturnUrl, refuseSameOrigin } from '../shared/url-rules.js';

/** `expires-at` as given, and as epoch milliseconds. */
export interface Expiry {
  readonly expiresAt: string;
  readonly deadline: number;
}

/** Everything a session is presented with, checked. */
export interface SessionConfig {
  readonly url: URL;
  readonly mode: CheckoutMode;
  /** A warning when the requested mode was replaced. */
  readonly modeWarning?: string;
  readonly expiry?: Expiry;
  readonly returnUrls: ReturnUrls;
  readonly allowedOrigins: readonly string[];
}

/** The element's attributes, as they arrive (possibly missing or malformed). */
export interface SessionAttributes {
  readonly checkoutUrl?: string | null;
  readonly mode?: string | null;
  readonly expiresAt?: string | null;
  readonly successRedirectUrl?: string | null;
  readonly failRedirectUrl?: string | null;
  readonly allowedOrigins?: string | null;
}

/**
 * What `createSession` resolves to: the session the shop's server created, as Waftpay's Create
 * Checkout Request answered it (`checkout_url`, `expires_at`) with the return URLs it sent.
 */
export interface CreatedSession {
  readonly checkoutUrl: string;
  readonly expiresAt?: string;
  readonly successRedirectUrl?: string;
  readonly failRedirectUrl?: string;
}

/**
 * The four fields of what `createSession` resolved to, as text, to be checked as the attributes
 * are (anything else it carries, such as the shop's own order id, is left out).
 */
export function createdSession(value: unknown): CreatedSession {
  const made = Object(value) as Record<string, unknown>;
  return Object.fromEntries(
    ['checkoutUrl', 'expiresAt', 'successRedirectUrl', 'failRedirectUrl'].map((field) => [
      field,
      made[field] == null ? undefined : String(made[field]),
    ]),
  ) as unknown as CreatedSession;
}

/** The page that shows the checkout. */
export interface PageContext {
  /** The page's origin (`location.origin`). */
  readonly origin: string;
  /** A test page serving a stand-in hosted page from its own origin may allow it; nothing else. */
  readonly allowSameOriginCheckout?: boolean;
}

/** Reads `expires-at`; `undefined` when the session has no expiry. */
export function readExpiry(expiresAt: string | null | undefined): Expiry | undefined {
  return expiresAt == null ? undefined : { expiresAt, deadline: parseExpiresAt(expiresAt) };
}

/**
 * Checks every attribute a session needs.
 *
 * @throws {WaftpayCheckoutError} with the code of the first problem found.
 */
export function readSessionConfig(attributes: SessionAttributes, page: PageContext): SessionConfig {
  const url = parseCheckoutUrl(attributes.checkoutUrl);
  if (!page.allowSameOriginCheckout) refuseSameOrigin(url, page.origin);
  const { mode, warning } = resolveMode(attributes.mode);
  const origins = attributes.allowedOrigins?.trim();
  return {
    url,
    mode,
    modeWarning: warning,
    expiry: readExpiry(attributes.expiresAt),
    returnUrls: {
      success: parseReturnUrl('success-redirect-url', attributes.successRedirectUrl),
      fail: parseReturnUrl('fail-redirect-url', attributes.failRedirectUrl),
    },
    // By default only the checkout's own origin may speak; list more if the page moves origins.
    allowedOrigins: origins ? parseOrigins('allowed-origins', origins.split(/\s+/)) : [url.origin],
  };
}

/** What a developer should hear about a configuration that works, but not as they may think. */
export function configWarnings(config: SessionConfig, pageOrigin: string): string[] {
  const unseeable = unseeableReturnUrls(config.returnUrls, pageOrigin).map(
    (url) =>
      `${url} is not on this page's origin (${pageOrigin}); the element cannot see the checkout land there.`,
  );
  return config.modeWarning ? [config.modeWarning, ...unseeable] : unseeable;
}
