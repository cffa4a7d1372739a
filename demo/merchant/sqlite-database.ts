import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import type { SqlDatabase, SqlRunner } from './sql-database.js';

/** The work queued on each database file by this process. */
const queues = new Map<string, Promise<unknown>>();

/**
 * A SQLite file as a {@link SqlDatabase}. Several processes may share the file: a transaction
 * begins `IMMEDIATE`, taking the database's write lock at once (waiting up to `busy_timeout`), so
 * two never interleave and none fails halfway for a lock it could not upgrade. Within one process,
 * the connections to one file run one piece of work at a time: an open transaction never sees
 * another request's statements, and a connection never blocks the process waiting for a lock
 * that another connection of the same process holds across an `await`.
 */
export function openSqlite(file: string): SqlDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const direct: SqlRunner = {
    all: async <T>(sql: string, params: readonly unknown[] = []) => prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => prepare(sql).run(...params).changes,
  };

  const key = resolve(file);
  function alone<T>(work: () => Promise<T>): Promise<T> {
    const next = (queues.get(key) ?? Promise.resolve()).then(work);
    queues.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }

  return {
    kind: 'sqlite',
    insertionOrder: 'rowid',
    all: (sql, params) => alone(() => direct.all(sql, params)),
    run: (sql, params) => alone(() => direct.run(sql, params)),
    transaction: (work) =>
      alone(async () => {
        db.exec('begin immediate');
        try {
          const result = await work(direct);
          db.exec('commit');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('rollback');
          throw error;
        }
      }),
    // `begin immediate` already makes every writing transaction wait for the one before it.
    lock: async () => undefined,
    close: () => alone(async () => void db.close()),
  };
}
