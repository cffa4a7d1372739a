import { createSchema } from './schema.js';
import type { SqlDatabase, SqlRunner } from './sql-database.js';
import type { Delivery, Fulfilment, Order, OrderStore, Settlement } from './store.js';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

type Row = Record<string, never>;

function toOrder(r: Row): Order {
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
    customer: r.customer,
    createdAt: r.created_at,
  };
}

function toFulfilment(r: Row): Fulfilment {
  return {
    orderId: r.order_id,
    state: r.state,
    attempts: r.attempts,
    dueAt: r.due_at,
    doneAt: r.done_at,
    doneBy: r.done_by,
    note: r.note,
  };
}

/**
 * The shop's {@link OrderStore} on SQLite or PostgreSQL, with the same statements. What must
 * happen once is decided by the database, never by a read before a write: a status changes by an
 * `update … where status in (…)`, a webhook is recorded by an insert its primary key refuses
 * twice, a status query or a fulfilment is claimed by an update guarded by what the claimant
 * saw. So any number of shop servers may share one PostgreSQL (or processes one SQLite file).
 */
export class SqlOrderStore implements OrderStore {
  private constructor(private readonly db: SqlDatabase) {}

  static async open(db: SqlDatabase): Promise<SqlOrderStore> {
    await createSchema(db);
    return new SqlOrderStore(db);
  }

  get kind(): string {
    return this.db.kind;
  }

  create: OrderStore['create'] = (order, limits, at) =>
    this.db.transaction(async (tx) => {
      // Orders for one number (and one browser) are made one at a time, so two made at once
      // cannot both pass the counts below.
      await this.db.lock(tx, `number:${order.msisdn}`);
      if (order.customer) await this.db.lock(tx, `customer:${order.customer}`);
      const since = iso(at - limits.windowMs);
      const [number] = await tx.all<{ open: number; recent: number }>(
        `select cast(coalesce(sum(case when status = 'CREATED' and expires_ms > ? then 1 else 0 end), 0) as integer) as open,
                cast(coalesce(sum(case when created_at > ? then 1 else 0 end), 0) as integer) as recent
         from orders where msisdn = ? and (status = 'CREATED' or created_at > ?)`,
        [at, since, order.msisdn, since],
      );
      if (number.open >= limits.openPerNumber || number.recent >= limits.perNumber) return 'number-busy';
      if (order.customer) {
        const [browser] = await tx.all<{ recent: number }>(
          'select cast(count(*) as integer) as recent from orders where customer = ? and created_at > ?',
          [order.customer, since],
        );
        if (browser.recent >= limits.perCustomer) return 'customer-busy';
      }
      await tx.run(
        `insert into orders (id, checkout_reference, amount, currency, msisdn, mode, status, customer, created_at, expires_ms)
         values (?, ?, ?, ?, ?, ?, 'CREATED', ?, ?, ?)`,
        [
          order.id,
          order.checkoutReference,
          order.amount,
          order.currency,
          order.msisdn,
          order.mode,
          order.customer,
          iso(at),
          order.expiresMs,
        ],
      );
      return undefined;
    });

  async attachCheckout(id: string, checkoutUrl: string, expiresAt: string, expiresMs: number): Promise<void> {
    await this.db.run('update orders set checkout_url = ?, expires_at = ?, expires_ms = ? where id = ?', [
      checkoutUrl,
      expiresAt,
      expiresMs,
      id,
    ]);
  }

  async discard(id: string): Promise<void> {
    await this.db.run("delete from orders where id = ? and checkout_url is null and status = 'CREATED'", [
      id,
    ]);
  }

  async get(id: string): Promise<Order | undefined> {
    const [row] = await this.db.all<Row>('select * from orders where id = ?', [id]);
    return row && toOrder(row);
  }

  async byReference(checkoutReference: string): Promise<Order | undefined> {
    const [row] = await this.db.all<Row>('select * from orders where checkout_reference = ?', [
      checkoutReference,
    ]);
    return row && toOrder(row);
  }

  async byCustomer(customer: string, limit = 20): Promise<Order[]> {
    const rows = await this.db.all<Row>(
      `select * from orders where customer = ? and checkout_url is not null
       order by created_at desc, ${this.db.insertionOrder} desc limit ?`,
      [customer, limit],
    );
    return rows.map(toOrder);
  }

  async count(): Promise<number> {
    const [row] = await this.db.all<{ n: number }>('select cast(count(*) as integer) as n from orders');
    return row.n;
  }

  async openExpiredBefore(beforeMs: number, limit = 500, after?: string): Promise<Order[]> {
    // A page starts after the last order of the one before (an order it names that is gone, which
    // only a checkout never made can be, ends the paging early).
    const rows = await this.db.all<Row>(
      `select * from orders where status = 'CREATED' and expires_ms < ?
       ${after === undefined ? '' : 'and (expires_ms, id) > (select expires_ms, id from orders where id = ?)'}
       order by expires_ms, id limit ?`,
      after === undefined ? [beforeMs, limit] : [beforeMs, after, limit],
    );
    return rows.map(toOrder);
  }

  async hasDelivery(paymentUuid: string, status: string): Promise<boolean> {
    const rows = await this.db.all(
      'select 1 as found from webhook_deliveries where payment_uuid = ? and status = ?',
      [paymentUuid, status],
    );
    return rows.length > 0;
  }

  apply: OrderStore['apply'] = (orderId, { settlement, delivery }, at) =>
    this.db.transaction(async (tx) => {
      if (delivery && !(await this.#record(tx, orderId, delivery, at)))
        return { recorded: false, applied: false };
      const applied = settlement ? await this.#settle(tx, orderId, settlement, at) : false;
      if (applied && settlement?.status === 'PAID') {
        await tx.run(
          "insert into fulfilments (order_id, state, attempts, due_at) values (?, 'due', 0, ?) on conflict do nothing",
          [orderId, iso(at)],
        );
      }
      return { recorded: delivery !== undefined, applied };
    });

  async #record(tx: SqlRunner, orderId: string, delivery: Delivery, at: number): Promise<boolean> {
    const inserted = await tx.run(
      `insert into webhook_deliveries (payment_uuid, status, order_id, body, received_at)
       values (?, ?, ?, ?, ?) on conflict do nothing`,
      [delivery.paymentUuid, delivery.status, orderId, JSON.stringify(delivery.body), iso(at)],
    );
    return inserted === 1;
  }

  async #settle(tx: SqlRunner, orderId: string, settlement: Settlement, at: number): Promise<boolean> {
    const changed = await tx.run(
      `update orders set status = ?, paid_amount = ?, payment_uuid = ?, transaction_reference = ?,
       verified_by = ?, verified_at = ? where id = ? and status in (${settlement.from.map(() => '?').join(', ')})`,
      [
        settlement.status,
        settlement.paidAmount,
        settlement.paymentUuid,
        settlement.transactionReference,
        settlement.verifiedBy,
        iso(at),
        orderId,
        ...settlement.from,
      ],
    );
    return changed === 1;
  }

  async flag(orderId: string, note: string): Promise<void> {
    await this.db.run(
      `update orders set attention = case when attention is null then cast(? as text) else attention || cast(? as text) end
       where id = ?`,
      [note, `\n${note}`, orderId],
    );
  }

  async claimOrderQuery(orderId: string, seen: number, at: number): Promise<boolean> {
    const changed = await this.db.run(
      `update orders set status_queries = status_queries + 1, last_queried_at = ?
       where id = ? and status = 'CREATED' and status_queries = ?`,
      [iso(at), orderId, seen],
    );
    return changed === 1;
  }

  async noteOrderQuery(orderId: string, at: number): Promise<void> {
    await this.db.run(
      'update orders set status_queries = status_queries + 1, last_queried_at = ? where id = ?',
      [iso(at), orderId],
    );
  }

  async paymentQueries(paymentUuid: string): Promise<{ queries: number; lastAt: number }> {
    const [row] = await this.db.all<{ queries: number; last_at: number }>(
      'select queries, last_at from payment_queries where payment_uuid = ?',
      [paymentUuid],
    );
    return row ? { queries: row.queries, lastAt: row.last_at } : { queries: 0, lastAt: 0 };
  }

  async claimPaymentQuery(paymentUuid: string, seen: number, at: number): Promise<boolean> {
    const changed =
      seen === 0
        ? await this.db.run(
            'insert into payment_queries (payment_uuid, queries, last_at) values (?, 1, ?) on conflict do nothing',
            [paymentUuid, at],
          )
        : await this.db.run(
            'update payment_queries set queries = queries + 1, last_at = ? where payment_uuid = ? and queries = ?',
            [at, paymentUuid, seen],
          );
    return changed === 1;
  }

  async claimFulfilments(owner: string, at: number, leaseUntil: number, limit: number): Promise<string[]> {
    // The conditions are repeated outside the subquery: a row another server claimed meanwhile is
    // checked again once its lock is released, and skipped.
    const free = "state = 'due' and (claimed_until is null or claimed_until < ?)";
    const rows = await this.db.all<{ order_id: string }>(
      `update fulfilments set claimed_by = ?, claimed_until = ?, attempts = attempts + 1
       where order_id in (select order_id from fulfilments where ${free} order by due_at limit ?) and ${free}
       returning order_id`,
      [owner, leaseUntil, at, limit, at],
    );
    return rows.map((row) => row.order_id);
  }

  async completeFulfilment(orderId: string, owner: string, at: number, note: string): Promise<boolean> {
    const changed = await this.db.run(
      `update fulfilments set state = 'done', done_at = ?, done_by = ?, note = ?
       where order_id = ? and state = 'due' and claimed_by = ?`,
      [iso(at), owner, note, orderId, owner],
    );
    return changed === 1;
  }

  async fulfilment(orderId: string): Promise<Fulfilment | undefined> {
    const [row] = await this.db.all<Row>('select * from fulfilments where order_id = ?', [orderId]);
    return row && toFulfilment(row);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
