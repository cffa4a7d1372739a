import pg from 'pg';
import type { SqlDatabase, SqlRunner } from './sql-database.js';

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the store's statements have no `?` in literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function runner(client: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    all: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(sql), params as unknown[])).rows as T[],
    run: async (sql, params = []) => (await client.query(numbered(sql), params as unknown[])).rowCount ?? 0,
  };
}

/** A serialization failure or a deadlock: PostgreSQL rolled the transaction back; it may be run again. */
const retryable = new Set(['40001', '40P01']);

/**
 * A PostgreSQL database (`postgres://…`) as a {@link SqlDatabase}, through a pool of `pg`
 * connections. Transactions run at PostgreSQL's default isolation (read committed): the store's
 * statements are guarded updates and inserts that a concurrent transaction cannot slip past,
 * and `lock` is a transaction-scoped advisory lock.
 */
export function openPostgres(connectionString: string): SqlDatabase {
  const pool = new pg.Pool({ connectionString, max: 8 });
  // A connection the server drops while idle (a restart) is replaced; it must not end the shop.
  pool.on('error', () => undefined);
  const direct = runner(pool);
  return {
    kind: 'postgres',
    insertionOrder: 'seq',
    all: direct.all,
    run: direct.run,
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        // A connection that cannot even roll back is broken: it is closed, not returned to the pool.
        let broken = false;
        try {
          await client.query('begin');
          const result = await work(runner(client));
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch(() => (broken = true));
          if (attempt < 5 && retryable.has((error as { code?: string }).code ?? '')) continue;
          throw error;
        } finally {
          client.release(broken);
        }
      }
    },
    lock: async (tx, key) => void (await tx.all('select pg_advisory_xact_lock(hashtext(?))', [key])),
    close: () => pool.end(),
  };
}
