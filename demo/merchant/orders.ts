import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type OrderStatus = 'CREATED' | 'PAID' | 'PARTIALLY_PAID' | 'FAILED' | 'EXPIRED';

export interface Order {
  id: string;
  checkoutReference: string;
  amount: number;
  currency: string;
  msisdn: string;
  mode: string;
  checkoutUrl: string | null;
  expiresAt: string | null;
  status: OrderStatus;
  paidAmount: number | null;
  paymentUuid: string | null;
  transactionReference: string | null;
  /** How the server learned the status: Waftpay's webhook (confirmed by a status query), or a status query. */
  verifiedBy: 'webhook' | 'status-query' | null;
  verifiedAt: string | null;
  /** What a person must look at: a late or contradicting outcome, a wrong currency, … */
  attention: string | null;
  /** Status queries made for this order, and when the last one was. */
  statusQueries: number;
  lastQueriedAt: string | null;
  createdAt: string;
}

/** An outcome Waftpay confirmed, to apply to an order. */
export interface Settlement {
  readonly status: Exclude<OrderStatus, 'CREATED'>;
  readonly paidAmount: number | null;
  /** None when Waftpay has no record of a payment (the order is closed as expired). */
  readonly paymentUuid: string | null;
  readonly transactionReference: string | null;
  readonly verifiedBy: 'webhook' | 'status-query';
}

const columns = `
  id text primary key,
  checkout_reference text not null unique,
  amount real not null,
  currency text not null,
  msisdn text not null,
  mode text not null,
  checkout_url text,
  expires_at text,
  status text not null,
  paid_amount real,
  payment_uuid text,
  transaction_reference text,
  verified_by text,
  verified_at text,
  attention text,
  status_queries integer not null default 0,
  last_queried_at text,
  created_at text not null`;

/**
 * The shop's orders, in SQLite under `dataDir`, so a restart loses nothing. Every status change is
 * one guarded statement (`… where status = 'CREATED'`), so a final status is never overwritten,
 * however many processes share the database. A webhook is recorded (keyed by `payment_uuid` and
 * status) in the same transaction that applies it, so a duplicate delivery changes nothing and a
 * crash never leaves one without the other.
 */
export class OrderStore {
  readonly #db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(join(dataDir, 'orders.sqlite'));
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`
      create table if not exists orders (${columns});
      create table if not exists webhook_deliveries (
        payment_uuid text not null,
        status text not null,
        order_id text not null references orders(id),
        body text not null,
        received_at text not null,
        primary key (payment_uuid, status)
      );
    `);
    // A database made by an older version of this shop lacks the newer columns.
    const present = new Set(
      (this.#db.prepare('pragma table_info(orders)').all() as Array<{ name: string }>).map((c) => c.name),
    );
    for (const [name, type] of [
      ['attention', 'text'],
      ['status_queries', 'integer not null default 0'],
      ['last_queried_at', 'text'],
    ]) {
      if (!present.has(name)) this.#db.exec(`alter table orders add column ${name} ${type}`);
    }
  }

  create(order: Pick<Order, 'id' | 'checkoutReference' | 'amount' | 'currency' | 'msisdn' | 'mode'>): void {
    this.#db
      .prepare(
        `insert into orders (id, checkout_reference, amount, currency, msisdn, mode, status, created_at)
         values (?, ?, ?, ?, ?, ?, 'CREATED', ?)`,
      )
      .run(
        order.id,
        order.checkoutReference,
        order.amount,
        order.currency,
        order.msisdn,
        order.mode,
        new Date().toISOString(),
      );
  }

  /** Removes an order whose checkout was never created: nothing half-made stays behind. */
  discard(id: string): void {
    this.#db
      .prepare("delete from orders where id = ? and checkout_url is null and status = 'CREATED'")
      .run(id);
  }

  attachCheckout(id: string, checkoutUrl: string, expiresAt: string): void {
    this.#db
      .prepare('update orders set checkout_url = ?, expires_at = ? where id = ?')
      .run(checkoutUrl, expiresAt, id);
  }

  get(id: string): Order | undefined {
    return this.#row(this.#db.prepare('select * from orders where id = ?').get(id));
  }

  byReference(checkoutReference: string): Order | undefined {
    return this.#row(
      this.#db.prepare('select * from orders where checkout_reference = ?').get(checkoutReference),
    );
  }

  count(): number {
    return (this.#db.prepare('select count(*) as n from orders').get() as { n: number }).n;
  }

  /** Orders still open whose checkout expired before `before` (ISO-8601). */
  openExpiredBefore(before: string): Order[] {
    return (
      this.#db
        .prepare(
          `select * from orders where status = 'CREATED' and checkout_url is not null and expires_at < ?
           order by expires_at`,
        )
        .all(before) as unknown[]
    ).map((row) => this.#row(row) as Order);
  }

  /** Whether this webhook (payment and status) was recorded already. */
  hasDelivery(paymentUuid: string, status: string): boolean {
    return Boolean(
      this.#db
        .prepare('select 1 from webhook_deliveries where payment_uuid = ? and status = ?')
        .get(paymentUuid, status),
    );
  }

  /**
   * Records a confirmed webhook and, in the same transaction, applies `settlement` (if any):
   * `recorded` is false for a duplicate delivery, `applied` says whether the order changed.
   */
  recordDelivery(
    orderId: string,
    delivery: { paymentUuid: string; status: string; body: unknown },
    settlement?: Settlement,
  ): { recorded: boolean; applied: boolean } {
    return this.#db.transaction(() => {
      const inserted = this.#db
        .prepare(
          'insert or ignore into webhook_deliveries (payment_uuid, status, order_id, body, received_at) values (?, ?, ?, ?, ?)',
        )
        .run(
          delivery.paymentUuid,
          delivery.status,
          orderId,
          JSON.stringify(delivery.body),
          new Date().toISOString(),
        );
      if (inserted.changes === 0) return { recorded: false, applied: false };
      return { recorded: true, applied: settlement ? this.settle(orderId, settlement) : false };
    })();
  }

  /**
   * Applies a final outcome, only to an order still `CREATED` (checked by the UPDATE itself, so
   * two processes racing cannot both apply one). `true` when this call changed the order.
   */
  settle(orderId: string, settlement: Settlement): boolean {
    const result = this.#db
      .prepare(
        `update orders set status = ?, paid_amount = ?, payment_uuid = ?, transaction_reference = ?,
         verified_by = ?, verified_at = ? where id = ? and status = 'CREATED'`,
      )
      .run(
        settlement.status,
        settlement.paidAmount,
        settlement.paymentUuid,
        settlement.transactionReference,
        settlement.verifiedBy,
        new Date().toISOString(),
        orderId,
      );
    return result.changes === 1;
  }

  /** Adds a note for a person to the order (kept with the earlier ones). */
  flag(orderId: string, note: string): void {
    this.#db
      .prepare(
        `update orders set attention = case when attention is null then ? else attention || char(10) || ? end
         where id = ?`,
      )
      .run(note, note, orderId);
  }

  /** Counts a status query made for the order now. */
  noteQuery(orderId: string): void {
    this.#db
      .prepare('update orders set status_queries = status_queries + 1, last_queried_at = ? where id = ?')
      .run(new Date().toISOString(), orderId);
  }

  close(): void {
    this.#db.close();
  }

  #row(row: unknown): Order | undefined {
    if (!row) return undefined;
    const r = row as Record<string, never>;
    return {
      id: r.id,
      checkoutReference: r.checkout_reference,
      amount: r.amount,
      currency: r.currency,
      msisdn: r.msisdn,
      mode: r.mode,
      checkoutUrl: r.checkout_url,
      expiresAt: r.expires_at,
      status: r.status,
      paidAmount: r.paid_amount,
      paymentUuid: r.payment_uuid,
      transactionReference: r.transaction_reference,
      verifiedBy: r.verified_by,
      verifiedAt: r.verified_at,
      attention: r.attention,
      statusQueries: r.status_queries,
      lastQueriedAt: r.last_queried_at,
      createdAt: r.created_at,
    };
  }
}
