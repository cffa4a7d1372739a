import type { CheckoutStatus } from './status.js';

/**
 * What the element says to the customer about its state, announced through its live region.
 * Kept out of templates so that translations can replace them.
 */
export const statusText: Readonly<Record<CheckoutStatus, string>> = {
  idle: '',
  loading: 'Loading secure checkout…',
  ready: 'Secure checkout loaded.',
  pending: 'Waiting for your approval…',
  redirecting: 'Taking you to secure checkout…',
  success: 'Payment complete.',
  failure: 'Payment failed.',
  expired: 'This checkout has expired.',
  cancelled: 'Checkout cancelled.',
  error: 'Checkout is unavailable right now.',
};
