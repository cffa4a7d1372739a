/**
 * Does a request's work once per key (the request's `Idempotency-Key`): the same key again, while
 * the first is on its way or for `keepMs` after it succeeded, gets the first one's result. So a
 * request sent twice (a double call, a retry after an answer was lost) makes one order. A failure
 * is not kept: the same key may try again, since nothing was made.
 *
 * Kept in this process's memory: the shop's routes use it so that one server answers the same key
 * sent twice at once with one piece of work; across servers the key is kept in the store.
 */
export class OncePerKey<T> {
  readonly #results = new Map<string, { readonly result: Promise<T>; readonly at: number }>();

  constructor(
    readonly keepMs: number,
    readonly now: () => number = Date.now,
  ) {}

  run(key: string, work: () => Promise<T>): Promise<T> {
    const now = this.now();
    // Oldest first (a Map keeps insertion order): forget what is past keeping.
    for (const [old, { at }] of this.#results) {
      if (now - at <= this.keepMs) break;
      this.#results.delete(old);
    }
    const known = this.#results.get(key);
    if (known) return known.result;
    const result = work();
    this.#results.set(key, { result, at: now });
    result.catch(() => this.#results.delete(key));
    return result;
  }
}
