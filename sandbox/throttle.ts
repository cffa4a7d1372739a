import { SandboxError } from './errors.js';

/**
 * Waftpay's sandbox "is throttled". This one is when started with `--throttle <n>`: each client
 * address gets at most `n` API requests per second; the next is refused with HTTP 429 in
 * Waftpay's error shape and a `Retry-After` header.
 */
export class Throttle {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perSecond: number) {}

  /** @throws {SandboxError} `throttled` when `client` is over its rate. */
  take(client: string, now = Date.now()): void {
    let window = this.#windows.get(client);
    if (!window || now - window.start >= 1000) {
      if (this.#windows.size > 1000) this.#forgetIdle(now);
      window = { start: now, count: 0 };
      this.#windows.set(client, window);
    }
    window.count++;
    if (window.count > this.perSecond) {
      throw new SandboxError(
        'throttled',
        `Too many requests: this sandbox takes ${this.perSecond} per second; retry after a second.`,
      );
    }
  }

  #forgetIdle(now: number): void {
    for (const [client, window] of this.#windows)
      if (now - window.start >= 1000) this.#windows.delete(client);
  }
}
