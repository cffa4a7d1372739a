// Waftpay's own example payloads, as docs.waftpay.io prints them (see
// shared/reference/waftpay-api.md): the fake Waftpay answers with these, so the server entry is
// tested against what Waftpay documents, not against what our sandbox happens to send.

/** "Get Authentication token", example response. */
export const tokenReply = {
  status: true,
  message: 'Request processed successfully',
  token: 'abcdeFGHIjklmno@1234567890...',
  expires_in: 7200000,
};

/** "Create Checkout Request", request body example. */
export const checkoutRequest = {
  customer: {
    first_name: 'Amina',
    other_names: 'Kariuki',
    email: 'amina.kariuki@example.com',
    phone_number: '254733112244',
  },
  timestamp: '2025-11-18T09:45:30.540Z',
  checkout_reference: 'CHK623581942',
  payment_reference: 'INV20478519',
  msisdn: '254711223344',
  country: 'KEN',
  currency: 'KES',
  amount: 1750,
  mode: 'redirect' as const,
  callback_url: 'https://webhook.site/aa2b85e4-1c13-4a9c-9b7e-3d7f3d91c9f1',
  success_redirect_url: 'https://webhook.site/aa2b85e4-1c13-4a9c-9b7e-3d7f3d91c9f1',
  fail_redirect_url: 'https://webhook.site/aa2b85e4-1c13-4a9c-9b7e-3d7f3d91c9f1',
  meta_data: { order_id: 'ORDER-39182' },
  extra_params: { language: 'en', expiry: '2026-02-14 18:30:00', strict_amount: true },
};

/** "Create Checkout Request", response (accepted). */
export const checkoutReply = {
  code: '200',
  status: 'SUCCESS',
  description: 'Request accepted',
  data: {
    checkout_url: 'https://waftpay.netlify.app/checkout/OTRkN2I2YTQtZTliZi00MDI0LTk2N2ItZGI1MTQ0NmU2NzY2',
    expires_at: '2026-03-02T14:08:41.921Z',
  },
};

/** "Webhook payload", top-level structure (it has no `payment_id`). */
export const webhookPayload = {
  status: 'SUCCESS',
  code: '102',
  description: 'Payment completed successfully',
  results: {
    result_code: '0',
    result_description: 'The service request is processed successfully.',
    amount: 100,
    total_charges: 10,
    total_amount: 100,
    account: '254708374149',
    transaction_reference: '295877',
    payment_uuid: '413283551145761444',
    external_reference: '3C1HH10ZU8',
    time_processed: '2026-01-07T09:48:08.8485958',
    validation_hash: '16b70a72ab3abddd1a2ed3db533317be9785fa553beafb563d205cec5a693b6c',
    metadata: {},
  },
};

/** "Check status", example response (processing), by transaction reference. */
export const statusReply = {
  status: '200.100',
  code: 'ACCEPTED',
  description: 'Accepted for processing',
  data: {
    amount: 100,
    total_charges: 0,
    total_amount: 100,
    transaction_reference: 'TXN123654573',
    payment_uuid: '8363546214883574601',
    payment_reference: '1RJITP5HLL',
    state: 'processing',
    time_received: '2025-04-04T06:13:52.585619Z',
    last_updated: '2025-04-04T06:15:10.102993Z',
  },
};

/** The status query's reply for the payment of {@link webhookPayload}, in the same shape. */
export const statusOfWebhookPayment = {
  ...statusReply,
  data: {
    ...statusReply.data,
    transaction_reference: webhookPayload.results.transaction_reference,
    payment_uuid: webhookPayload.results.payment_uuid,
    payment_reference: null,
    state: 'succeeded',
  },
};

/**
 * "Initiate Refund/Reversal" (docs.waftpay.io/api-reference/collections/collections-refund-initiate),
 * request example: `POST {BASE}/payments-api-service/v1/refund-reversal` with the Collections token.
 */
export const refundRequest = {
  transaction_reference: 'TRC94513697913522',
  payment_uuid: '803556523944079845',
  amount: 400,
  notification_url: 'https://webhook.site/679ced79-7dac-4977-be7a-3d600b39c245',
  remarks: 'Test remarks',
};

/** "Initiate Refund/Reversal", response (accepted): `code` is a number on this page. */
export const refundReply = {
  code: 102,
  status: 'SUCCESS',
  description: 'Request accepted',
  results: { request_uuid: 'A333RTYUT' },
};

/**
 * "Query Refund Reversal" (docs.waftpay.io/api-reference/collections/collections-refund),
 * `POST {BASE}/refund-reversal` with `{request_uuid}`, example response: amounts as strings.
 */
export const refundStatusReply = {
  code: 102,
  status: 'SUCCESS',
  description: 'Transaction success',
  results: {
    result_code: '21',
    result_description: 'The service request is processed successfully',
    amount: '1015.00',
    total_charges: '0.00',
    total_amount: '1015.00',
    account: '254792452002',
    original_payment_uuid: '882231418121042119',
    original_transaction_reference: 'TNC0009886898418',
    original_external_reference: '1V1OPZZGHQ',
    external_reference: '1V33UUE1IR',
    time_processed: '2025-08-26T05:20:27Z',
  },
};

/** "Errors", standard error shape. */
export const errorReply = {
  error: 'invalid_request',
  message: 'msisdn is required',
  param: 'source.msisdn',
  request_id: 'req_abc123',
  code: '400.001.300',
  status: 'REJECTED',
};
