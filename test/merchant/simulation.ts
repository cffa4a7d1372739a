// The seeded whole-system simulation: one schedule is a few payments through two shop servers
// (real HTTP, one real store) and the sandbox, with Waftpay's faults on, customers doing what
// customers do, the shop's staff refunding, the network reversing, and a server killed and
// restarted at random points. Time only passes on the sandbox's ManualClock, which the shops read
// too. When the faults stop and reconciliation has run, Waftpay's record and the shop's must agree
// (see `check`). Everything is chosen from the seed: a failing schedule replays from it.
import type { StoreOptions } from '../../demo/merchant/open-store.js';
import { openStore } from '../../demo/merchant/open-store.js';
import type { OrderStore } from '../../demo/merchant/store.js';
import type { RecordedPayment } from '../../sandbox/recorded.js';
import {
  random,
  SimServer,
  staffToken,
  webhookRouter,
  type ManualClock,
  type Random,
  type RunningSandbox,
} from './sim-world.js';

/** The sandbox every schedule shares (each as its own merchant), on a clock the simulation moves. */
export interface SimSandbox extends RunningSandbox {
  readonly clock: ManualClock;
}

/** What one schedule did and found. */
export interface ScheduleReport {
  readonly seed: number;
  readonly payments: number;
  readonly faults: number;
  /** Payments Waftpay took that the shop does not show as it should (or does not flag). */
  readonly lost: string[];
  /** Paid or fulfilled orders with no payment Waftpay took. */
  readonly invented: string[];
  readonly fulfilledTwice: string[];
  /** Anything else the rules forbid: an order left open, a paid order unfulfilled, a needless flag. */
  readonly problems: string[];
  /** How often what the invariants are about happened: so a run shows it tested something. */
  readonly happened: Record<
    'kills' | 'paid' | 'partlyPaid' | 'late' | 'refunds' | 'reversals' | 'escalated',
    number
  >;
  /** What both servers logged, in order (to read a failed schedule's story). */
  readonly logs?: string[];
}

const basket = 1750;
const minute = 60_000;

/** What a customer does with one payment, and what happens to it after. */
type Plan =
  'approve' | 'decline' | 'part' | 'expire' | 'late' | 'cancel' | 'escalate' | 'resume' | 'twice' | 'nothing';

interface Payment {
  readonly index: number;
  readonly plan: Plan;
  readonly refund?: 'all' | 'part';
  readonly reverse: boolean;
  steps: Array<() => Promise<boolean>>;
  orderId?: string;
  checkoutUrl?: string;
  reference?: string;
}

const plans: readonly Plan[] = [
  'approve',
  'approve',
  'approve',
  'decline',
  'part',
  'expire',
  'late',
  'cancel',
  'escalate',
  'resume',
  'twice',
  'nothing',
];

/** The faults of one schedule: a seeded mix of all the sandbox has. */
function faultsFor(rng: Random, seed: number) {
  return {
    seed,
    webhooks: {
      drop: rng.pick([0, 0.1, 0.3]),
      duplicate: rng.pick([0, 0.2, 0.5]),
      delayMs: [0, rng.pick([0, 5_000, 90_000])],
      reorder: rng.pick([0, 0.5, 1]),
    },
    statusQuery: { error: rng.pick([0, 0.1, 0.3]), timeout: rng.pick([0, 0.1]), hangMs: 0 },
    token: { error: rng.pick([0, 0.05]) },
    checkout: { error: rng.pick([0, 0.1]), lostReply: rng.pick([0, 0.1]), hangMs: 0 },
    refund: {
      error: rng.pick([0, 0.1]),
      timeout: rng.pick([0, 0.1]),
      lostReply: rng.pick([0, 0.3]),
      hangMs: 0,
    },
    ...(rng.chance(0.3) ? { throttle: { perSecond: rng.int(8, 40) } } : {}),
  };
}

const total = (counts: unknown): number =>
  typeof counts === 'number'
    ? counts
    : Object.values((counts ?? {}) as Record<string, unknown>).reduce<number>(
        (sum, value) => sum + total(value),
        0,
      );

/** Runs one schedule from `seed`, its store at `place` (fresh), as merchant `merchant` of `sandbox`. */
export async function runSchedule(
  sandbox: SimSandbox,
  seed: number,
  place: StoreOptions,
  merchant = `sim-${seed}-${Date.now().toString(36)}`,
): Promise<ScheduleReport> {
  const rng = random(seed);
  const { clock } = sandbox;
  const servers: SimServer[] = [];
  const logs: string[] = [];
  const router = await webhookRouter(
    () => servers,
    (alive) => rng.pick(alive),
  );
  for (const name of ['left', 'right'])
    servers.push(
      new SimServer(
        name,
        place,
        clock,
        { baseUrl: sandbox.apiBaseUrl, consumerKey: merchant },
        router.url,
        logs,
      ),
    );
  const issued: string[] = [];
  const strictAmount = rng.chance(0.5);
  for (const server of servers) {
    server.strictAmount = strictAmount;
    server.dieWhileFulfilling = () => rng.chance(0.1);
    server.checkoutReference = () => {
      issued.push(`SIM-${seed}-${issued.length}`);
      return issued[issued.length - 1];
    };
    await server.start();
  }
  const store = await openStore(place);
  sandbox.setFaults(merchant, faultsFor(rng, seed));
  const helperToken = await token(sandbox, merchant);

  const alive = () => servers.filter((server) => server.alive && server.merchant);
  const anyServer = () => {
    const up = alive();
    return up.length ? rng.pick(up) : undefined;
  };
  /** Waits until nothing moves: webhooks answered, the servers' own work done. */
  const quiet = async () => {
    await sandbox.webhooksIdle();
    await Promise.all(servers.map((server) => server.settle().catch(() => undefined)));
  };
  const helper = async (reference: string, action: string, body: Record<string, unknown> = {}) => {
    const response = await fetch(
      `${sandbox.apiBaseUrl}/sandbox/v1/sessions/${encodeURIComponent(reference)}/${action}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${helperToken}` },
        body: JSON.stringify(body),
      },
    );
    await response.body?.cancel();
    return response.status;
  };
  /** A request to a shop server; false when it could not be made or was not answered well. */
  const ask = async (path: string, init: RequestInit = {}, target = anyServer()) => {
    if (!target?.merchant) return undefined;
    try {
      const response = await fetch(`${target.merchant.url}${path}`, init);
      const body = (await response.json().catch(() => ({}))) as Record<string, any>;
      return { status: response.status, body };
    } catch {
      return undefined;
    }
  };

  // The payments and their steps: each step returns whether it is done (else it is tried again later).
  const payments: Payment[] = [];
  /** What the staff and the network do a while after: refunds and reversals once all is settled. */
  const later: Array<() => Promise<unknown>> = [];
  const count = rng.int(2, 7);
  for (let index = 0; index < count; index++) {
    const plan = rng.pick(plans);
    const payment: Payment = {
      index,
      plan,
      refund: rng.chance(0.35) ? rng.pick(['all', 'part'] as const) : undefined,
      reverse: rng.chance(0.1),
      steps: [],
    };
    const reference = () => payment.reference as string;
    const makeOrder = async () => {
      const init = {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `sim-order-${seed}-${index}` },
        body: JSON.stringify({
          mode: 'iframe',
          msisdn: `2547${String(10_000_000 + seed * 7 + index).slice(-8)}`,
        }),
      };
      const made = await ask('/api/orders', init);
      // Paying twice: the same request again, on whichever server (one order).
      if (plan === 'twice') await ask('/api/orders', init);
      if (made?.status !== 201) return false;
      payment.orderId = made.body.orderId;
      payment.checkoutUrl = made.body.checkoutUrl;
      payment.reference = (await store.get(made.body.orderId))?.checkoutReference;
      return payment.reference !== undefined;
    };
    const prompt = async () => {
      const response = await fetch(`${payment.checkoutUrl}/prompt`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      await response.body?.cancel();
      return true;
    };
    const act = (action: string, body?: Record<string, unknown>) => async () => {
      await helper(reference(), action, body);
      return true;
    };
    const resume = async () => {
      // Closed the page and came back: asks the (other) server about the order.
      await ask(`/api/orders/${payment.orderId}`);
      await ask(`/api/orders/${payment.orderId}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return true;
    };
    const steps: Array<() => Promise<boolean>> = [makeOrder];
    switch (plan) {
      case 'approve':
        steps.push(prompt, act('approve'));
        break;
      case 'decline':
        steps.push(prompt, act('decline'));
        break;
      case 'part':
        steps.push(prompt, act('approve', { amount: rng.int(1, basket - 1) }));
        break;
      case 'expire':
        steps.push(act('expire'));
        break;
      case 'late':
        steps.push(prompt, act('expire'), act('approve'));
        break;
      case 'cancel':
        steps.push(act('cancel'));
        break;
      case 'escalate':
        steps.push(prompt, act('escalate'), resume, act(rng.chance(0.7) ? 'approve' : 'decline'));
        break;
      case 'resume':
        steps.push(prompt, resume, act('approve'), resume);
        break;
      case 'twice':
        steps.push(prompt, act('approve'), act('approve'));
        break;
      case 'nothing':
        break;
    }
    if (payment.refund) {
      const key = `sim-refund-${seed}-${index}`;
      const amount = payment.refund === 'part' ? rng.int(1, 900) : undefined;
      const again = rng.chance(0.5);
      const refund = async () => {
        const order = payment.orderId ? await store.get(payment.orderId) : undefined;
        // The staff refunds only what the shop shows paid.
        if (!order || !['PAID', 'PARTIALLY_PAID'].includes(order.status)) return false;
        const init = {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${staffToken}`,
            'idempotency-key': key,
          },
          body: JSON.stringify(
            amount === undefined ? {} : { amount: Math.min(amount, order.paidAmount ?? 0) },
          ),
        };
        const answer = await ask(`/api/orders/${order.id}/refund`, init);
        // Asked again with its key (a double click, a retry): never a second refund.
        if (again) await ask(`/api/orders/${order.id}/refund`, init);
        return answer !== undefined && answer.status < 500;
      };
      let tries = 0;
      // Now, if the order is paid by then; else a while after.
      steps.push(async () => (await refund()) || ++tries > 3);
      later.push(refund);
    }
    if (payment.reverse) (rng.chance(0.5) ? steps : later).push(act('reverse'));
    payment.steps = steps;
    payments.push(payment);
  }

  // The schedule: a step of a random payment at a time, the clock moving, a server killed now and then.
  for (let tick = 0; tick < 400; tick++) {
    const waiting = payments.filter((payment) => payment.steps.length > 0);
    if (waiting.length === 0) break;
    const payment = rng.pick(waiting);
    // A step not done (a server down, Waftpay failing) is tried again at a later tick.
    if (await payment.steps[0]().catch(() => false)) payment.steps.shift();
    if (rng.chance(0.06)) {
      const victim = anyServer();
      if (victim) {
        victim.planKill(rng.int(0, 25));
      }
    }
    clock.advance(rng.pick([0, 0, 1_000, 5_000, 15_000, 61_000]));
    await quiet();
    for (const server of servers) if (!server.alive && rng.chance(0.5)) await restart(server);
    if (alive().length === 0) await restart(rng.pick(servers));
  }

  const reconcile = async () => {
    await quiet();
    // Both servers at once, as their timers would.
    await Promise.all(servers.map((server) => server.merchant?.reconcile().catch(() => undefined)));
    await Promise.all(servers.map((server) => server.merchant?.shop.fulfilDue().catch(() => undefined)));
    await quiet();
  };
  // A while after, the faults still on: every checkout expired and reconciled; then the staff's
  // refunds of what is paid (a refund asked twice is one), and the network's reversals.
  clock.advance(35 * minute);
  await reconcile();
  for (const step of later) {
    await step().catch(() => undefined);
    clock.advance(rng.pick([0, 1_000, 61_000]));
    await quiet();
  }

  // The faults stop; every server is up; time passes for webhooks, reconciliation, refunds, rechecks.
  const report = sandbox.clearFaults(merchant);
  for (const server of servers) {
    server.dieWhileFulfilling = () => false;
    server.planKill(Infinity);
    if (!server.alive) await restart(server);
  }
  // Webhooks retried; open orders reconciled; refunds asked about; settled orders checked again.
  for (const step of [3 * minute, 35 * minute, 2 * 60 * minute, 25 * 60 * minute, minute]) {
    clock.advance(step);
    await reconcile();
  }

  const recorded = sandbox.recorded(merchant);
  const found = await check(store, issued, recorded.payments, servers);
  const succeeded = recorded.payments.filter((payment) => payment.paid_amount !== undefined);
  const happened = {
    kills: servers.reduce((sum, server) => sum + server.kills, 0),
    paid: succeeded.length,
    partlyPaid: succeeded.filter((payment) => (payment.paid_amount ?? 0) < payment.amount).length,
    late: succeeded.filter((payment) => payment.late).length,
    refunds: recorded.refunds.filter((refund) => refund.kind === 'REFUNDED').length,
    reversals: recorded.refunds.filter((refund) => refund.kind === 'REVERSED').length,
    escalated: logs.filter((line) => /: ESCALATED \(/.test(line)).length,
  };
  await store.close();
  for (const server of servers) await server.close();
  await router.close();
  const failed = Object.values(found).some((list) => list.length > 0);
  return {
    seed,
    payments: count,
    faults: total(report?.injected) + happened.kills,
    ...found,
    happened,
    ...(failed ? { logs } : {}),
  };

  async function restart(server: SimServer) {
    await server.release();
    await server.start();
  }
}

async function token(sandbox: SimSandbox, consumerKey: string): Promise<string> {
  const response = await fetch(`${sandbox.apiBaseUrl}/authentication-service/v1/api/generate-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ consumer_key: consumerKey, consumer_secret: 'secret' }),
  });
  return ((await response.json()) as { token: string }).token;
}

const paidStatuses = ['PAID', 'PARTIALLY_PAID', 'REFUNDED', 'REVERSED'];

/**
 * The invariants, Waftpay's record against the shop's:
 * - every payment Waftpay records as succeeded is exactly one order with its amount, currency and
 *   payment, PAID or PARTIALLY_PAID (or REFUNDED or REVERSED, as Waftpay records what went back),
 *   or flagged for attention when it came after expiry (unless Waftpay reversed it before the shop heard);
 * - no order is paid, and none fulfilled, without a payment that succeeded;
 * - every PAID order fulfilled exactly once; every refund and reversal reflected; no order open;
 * - nothing flagged but what the rules say: a success after expiry, a reversal after fulfilment.
 */
export async function check(
  store: OrderStore,
  issued: readonly string[],
  recorded: readonly RecordedPayment[],
  servers: SimServer[],
) {
  const lost: string[] = [];
  const invented: string[] = [];
  const problems: string[] = [];
  const fulfilledTwice: string[] = [];
  const fulfilments = new Map<string, number>();
  for (const server of servers)
    for (const line of server.logs) {
      const done = /^order (\S+): fulfilled \(/.exec(line);
      if (done) fulfilments.set(done[1], (fulfilments.get(done[1]) ?? 0) + 1);
    }
  const byReference = new Map(recorded.map((payment) => [payment.checkout_reference, payment]));
  for (const payment of recorded) {
    const order = await store.byReference(payment.checkout_reference);
    const paid = payment.paid_amount;
    if (paid === undefined) continue;
    const what = `${payment.checkout_reference} (${payment.status} ${payment.currency} ${paid}${payment.late ? ', late' : ''})`;
    if (!order) {
      lost.push(`${what}: no order`);
      continue;
    }
    // Late, the order closed: flagged for a person; or reversed by then (the money went back, nothing went out).
    const settledLate = payment.late && (order.attention !== null || payment.status === 'REVERSED');
    if (!paidStatuses.includes(order.status)) {
      if (!settledLate) lost.push(`${what}: order ${order.id} ${order.status}, not flagged`);
      continue;
    }
    const expected =
      payment.status === 'REVERSED'
        ? 'REVERSED'
        : payment.refunded_amount > 0 && payment.refunded_amount >= paid
          ? 'REFUNDED'
          : paid >= order.amount
            ? 'PAID'
            : 'PARTIALLY_PAID';
    if (order.status !== expected) lost.push(`${what}: order ${order.id} ${order.status}, not ${expected}`);
    if (
      order.paidAmount !== paid ||
      order.currency !== payment.currency ||
      order.paymentUuid !== payment.payment_uuid
    )
      lost.push(
        `${what}: order ${order.id} has ${order.currency} ${order.paidAmount} of ${order.paymentUuid}`,
      );
    if (expected !== 'REVERSED' && order.refundedAmount !== payment.refunded_amount)
      lost.push(
        `${what}: order ${order.id} shows ${order.refundedAmount} refunded of ${payment.refunded_amount}`,
      );
  }
  for (const reference of issued) {
    const order = await store.byReference(reference);
    if (!order) continue;
    const payment = byReference.get(order.checkoutReference);
    const succeeded = payment?.paid_amount !== undefined;
    const fulfilment = await store.fulfilment(order.id);
    const times = fulfilments.get(order.id) ?? 0;
    if (paidStatuses.includes(order.status) && !succeeded)
      invented.push(`order ${order.id} ${order.status} with no payment`);
    if (fulfilment && (!succeeded || (order.paidAmount ?? 0) < order.amount))
      invented.push(`order ${order.id} fulfilled with no full payment`);
    if (times > 1) fulfilledTwice.push(`order ${order.id} fulfilled ${times} times`);
    if (order.status === 'PAID' && fulfilment?.state !== 'done')
      problems.push(`order ${order.id} PAID, not fulfilled`);
    if (fulfilment && fulfilment.state !== 'done')
      problems.push(`order ${order.id}: fulfilment left ${fulfilment.state}`);
    if (order.status === 'CREATED' || order.status === 'ESCALATED')
      problems.push(`order ${order.id} left ${order.status}`);
    for (const refund of await store.refunds(order.id))
      if (refund.state === 'asking' || refund.state === 'accepted')
        problems.push(`order ${order.id}: refund ${refund.key} left ${refund.state}`);
    const mustFlag =
      (payment?.late === true && payment.status !== 'REVERSED' && !paidStatuses.includes(order.status)) ||
      (order.status === 'REVERSED' && fulfilment !== undefined);
    const mayFlag = mustFlag || payment?.late === true;
    if (mustFlag && !order.attention) lost.push(`order ${order.id} ${order.status} not flagged`);
    if (order.attention && !mayFlag)
      problems.push(`order ${order.id} flagged needlessly: ${order.attention}`);
  }
  return { lost, invented, fulfilledTwice, problems };
}
