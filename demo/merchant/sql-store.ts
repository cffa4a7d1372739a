import { createSchema } from './schema.js';
import type { SqlDatabase, SqlRunner } from './sql-database.js';
import {
  openStatuses,
  paidStatuses,
  recheckedStatuses,
  type Delivery,
  type Fulfilment,
  type Order,
  type OrderStore,
  type Refund,
  type Settlement,
} from './store.js';

const iso = (epochMs: number) => new Date(epochMs).toISOString();
/** `'A', 'B'`: a fixed list of statuses, written into a statement. */
const list = (statuses: readonly string[]) => statuses.map((status) => `'${status}'`).join(', ');
const open = list(openStatuses);
const paid = list(paidStatuses);
const rechecked = list(recheckedStatuses);

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
    refundedAmount: r.refunded_amount,
    rechecks: r.rechecks,
    checkedMs: r.checked_ms,
  };
}

function toRefund(r: Row): Refund {
  return {
    orderId: r.order_id,
    key: r.key,
    kind: r.kind,
    amount: r.amount,
    requestUuid: r.request_uuid,
    state: r.state,
    askedMs: r.asked_ms,
    doneAt: r.done_at,
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
        `select cast(coalesce(sum(case when status in (${open}) and expires_ms > ? then 1 else 0 end), 0) as integer) as open,
                cast(coalesce(sum(case when created_at > ? then 1 else 0 end), 0) as integer) as recent
         from orders where msisdn = ? and (status in (${open}) or created_at > ?)`,
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
      `select * from orders where status in (${open}) and expires_ms < ?
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
       verified_by = ?, verified_at = ?, checked_ms = ? where id = ? and status in (${settlement.from.map(() => '?').join(', ')})`,
      [
        settlement.status,
        settlement.paidAmount,
        settlement.paymentUuid,
        settlement.transactionReference,
        settlement.verifiedBy,
        iso(at),
        at,
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
       where id = ? and status in (${open}) and status_queries = ?`,
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

  startRefund: OrderStore['startRefund'] = (orderId, key, amount, at) =>
    this.db.transaction(async (tx) => {
      await this.db.lock(tx, `refunds:${orderId}`);
      const [known] = await tx.all<Row>('select * from refunds where order_id = ? and key = ?', [
        orderId,
        key,
      ]);
      if (known) return { refund: toRefund(known), started: false };
      const [order] = await tx.all<{ paid_amount: number; payment_uuid: string | null }>(
        `select paid_amount, payment_uuid from orders where id = ? and status in (${paid})`,
        [orderId],
      );
      if (!order?.payment_uuid) return { refusal: 'not-paid' as const };
      const [sent] = await tx.all<{ unknown: number; cents: number }>(
        `select cast(coalesce(sum(case when state = 'asking' then 1 else 0 end), 0) as integer) as unknown,
                cast(coalesce(sum(round(amount * 100)), 0) as integer) as cents
         from refunds where order_id = ? and state <> 'failed'`,
        [orderId],
      );
      if (sent.unknown > 0) return { refusal: 'refund-unknown' as const };
      if (Math.round(amount * 100) + sent.cents > Math.round(order.paid_amount * 100))
        return { refusal: 'too-much' as const };
      await tx.run(
        "insert into refunds (order_id, key, kind, amount, state, asked_ms) values (?, ?, 'REFUNDED', ?, 'asking', ?)",
        [orderId, key, amount, at],
      );
      const [row] = await tx.all<Row>('select * from refunds where order_id = ? and key = ?', [orderId, key]);
      return { refund: toRefund(row), started: true };
    });

  async answerRefund(
    orderId: string,
    key: string,
    answer: { requestUuid: string } | 'failed',
  ): Promise<void> {
    await (answer === 'failed'
      ? this.db.run(
          "update refunds set state = 'failed' where order_id = ? and key = ? and state = 'asking'",
          [orderId, key],
        )
      : this.db.run(
          "update refunds set state = 'accepted', request_uuid = ? where order_id = ? and key = ? and state = 'asking'",
          [answer.requestUuid, orderId, key],
        ));
  }

  moneyBack: OrderStore['moneyBack'] = (orderId, money, at) =>
    this.db.transaction(async (tx) => {
      await this.db.lock(tx, `refunds:${orderId}`);
      if (money.kind === 'REVERSED') {
        const reversed = await tx.run(
          `update orders set status = 'REVERSED' where id = ? and status in (${paid})`,
          [orderId],
        );
        if (reversed === 1 && money.noteIfFulfilled)
          await tx.run(
            `update orders set attention = case when attention is null then cast(? as text) else attention || cast(? as text) end
             where id = ? and exists (select 1 from fulfilments where order_id = ?)`,
            [money.noteIfFulfilled, `\n${money.noteIfFulfilled}`, orderId, orderId],
          );
        if (reversed === 1)
          await tx.run(
            `insert into refunds (order_id, key, kind, amount, request_uuid, state, asked_ms, done_at)
             values (?, ?, 'REVERSED', ?, ?, 'done', ?, ?)`,
            [orderId, money.requestUuid ?? `reversal-${at}`, money.amount, money.requestUuid, at, iso(at)],
          );
        return reversed === 1;
      }
      const [known] =
        money.requestUuid === null
          ? []
          : await tx.all<{ key: string }>('select key from refunds where order_id = ? and request_uuid = ?', [
              orderId,
              money.requestUuid,
            ]);
      // The refund asked for under this request_uuid. Else one whose answer was lost, of this amount: still `asking` (the shop starts no refund
      // while another's answer is unknown), or already found `done` by reconciliation, which could
      // not learn its request_uuid: then this is it, reported again, and only its uuid is new.
      const [lost] = known
        ? []
        : await tx.all<{ key: string; state: string }>(
            `select key, state from refunds where order_id = ? and kind = 'REFUNDED' and request_uuid is null
             and state in ('asking', 'done') and amount = ? order by state, asked_ms limit 1`,
            [orderId, money.amount],
          );
      if (lost?.state === 'done') {
        if (money.requestUuid !== null)
          await tx.run('update refunds set request_uuid = ? where order_id = ? and key = ?', [
            money.requestUuid,
            orderId,
            lost.key,
          ]);
        return false;
      }
      // Else one the shop did not ask for (made elsewhere).
      const matched = known ?? lost;
      // Learned from the payment's status query, not by its request_uuid: only the refund it settles counts.
      if (!matched && money.requestUuid === null) return false;
      const recorded = matched
        ? await tx.run(
            `update refunds set state = 'done', done_at = ?, request_uuid = ?
             where order_id = ? and key = ? and state in ('asking', 'accepted')`,
            [iso(at), money.requestUuid, orderId, matched.key],
          )
        : await tx.run(
            `insert into refunds (order_id, key, kind, amount, request_uuid, state, asked_ms, done_at)
             values (?, ?, 'REFUNDED', ?, ?, 'done', ?, ?) on conflict do nothing`,
            [orderId, money.requestUuid, money.amount, money.requestUuid, at, iso(at)],
          );
      if (recorded !== 1) return false;
      await tx.run(
        `update orders set refunded_amount = refunded_amount + ?,
         status = case when refunded_amount + ? >= paid_amount then 'REFUNDED' else status end
         where id = ? and status in (${paid})`,
        [money.amount, money.amount, orderId],
      );
      return true;
    });

  async refunds(orderId: string): Promise<Refund[]> {
    const rows = await this.db.all<Row>('select * from refunds where order_id = ? order by asked_ms', [
      orderId,
    ]);
    return rows.map(toRefund);
  }

  async unfinishedRefunds(beforeMs: number, limit = 500): Promise<Refund[]> {
    const rows = await this.db.all<Row>(
      "select * from refunds where state in ('asking', 'accepted') and asked_ms < ? order by asked_ms limit ?",
      [beforeMs, limit],
    );
    return rows.map(toRefund);
  }

  async toRecheck(beforeMs: number, times: number, limit = 500): Promise<Order[]> {
    const rows = await this.db.all<Row>(
      `select * from orders where status in (${rechecked}) and rechecks < ? and checked_ms < ?
       order by checked_ms limit ?`,
      [times, beforeMs, limit],
    );
    return rows.map(toOrder);
  }

  async claimRecheck(orderId: string, seen: number, at: number): Promise<boolean> {
    const changed = await this.db.run(
      `update orders set rechecks = rechecks + 1, checked_ms = ? where id = ? and status in (${rechecked}) and rechecks = ?`,
      [at, orderId, seen],
    );
    return changed === 1;
  }

  async claimOrderRequest(
    key: string,
    at: number,
    staleBeforeMs: number,
  ): Promise<{ claimed: true } | { claimed: false; response?: string }> {
    if (
      (await this.db.run(
        'insert into order_requests (key, claimed_ms) values (?, ?) on conflict do nothing',
        [key, at],
      )) === 1
    )
      return { claimed: true };
    const [known] = await this.db.all<{ response: string | null; claimed_ms: number }>(
      'select response, claimed_ms from order_requests where key = ?',
      [key],
    );
    if (known?.response) return { claimed: false, response: known.response };
    const taken = known
      ? await this.db.run(
          'update order_requests set claimed_ms = ? where key = ? and response is null and claimed_ms = ? and claimed_ms < ?',
          [at, key, known.claimed_ms, staleBeforeMs],
        )
      : await this.db.run(
          'insert into order_requests (key, claimed_ms) values (?, ?) on conflict do nothing',
          [key, at],
        );
    return taken === 1 ? { claimed: true } : { claimed: false };
  }

  async finishOrderRequest(key: string, response: string | undefined): Promise<void> {
    await (response === undefined
      ? this.db.run('delete from order_requests where key = ? and response is null', [key])
      : this.db.run('update order_requests set response = ? where key = ?', [response, key]));
  }

  async forgetOrderRequests(beforeMs: number): Promise<void> {
    await this.db.run('delete from order_requests where claimed_ms < ?', [beforeMs]);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
