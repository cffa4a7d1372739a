import { randomBytes } from 'node:crypto';

/** Waftpay's error categories. */
export type ErrorCategory =
  'invalid_request' | 'authentication_error' | 'authorization_error' | 'validation_error' | 'service_error';

/**
 * Every error the sandbox returns, in Waftpay's code format `HTTP.SERVICE.SPECIFIC`. Codes marked
 * "documented" are Waftpay's own; the others are the sandbox's decisions (see the README).
 */
export const errorCatalogue = {
  malformedJson: { http: 400, code: '400.000.100', error: 'invalid_request' },
  unsupportedMediaType: { http: 415, code: '415.000.101', error: 'invalid_request' },
  bodyTooLarge: { http: 413, code: '413.000.102', error: 'invalid_request' },
  notFound: { http: 404, code: '404.000.104', error: 'invalid_request' },
  methodNotAllowed: { http: 405, code: '405.000.105', error: 'invalid_request' },
  malformedTarget: { http: 400, code: '400.000.106', error: 'invalid_request' },
  throttled: { http: 429, code: '429.000.429', error: 'invalid_request' },
  badCredentials: { http: 401, code: '401.002.200', error: 'authentication_error' },
  badToken: { http: 401, code: '401.002.201', error: 'authentication_error' },
  wrongProduct: { http: 403, code: '403.002.202', error: 'authorization_error' },
  missingField: { http: 400, code: '400.001.300', error: 'invalid_request' }, // documented
  invalidValue: { http: 400, code: '400.001.301', error: 'validation_error' },
  invalidMsisdn: { http: 400, code: '400.001.302', error: 'validation_error' },
  invalidAmount: { http: 400, code: '400.001.303', error: 'validation_error' },
  invalidCurrency: { http: 400, code: '400.001.304', error: 'validation_error' }, // documented
  invalidCountry: { http: 400, code: '400.001.305', error: 'validation_error' },
  invalidExpiry: { http: 400, code: '400.001.306', error: 'validation_error' },
  invalidUrl: { http: 400, code: '400.001.307', error: 'validation_error' }, // documented
  duplicateReference: { http: 409, code: '409.001.310', error: 'invalid_request' },
  invalidQuery: { http: 400, code: '400.004.300', error: 'validation_error' },
  sessionClosed: { http: 409, code: '409.005.320', error: 'invalid_request' },
  unexpected: { http: 500, code: '500.000.500', error: 'service_error' },
  unavailable: { http: 503, code: '503.000.503', error: 'service_error' },
} as const satisfies Record<string, { http: number; code: string; error: ErrorCategory }>;

export type ErrorKind = keyof typeof errorCatalogue;

/** A refusal, carried up to the router, which answers it in Waftpay's error shape. */
export class SandboxError extends Error {
  readonly kind: ErrorKind;
  readonly param?: string;

  constructor(kind: ErrorKind, message: string, param?: string) {
    super(message);
    this.kind = kind;
    this.param = param;
  }

  get http(): number {
    return errorCatalogue[this.kind].http;
  }

  /** Waftpay's error body. `status` follows the HTTP class: REJECTED for 4xx, ERROR for 5xx. */
  body(requestId: string): Record<string, unknown> {
    const { code, error, http } = errorCatalogue[this.kind];
    return {
      error,
      message: this.message,
      ...(this.param ? { param: this.param } : {}),
      request_id: requestId,
      code,
      status: http >= 500 ? 'ERROR' : 'REJECTED',
    };
  }
}

export function newRequestId(): string {
  return `req_${randomBytes(12).toString('hex')}`;
}
