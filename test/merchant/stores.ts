// The two stores the shop runs on, for suites that must pass on both: SQLite in a fresh folder,
// and PostgreSQL (a real server, started by the suite and stopped after it) in a fresh database.
import { after, before } from 'node:test';
import { openStore, type StoreOptions } from '../../demo/merchant/open-store.js';
import type { NewOrder, OrderStore } from '../../demo/merchant/store.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { newDataDir } from './shop.js';

export interface StoreKind {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** Where a new, empty store is: every shop server given these shares it. */
  place(): Promise<StoreOptions>;
}

/**
 * The two kinds, for `for (const kind of storeKinds()) describe(kind.name, …)`. PostgreSQL is
 * started before the file's first test and stopped after its last.
 */
export function storeKinds(): StoreKind[] {
  let postgres: TestPostgres | undefined;
  before(async () => {
    postgres = await startPostgres();
  });
  after(() => postgres?.stop());
  return [
    { name: 'SQLite', place: async () => ({ dataDir: newDataDir() }) },
    {
      name: 'PostgreSQL',
      place: async () => ({ databaseUrl: await (postgres as TestPostgres).newDatabase() }),
    },
  ];
}

/** Opens one more handle on the store at `place` (another shop server's). */
export const open = (place: StoreOptions): Promise<OrderStore> => openStore(place);

/** A new order of KES 1,750 for the sandbox's pending number, in iframe mode, by no known browser. */
export function newOrder(id: string, expiresMs: number, extra: Partial<NewOrder> = {}): NewOrder {
  return {
    id,
    checkoutReference: `CHK-${id}`,
    amount: 1750,
    currency: 'KES',
    msisdn: '254712345678',
    mode: 'iframe',
    customer: null,
    expiresMs,
    ...extra,
  };
}
