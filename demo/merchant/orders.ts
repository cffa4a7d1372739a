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
  /** How the server learned the status: Waftpay's webhook, or a status query. */
  verifiedBy: 'webhook' | 'status-query' | null;
  verifiedAt: string | null;
  createdAt: string;
}

const finalStatuses: ReadonlySet<OrderStatus> = new Set(['PAID', 'PARTIALLY_PAID', 'FAILED', 'EXPIRED']);

export interface Verification {
  readonly status: OrderStatus;
  readonly paidAmount: number | null;
  readonly paymentUuid: string;
  readonly transactionReference: string | null;
  readonly verifiedBy: 'webhook' | 'status-query';
}

/**
 * The shop's orders, in SQLite under `dataDir`, so a restart loses nothing. A webhook is recorded
 * (keyed by `payment_uuid`) in the same transaction that updates its order, so a duplicate
 * delivery changes nothing and a crash never leaves one without the other.
 */
export class OrderStore {
  readonly #db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(join(dataDir, 'orders.sqlite'));
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec(`
      create table if not exists orders (
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
        created_at text not null
      );
      create table if not exists webhooks (
        payment_uuid text primary key,
        order_id text not null references orders(id),
        status text not null,
        body text not null,
        received_at text not null
      );
    `);
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

  /**
   * Records a webhook and applies it to its order, once: `false` when this payment's webhook was
   * already recorded (a duplicate delivery). A final status is never overwritten.
   */
  recordWebhook(orderId: string, verification: Verification, body: unknown): boolean {
    return this.#db.transaction(() => {
      const inserted = this.#db
        .prepare(
          'insert or ignore into webhooks (payment_uuid, order_id, status, body, received_at) values (?, ?, ?, ?, ?)',
        )
        .run(
          verification.paymentUuid,
          orderId,
          verification.status,
          JSON.stringify(body),
          new Date().toISOString(),
        );
      if (inserted.changes === 0) return false;
      this.#settle(orderId, verification);
      return true;
    })();
  }

  /** Applies a status query's answer (when the webhook has not come, or cannot reach us). */
  recordStatusQuery(orderId: string, verification: Verification): void {
    this.#settle(orderId, verification);
  }

  close(): void {
    this.#db.close();
  }

  #settle(orderId: string, verification: Verification): void {
    const order = this.get(orderId);
    if (!order || finalStatuses.has(order.status)) return;
    this.#db
      .prepare(
        `update orders set status = ?, paid_amount = ?, payment_uuid = ?, transaction_reference = ?,
         verified_by = ?, verified_at = ? where id = ?`,
      )
      .run(
        verification.status,
        verification.paidAmount,
        verification.paymentUuid,
        verification.transactionReference,
        verification.verifiedBy,
        new Date().toISOString(),
        orderId,
      );
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
      createdAt: r.created_at,
    };
  }
}
