/** What {@link WaftpayApiError} was made from. */
export interface WaftpayApiErrorInit {
  readonly httpStatus: number;
  readonly code?: string;
  readonly error?: string;
  readonly message: string;
  readonly param?: string;
  readonly requestId?: string;
  readonly status?: string;
}

/**
 * Waftpay answered, but not with what was asked for: an error in Waftpay's shape (its `code`,
 * `error`, `message`, `param` and `request_id` are kept), or a reply this client cannot read
 * (`error` is then `unexpected_reply`). Only those fields are kept, never the body itself, so an
 * error passed on by mistake cannot carry a token or anything else Waftpay sent.
 */
export class WaftpayApiError extends Error {
  override readonly name = 'WaftpayApiError';
  /** The HTTP status of Waftpay's reply. */
  readonly httpStatus: number;
  /** Waftpay's code, `HTTP.SERVICE.SPECIFIC` (e.g. `400.001.300`), when it sent one. */
  readonly code?: string;
  /** Waftpay's category (`invalid_request`, `authentication_error`, …), or `unexpected_reply`. */
  readonly error?: string;
  /** The field Waftpay found at fault. */
  readonly param?: string;
  /** Waftpay's `request_id`: quote it to Waftpay's support. */
  readonly requestId?: string;
  /** Waftpay's `status`: `REJECTED` (4xx) or `ERROR` (5xx). */
  readonly status?: string;
  /** Trying again later may succeed: Waftpay failed (5xx) or is throttling (429). */
  readonly retryable: boolean;

  constructor(init: WaftpayApiErrorInit) {
    super(init.message);
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.error = init.error;
    this.param = init.param;
    this.requestId = init.requestId;
    this.status = init.status;
    this.retryable = init.httpStatus >= 500 || init.httpStatus === 429;
  }
}

/**
 * Waftpay could not be reached, or did not answer within the client's `timeoutMs`. Nothing is
 * known of what happened on Waftpay's side; trying again later may succeed.
 */
export class WaftpayNetworkError extends Error {
  override readonly name = 'WaftpayNetworkError';
  /** `timeout`: no complete answer in time; `network`: no connection, or it broke. */
  readonly reason: 'network' | 'timeout';
  readonly retryable = true;

  constructor(reason: 'network' | 'timeout', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
