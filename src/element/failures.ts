import { WaftpayCheckoutError, WaftpayErrorCode } from '../shared/errors.js';

/** The errors of presenting a session, worded for the developer who reads them. */
export const failures = {
  loadTimeout: (ms: number) =>
    new WaftpayCheckoutError(
      WaftpayErrorCode.LoadTimeout,
      `The hosted checkout page did not load within ${ms} ms (load-timeout).`,
    ),
  loadFailed: (origin: string) =>
    new WaftpayCheckoutError(
      WaftpayErrorCode.LoadFailed,
      `The hosted checkout page at ${origin} could not be reached.`,
    ),
  popupBlocked: () =>
    new WaftpayCheckoutError(
      WaftpayErrorCode.PopupBlocked,
      'The browser blocked the payment window; open() must be called from a click, not after an await.',
    ),
  createSessionFailed: (cause: unknown) =>
    new WaftpayCheckoutError(
      WaftpayErrorCode.CreateSessionFailed,
      `createSession() failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    ),
  navigationBlocked: (cause: unknown) =>
    new WaftpayCheckoutError(
      WaftpayErrorCode.NavigationBlocked,
      'The browser refused to navigate the top window to the checkout; is this page inside a sandboxed frame?',
      { cause },
    ),
};
