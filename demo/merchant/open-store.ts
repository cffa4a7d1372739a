import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgres } from './postgres-database.js';
import { SqlOrderStore } from './sql-store.js';
import { openSqlite } from './sqlite-database.js';
import type { OrderStore } from './store.js';

export interface StoreOptions {
  /** `postgres://…` (or `postgresql://…`): PostgreSQL, which any number of shop servers may share. */
  readonly databaseUrl?: string;
  /** Otherwise SQLite, in `orders.sqlite` in this folder (created if missing). */
  readonly dataDir?: string;
}

/** The shop's store: PostgreSQL when `databaseUrl` names one, else SQLite in `dataDir`. */
export function openStore({ databaseUrl, dataDir }: StoreOptions): Promise<OrderStore> {
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl))
      throw new TypeError('DATABASE_URL must be a postgres:// (or postgresql://) URL');
    return SqlOrderStore.open(openPostgres(databaseUrl));
  }
  if (!dataDir) throw new TypeError('Give the shop a DATABASE_URL or a data folder');
  mkdirSync(dataDir, { recursive: true });
  return SqlOrderStore.open(openSqlite(join(dataDir, 'orders.sqlite')));
}
