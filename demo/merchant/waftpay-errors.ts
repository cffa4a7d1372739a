import { WaftpayApiError, WaftpayNetworkError } from '../../src/server.js';

/** Waftpay down, slow or failing (5xx, 429): worth trying again later; nothing was made. */
export function waftpayUnreachable(error: unknown): boolean {
  return error instanceof WaftpayNetworkError || (error instanceof WaftpayApiError && error.retryable);
}

/** For logs: what Waftpay said, never what it sent. */
export function describe(error: unknown): string {
  if (error instanceof WaftpayApiError)
    return `HTTP ${error.httpStatus} ${error.code ?? error.error ?? ''} ${error.message}${error.requestId ? ` (request_id ${error.requestId})` : ''}`;
  if (error instanceof WaftpayNetworkError) return error.message;
  return (error as Error)?.stack ?? String(error);
}
