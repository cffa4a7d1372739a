/** A token and when it stops being used (a little before Waftpay's end of it). */
interface Held {
  readonly value: string;
  readonly renewAt: number;
}

/** Renew at most this long before the end, so no request carries a token that expires on the way. */
const maxMarginMs = 60_000;

/**
 * Waftpay's bearer token, requested once and reused until it expires (Waftpay: "cache the token
 * and refresh only on expiry"). Callers who ask while a request is on its way share it.
 */
export class TokenCache {
  #held?: Held;
  #pending?: Promise<string>;

  constructor(
    private readonly request: () => Promise<{ token: string; expiresInMs: number }>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<string> {
    if (this.#held && this.now() < this.#held.renewAt) return Promise.resolve(this.#held.value);
    this.#pending ??= this.#fetch().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** Waftpay refused `token` (401): forget it, unless a newer one already replaced it. */
  reject(token: string): void {
    if (this.#held?.value === token) this.#held = undefined;
  }

  async #fetch(): Promise<string> {
    const requestedAt = this.now();
    const { token, expiresInMs } = await this.request();
    const margin = Math.min(maxMarginMs, expiresInMs / 10);
    this.#held = { value: token, renewAt: requestedAt + expiresInMs - margin };
    return token;
  }
}
