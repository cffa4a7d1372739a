// The shop's logic, with no HTTP in it: its calls to Waftpay (through `waftpay-checkout/server`),
// over an order store and a clock, in the order a shop makes them: createCheckout (createOrder),
// verifyWebhook then confirmWebhook (receiveWebhook), queryPayment (verifyOrder). Two jobs it hands
// on have files of their own: reconciliation (reconciliation.ts: queryPayment for the orders whose
// webhooks never came, and settled orders again) and refunds (refunds.ts: refund, queryRefund). A
// merchant reads this file to learn the integration; the routes (routes.ts) only translate requests
// into these calls.
import { randomBytes } from 'node:crypto';
import { confirmWebhook, verifyWebhook, type CreatedCheckout } from '../../src/server.js';
import { fulfilmentWorker } from './fulfilment.js';
import {
  changesOrder,
  isOpen,
  judge,
  paymentFromQuery,
  statusOf,
  worthConfirming,
  type ConfirmedPayment,
} from './outcomes.js';
import { shopReconciliation } from './reconciliation.js';
import { shopRefunds } from './refunds.js';
import { ShopRefusal, type OrderRequest, type ShopConfig, type WebhookReceipt } from './shop-types.js';
import { nextQueryAt } from './status-backoff.js';
import type { Order, Settlement } from './store.js';
import { describe } from './waftpay-errors.js';

/** `extra_params.expiry` in Waftpay's format, `YYYY-MM-DD HH:mm:ss` (UTC). */
const waftpayExpiry = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');

export { ShopRefusal } from './shop-types.js';
export type { OrderRequest, ReconcileReport, ShopConfig, WebhookReceipt } from './shop-types.js';
export type { RefundRequest } from './refunds.js';

const busy =
  'This number has payment requests waiting, or has had many. Approve or decline them on your phone, or try again later.';

export function createShop(config: ShopConfig) {
  const { store, waftpay, clock, log, publicUrl, basket, statusBackoffMs: backoff } = config;
  const returnUrl = (kind: 'success' | 'fail', orderId: string) =>
    `${publicUrl}/return/${kind}?order=${encodeURIComponent(orderId)}`;
  const pastExpiry = (order: Order) => order.expiresAt !== null && Date.parse(order.expiresAt) < clock.now();
  const fulfilment = fulfilmentWorker({ ...config, leaseMs: config.fulfilmentLeaseMs });

  /** Starts a fulfilment pass now, without waiting for it (its failures are logged; the next pass retries). */
  function startFulfilment(): void {
    fulfilment.run().catch((error: unknown) => log(`fulfilment pass failed: ${describe(error)}`));
  }

  async function raise(order: Order, note: string): Promise<void> {
    const known = await store.get(order.id);
    if (known?.attention?.split('\n').includes(note)) return;
    await store.flag(order.id, note);
    log(`NEEDS ATTENTION order ${order.id}: ${note}`);
  }

  const refunds = shopRefunds({
    ...config,
    notificationUrl: `${publicUrl}/webhooks/waftpay`,
    refundCheckAfterMs: config.refundCheckAfterMs ?? 60 * 60_000,
  });

  /** Records an order for a checkout session, then asks Waftpay for the session. */
  async function createOrder(request: OrderRequest): Promise<{ order: Order; checkout: CreatedCheckout }> {
    const msisdn = request.msisdn.replace(/[\s+]/g, '');
    if (!/^254[17]\d{8}$/.test(msisdn))
      throw new ShopRefusal('invalid-msisdn', 'Enter your M-Pesa number as 12 digits, like 254712345678.');
    const expiresIn = request.expiresInSeconds;
    if (!Number.isInteger(expiresIn) || expiresIn < 10 || expiresIn > 86_400)
      throw new ShopRefusal('invalid-expiry', 'Choose how long the payment may take from the list.');
    const id = `ORDER-${randomBytes(4).toString('hex').toUpperCase()}`;
    const checkoutReference =
      config.newCheckoutReference?.() ?? `CHK-${clock.now()}-${randomBytes(3).toString('hex')}`;
    const expiresMs = clock.now() + expiresIn * 1000;
    const order = {
      id,
      checkoutReference,
      ...basket,
      msisdn,
      mode: request.mode,
      customer: request.customer,
    };
    const refusal = await store.create({ ...order, expiresMs }, config.limits, clock.now());
    if (refusal) throw new ShopRefusal(refusal, busy);
    let checkout: CreatedCheckout;
    try {
      checkout = await waftpay.createCheckout({
        customer: { first_name: 'Demo', other_names: 'Customer', phone_number: msisdn },
        timestamp: new Date(clock.now()).toISOString(),
        checkout_reference: checkoutReference,
        payment_reference: id,
        msisdn,
        country: 'KEN',
        currency: basket.currency,
        amount: basket.amount,
        mode: 'redirect',
        callback_url: `${publicUrl}/webhooks/waftpay`,
        success_redirect_url: returnUrl('success', id),
        fail_redirect_url: returnUrl('fail', id),
        meta_data: { order_id: id, merchant_name: 'Mama Mboga Market' },
        extra_params: {
          language: 'en',
          expiry: waftpayExpiry(expiresMs),
          strict_amount: config.strictAmount ?? true,
        },
      });
    } catch (error) {
      await store.discard(id);
      throw error;
    }
    const expiresAt = Date.parse(checkout.expiresAt);
    await store.attachCheckout(
      id,
      checkout.checkoutUrl,
      checkout.expiresAt,
      Number.isNaN(expiresAt) ? expiresMs : expiresAt,
    );
    log(`order ${id}: checkout created (${request.mode})`);
    return { order: (await store.get(id)) as Order, checkout };
  }

  /**
   * Applies a payment Waftpay confirmed: settles the order if it is still open, records the
   * webhook it came with (once), and raises what a person must see: a late or contradicting
   * outcome, a second payment, a wrong currency or amount.
   */
  async function apply(
    order: Order,
    payment: ConfirmedPayment,
    verifiedBy: Settlement['verifiedBy'],
    webhookBody?: unknown,
  ): Promise<{ duplicate: boolean }> {
    const { settlement, attention } = judge(order, payment, verifiedBy);
    const delivery = webhookBody === undefined ? undefined : { ...payment, body: webhookBody };
    const { recorded, applied } = await store.apply(order.id, { settlement, delivery }, clock.now());
    if (delivery && !recorded) return { duplicate: true };
    if (attention && (applied || !settlement)) await raise(order, attention);
    if (settlement && !applied) {
      const now = (await store.get(order.id)) as Order;
      if (now.status !== settlement.status || (now.paymentUuid && now.paymentUuid !== settlement.paymentUuid))
        await raise(
          order,
          `Waftpay reports ${payment.status} (${order.currency} ${payment.amount}, payment ${payment.paymentUuid}) for an order already ${now.status}${now.paymentUuid ? ` by payment ${now.paymentUuid}` : ''}: settle it by hand (refund or fulfil).`,
        );
    }
    if (applied) {
      log(
        `order ${order.id}: ${settlement?.status} (from ${verifiedBy === 'webhook' ? 'a confirmed webhook' : 'a status query'})`,
      );
      if (settlement?.status === 'PAID') startFulfilment();
    }
    return { duplicate: false };
  }

  /** Whether this server may ask Waftpay about a webhook's payment now (once per step of the back-off). */
  async function mayQueryPayment(paymentUuid: string): Promise<boolean> {
    const { queries, lastAt } = await store.paymentQueries(paymentUuid);
    if (queries > 0 && clock.now() < nextQueryAt(queries - 1, lastAt, backoff)) return false;
    return store.claimPaymentQuery(paymentUuid, queries, clock.now());
  }

  /**
   * Waftpay's webhook. Its body proves nothing (its hash has no secret), so it is confirmed with
   * Waftpay's status query, which alone says the status, and only for an order the shop holds
   * that the webhook could change. It is recorded and applied before it is taken (answered 2xx),
   * so a crash or Waftpay's failure means a retry, never a lost payment.
   */
  async function receiveWebhook(body: unknown): Promise<WebhookReceipt> {
    const refuse = (why: string): WebhookReceipt => {
      log(`webhook REJECTED (${why}); no order changed`);
      return { taken: false };
    };
    const claimed = await verifyWebhook(body);
    if (!('event' in claimed)) return refuse(claimed.problem);
    if (!claimed.ok && claimed.reason === 'hash-mismatch') return refuse('hash-mismatch');
    const { status, paymentUuid, checkoutReference, requestUuid } = claimed.event;
    const order = await store.byReference(checkoutReference);
    if (!order) return refuse(`unknown checkout_reference ${checkoutReference}`);
    // Money sent back is known by its refund's request_uuid (a payment may have several).
    if (
      requestUuid
        ? await refunds.reflected(order.id, requestUuid)
        : await store.hasDelivery(paymentUuid, status)
    )
      return { taken: true, duplicate: true };
    if (!worthConfirming(order, status, paymentUuid)) {
      log(`webhook ${status} for order ${order.id} (${order.status}) changes nothing; not asked about`);
      return { taken: true, duplicate: false };
    }
    if (!(await mayQueryPayment(requestUuid ?? paymentUuid)))
      return refuse(`payment ${requestUuid ?? paymentUuid} was asked about moments ago`);
    let confirmation;
    try {
      confirmation = await confirmWebhook(waftpay, body);
    } catch (error) {
      return refuse(`status query failed: ${describe(error)}`);
    }
    if (!confirmation.ok)
      return refuse(confirmation.reason === 'malformed' ? confirmation.problem : confirmation.reason);
    if (!confirmation.payment) {
      // Money sent back, confirmed by its refund status: reflected once paid, else when reconciled.
      const { event } = confirmation;
      if (event.status !== 'REFUNDED' && event.status !== 'REVERSED')
        return refuse(`Waftpay reports the refund ${event.requestUuid} ${event.status}`);
      if (!refunds.isPaid(order)) return refuse(`money sent back for order ${order.id}, not paid yet`);
      const back = { kind: event.status, amount: event.amount, requestUuid: event.requestUuid ?? null };
      return { taken: true, duplicate: !(await refunds.moneyBack(order, back)) };
    }
    // The status word is the status query's (its reply, read with the order's expiry), never the body's.
    const reply = confirmation.payment;
    const confirmed = statusOf(reply, pastExpiry(order));
    if (confirmed !== status)
      log(`webhook for ${order.id} said ${status}; Waftpay reports ${confirmed ?? confirmation.state}`);
    // Maybe only early: refused, so Waftpay delivers it again (and reconciliation looks later).
    if (!changesOrder(confirmed)) return refuse(`Waftpay does not confirm ${status} yet`);
    if (!isOpen(order) && confirmed === 'REVERSED') {
      // A reversal the payment's status query reports (its webhook had no request_uuid).
      if (!refunds.isPaid(order)) return { taken: true, duplicate: false };
      const back = { kind: confirmed, amount: order.paidAmount ?? reply.amount, requestUuid: null };
      return { taken: true, duplicate: !(await refunds.moneyBack(order, back)) };
    }
    const payment = { ...confirmation.event, status: confirmed };
    return { taken: true, ...(await apply(order, payment, 'webhook', body)) };
  }

  /**
   * Asks Waftpay (status query) about an order still open, no more often than the back-off allows
   * (however many servers and browsers ask): `retryAfterMs` says when it may be asked again.
   */
  async function verifyOrder(orderId: string): Promise<{ order: Order; retryAfterMs?: number } | undefined> {
    const order = await store.get(orderId);
    if (!order || !isOpen(order)) return order && { order };
    const wait =
      nextQueryAt(order.statusQueries, Date.parse(order.lastQueriedAt ?? order.createdAt), backoff) -
      clock.now();
    if (wait > 0) return { order, retryAfterMs: wait };
    if (!(await store.claimOrderQuery(order.id, order.statusQueries, clock.now())))
      return { order: (await store.get(orderId)) as Order, retryAfterMs: backoff[0] };
    const answer = await waftpay.queryPayment({ transaction_reference: order.checkoutReference });
    const payment = answer.found ? paymentFromQuery(answer.payment, pastExpiry(order)) : undefined;
    if (payment && changesOrder(payment.status)) await apply(order, payment, 'status-query');
    return { order: (await store.get(orderId)) as Order };
  }

  // Orders whose webhooks never came, refunds not settled, settled orders checked again: one pass
  // at a time (reconciliation.ts), applied as above.
  const reconciliation = shopReconciliation({ ...config, refunds, apply, raise });

  return {
    store,
    createOrder,
    receiveWebhook,
    verifyOrder,
    reconcile: reconciliation.reconcile,
    /** Sends back all or part of a paid order's payment, once per the request's key (refunds.ts). */
    refund: refunds.refund,
    /** Finishes every fulfilment that is due and free (after a crash, or another server's lost lease). */
    fulfilDue: () => fulfilment.run(),
    returnUrl,
    /** Waits for the passes under way (reconciliation, fulfilment), as a server does before it stops. */
    async settle(): Promise<void> {
      await Promise.allSettled([reconciliation.idle(), fulfilment.idle()]);
    },
  };
}

export type Shop = ReturnType<typeof createShop>;
