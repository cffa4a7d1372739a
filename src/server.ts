/**
 * `waftpay-checkout/server`: what the merchant's server needs from Waftpay (token, Create Checkout
 * Request, status query, refunds and reversals, webhook checks), typed with Waftpay's field names. No dependencies:
 * `fetch` and Web Crypto only, so it runs on Node 20+, Deno, Bun and edge workers. Importing it
 * does nothing.
 */
export { createWaftpayClient } from './server/client.js';
export type {
  CreatedCheckout,
  PaymentQueryResult,
  RefundQueryResult,
  RequestedRefund,
  WaftpayClient,
  WaftpayClientOptions,
} from './server/client.js';
export { WaftpayApiError, WaftpayNetworkError, type WaftpayApiErrorInit } from './server/errors.js';
export { WaftpayCheckoutError, WaftpayErrorCode } from './shared/errors.js';
export { verifyWebhook, type WebhookEvent, type WebhookVerification } from './server/verify-webhook.js';
export { confirmWebhook, type WebhookConfirmation } from './server/confirm-webhook.js';
export { validationHash } from './server/validation-hash.js';
export { paymentStatusCodes } from './server/api-types.js';
export type {
  CheckoutCustomer,
  CheckoutRequest,
  CheckoutResponse,
  ErrorBody,
  PaymentState,
  PaymentStatus,
  RefundRequest,
  RefundResponse,
  RefundStatusResponse,
  RefundStatusResults,
  StatusQueryData,
  StatusQueryReference,
  StatusQueryResponse,
  TokenResponse,
  WebhookBody,
  WebhookResults,
} from './server/api-types.js';
export { renderCheckoutMarkup, type CheckoutMarkupOptions } from './server/render-checkout.js';
