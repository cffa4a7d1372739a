/**
 * A Map that keeps only its `limit` most recently written keys: writing one more forgets the
 * oldest. For what the sandbox counts per subject or per merchant, which would otherwise grow with
 * every reference or consumer key anyone sends it.
 */
export class RecentMap<K, V> extends Map<K, V> {
  constructor(readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    // Written again, a key becomes the most recent (a Map keeps insertion order).
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) super.delete(this.keys().next().value as K);
    return this;
  }
}
