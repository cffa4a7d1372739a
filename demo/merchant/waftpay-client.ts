/**
 * The merchant's side of Waftpay's API: server-to-server, with the credentials never leaving the
 * server. The token is cached until it expires and renewed once when Waftpay says 401.
 */
export interface WaftpayClientOptions {
  /** `https://sandbox.waftpay.io/api`, `https://api.waftpay.io`, or the local sandbox's. */
  readonly baseUrl: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

/** Waftpay answered with an error (its error shape, when it sent one). */
export class WaftpayApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: unknown,
  ) {
    const detail = (body as { message?: string; description?: string } | undefined) ?? {};
    super(`Waftpay answered ${httpStatus}: ${detail.message ?? detail.description ?? 'no details'}`);
  }
}

/** Renew a little before the token's end, so a request never carries one that expires in flight. */
const renewalMarginMs = 30_000;

export class WaftpayClient {
  #token?: { value: string; expiresAt: number };
  #pending?: Promise<string>;
  /** How many tokens were requested: shows the cache at work. */
  tokensIssued = 0;

  constructor(private readonly options: WaftpayClientOptions) {}

  async createCheckout(body: Record<string, unknown>): Promise<{ checkoutUrl: string; expiresAt: string }> {
    const reply = (await this.#call('/checkout-backend-api/v1/request', body)) as {
      data?: { checkout_url?: string; expires_at?: string };
    };
    if (!reply.data?.checkout_url || !reply.data.expires_at) throw new WaftpayApiError(200, reply);
    return { checkoutUrl: reply.data.checkout_url, expiresAt: reply.data.expires_at };
  }

  /** Status query by exactly one reference. `undefined` when Waftpay does not know it. */
  async queryPayment(reference: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    try {
      const reply = (await this.#call('/payments-tsq-service/v1/query/payments', reference)) as {
        data?: Record<string, unknown>;
      };
      return reply.data;
    } catch (error) {
      if (error instanceof WaftpayApiError && error.httpStatus === 404) return undefined;
      throw error;
    }
  }

  async #call(path: string, body: unknown, renewed = false): Promise<unknown> {
    const token = await this.#currentToken();
    const response = await fetch(`${this.options.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const reply: unknown = await response.json().catch(() => undefined);
    if (response.status === 401 && !renewed) {
      this.#token = undefined;
      return this.#call(path, body, true);
    }
    if (!response.ok) throw new WaftpayApiError(response.status, reply);
    return reply;
  }

  #currentToken(): Promise<string> {
    if (this.#token && Date.now() < this.#token.expiresAt - renewalMarginMs)
      return Promise.resolve(this.#token.value);
    // Concurrent requests share one token request.
    this.#pending ??= this.#requestToken().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  async #requestToken(): Promise<string> {
    const response = await fetch(`${this.options.baseUrl}/authentication-service/v1/api/generate-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        consumer_key: this.options.consumerKey,
        consumer_secret: this.options.consumerSecret,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const reply = (await response.json().catch(() => undefined)) as
      { token?: string; expires_in?: number } | undefined;
    if (!response.ok || !reply?.token || typeof reply.expires_in !== 'number')
      throw new WaftpayApiError(response.status, reply);
    this.tokensIssued++;
    // expires_in is in milliseconds.
    this.#token = { value: reply.token, expiresAt: Date.now() + reply.expires_in };
    return reply.token;
  }
}
