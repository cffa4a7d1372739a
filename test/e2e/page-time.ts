import type { Page } from '@playwright/test';

/**
 * The pages' clock (Playwright's `page.clock`, for every page and frame of the context), which
 * flows as usual once installed and which the test moves on where the pages only wait: their next
 * question to a server, a back-off, a deadline. Remembers how far it moved them ahead of real time.
 */
export class PageTime {
  readonly #page: Page;
  #aheadMs = 0;

  constructor(page: Page) {
    this.#page = page;
  }

  /** Before the pages load: from then on their timers and `Date` run on this clock. */
  install(): Promise<void> {
    return this.#page.clock.install();
  }

  /** Lets `ms` pass at once: every timer of the pages due meanwhile runs. */
  async runFor(ms: number): Promise<void> {
    this.#aheadMs += ms;
    await this.#page.clock.runFor(ms);
  }

  /** The pages' time, about: real time, and what the test let pass at once. */
  now(): number {
    return Date.now() + this.#aheadMs;
  }

  /**
   * `read` for `expect.poll`, each call of it after a second has passed at once, until `upToMs`
   * have passed so; then on the clock as it flows. The pages reach what they only wait for (the
   * poll reads what the test means) at once; `upToMs` keeps them from running so far ahead of real
   * time that a deadline on their clock, such as the element's for the hosted page's answer
   * (load-timeout), leaves no real time for the answer.
   */
  advancing<T>(read: () => Promise<T>, upToMs: number): () => Promise<T> {
    const until = this.#aheadMs + upToMs;
    return async () => {
      if (this.#aheadMs < until) await this.runFor(Math.min(1000, until - this.#aheadMs));
      return read();
    };
  }
}
