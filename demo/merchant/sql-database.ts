// The little the shop's store needs from a SQL database, so that one store serves SQLite and
// PostgreSQL with the same statements (written with `?` placeholders).

export interface SqlRunner {
  /** Rows of a query (or of a statement with `returning`). */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface SqlDatabase extends SqlRunner {
  readonly kind: 'sqlite' | 'postgres';
  /** The expression that orders a table's rows as they were inserted. */
  readonly insertionOrder: string;
  /**
   * Runs `work` in one transaction, on one connection, committed when it resolves and rolled
   * back when it throws. Its statements must go through `tx`.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Inside a transaction: waits until no other transaction holds `key`, then holds it until commit. */
  lock(tx: SqlRunner, key: string): Promise<void>;
  close(): Promise<void>;
}
