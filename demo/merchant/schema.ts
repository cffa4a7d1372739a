import type { SqlDatabase } from './sql-database.js';

/**
 * The store's tables, the same on SQLite and PostgreSQL. Times the shop compares are epoch
 * milliseconds (`*_ms`, `claimed_until`, `last_at`); times it shows are ISO-8601 text.
 */
const tables = (db: SqlDatabase) => [
  `create table if not exists orders (
    ${db.kind === 'postgres' ? 'seq bigserial,' : ''}
    id text primary key,
    checkout_reference text not null unique,
    amount double precision not null,
    currency text not null,
    msisdn text not null,
    mode text not null,
    checkout_url text,
    expires_at text,
    expires_ms double precision,
    status text not null,
    paid_amount double precision,
    payment_uuid text,
    transaction_reference text,
    verified_by text,
    verified_at text,
    attention text,
    status_queries integer not null default 0,
    last_queried_at text,
    customer text,
    created_at text not null,
    refunded_amount double precision not null default 0,
    rechecks integer not null default 0,
    checked_ms double precision
  )`,
  `create table if not exists webhook_deliveries (
    payment_uuid text not null,
    status text not null,
    order_id text not null references orders(id),
    body text not null,
    received_at text not null,
    primary key (payment_uuid, status)
  )`,
  `create table if not exists payment_queries (
    payment_uuid text primary key,
    queries integer not null,
    last_at double precision not null
  )`,
  `create table if not exists fulfilments (
    order_id text primary key references orders(id),
    state text not null,
    attempts integer not null default 0,
    claimed_by text,
    claimed_until double precision,
    due_at text not null,
    done_at text,
    done_by text,
    note text
  )`,
  `create table if not exists refunds (
    order_id text not null references orders(id),
    key text not null,
    kind text not null,
    amount double precision not null,
    request_uuid text unique,
    state text not null,
    asked_ms double precision not null,
    done_at text,
    primary key (order_id, key)
  )`,
  `create table if not exists order_requests (
    key text primary key,
    response text,
    claimed_ms double precision not null
  )`,
];

const indexes = [
  'create index if not exists orders_by_customer on orders (customer, created_at)',
  'create index if not exists orders_by_msisdn on orders (msisdn, created_at)',
  'create index if not exists orders_open on orders (status, expires_ms)',
  'create index if not exists fulfilments_due on fulfilments (state, due_at)',
  'create index if not exists orders_paid on orders (status, checked_ms)',
  'create index if not exists refunds_unfinished on refunds (state, asked_ms)',
];

/** Columns an older version of this shop's SQLite database lacks, added in place. */
const addedSince: Array<[string, string]> = [
  ['attention', 'text'],
  ['status_queries', 'integer not null default 0'],
  ['last_queried_at', 'text'],
  ['customer', 'text'],
  ['expires_ms', 'double precision'],
  ['refunded_amount', 'double precision not null default 0'],
  ['rechecks', 'integer not null default 0'],
  ['checked_ms', 'double precision'],
];

/**
 * Creates what is missing. Shop servers starting together on one PostgreSQL take turns (an
 * advisory lock), since two concurrent `create table if not exists` can collide.
 */
export async function createSchema(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await db.lock(tx, 'waftpay-shop-schema');
    for (const statement of tables(db)) await tx.run(statement);
    if (db.kind === 'sqlite') {
      const present = new Set(
        (await tx.all<{ name: string }>('pragma table_info(orders)')).map((column) => column.name),
      );
      for (const [name, type] of addedSince)
        if (!present.has(name)) await tx.run(`alter table orders add column ${name} ${type}`);
      const undated = await tx.all<{ id: string; expires_at: string }>(
        'select id, expires_at from orders where expires_ms is null and expires_at is not null',
      );
      for (const { id, expires_at } of undated)
        await tx.run('update orders set expires_ms = ? where id = ?', [Date.parse(expires_at), id]);
    }
    for (const statement of indexes) await tx.run(statement);
  });
}
