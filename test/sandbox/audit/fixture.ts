// What the audit's items share: one sandbox, a token, a webhook receiver, and sessions taken
// through the lifecycle once (paid, declined, expired, escalated, refunded, reversed), with the
// webhooks each sent. Set up by audit.test.ts before the items run.
import assert from 'node:assert/strict';
import { checkoutBody, receiver, sandbox, until, type Receiver, type Sandbox } from '../helpers.js';

export const paths = {
  token: '/authentication-service/v1/api/generate-token',
  create: '/checkout-backend-api/v1/request',
  query: '/payments-tsq-service/v1/query/payments',
  refund: '/payments-api-service/v1/refund-reversal',
  refundStatus: '/refund-reversal',
} as const;

export type Flow = 'paid' | 'declined' | 'expired' | 'escalated' | 'refunded' | 'reversed';

export interface Audit {
  api: Sandbox;
  token: string;
  hook: Receiver;
  flows: Record<Flow, { reference: string; webhooks: Array<Record<string, any>> }>;
  /** The request_uuid of the flow `refunded`'s refund (asked through Waftpay's request). */
  refundUuid: string;
}

export const audit = {} as Audit;

const webhooksOf = (reference: string) =>
  audit.hook.deliveries.filter((delivery) => delivery.results.transaction_reference === reference);

async function flow(steps: Array<[string, Record<string, unknown>?]>, last: string, overrides = {}) {
  const body = checkoutBody({ callback_url: audit.hook.url, ...overrides });
  assert.equal((await audit.api.post(paths.create, body, audit.token)).status, 200);
  for (const [action, payload] of steps)
    assert.equal(
      (await audit.api.act(body.checkout_reference, action as never, payload)).status,
      200,
      action,
    );
  await until(() => webhooksOf(body.checkout_reference).some((delivery) => delivery.status === last));
  return { reference: body.checkout_reference as string, webhooks: webhooksOf(body.checkout_reference) };
}

export async function setUp(): Promise<void> {
  audit.api = await sandbox({ webhookRetryMs: 50, webhookTimeoutMs: 500, pendingDelayMs: 50 });
  audit.token = await audit.api.token();
  audit.hook = await receiver();
  const flows = {} as Audit['flows'];
  flows.paid = await flow([['approve']], 'SUCCESS', { meta_data: { order_id: 'ORDER-39182' } });
  flows.declined = await flow([['decline']], 'FAILED');
  flows.expired = await flow([['expire']], 'EXPIRED');
  flows.escalated = await flow([['escalate']], 'ESCALATED');
  flows.reversed = await flow([['approve'], ['reverse']], 'REVERSED');
  audit.flows = flows;
  // Refunded through Waftpay's own request, its outcome to the same receiver.
  const refunded = await flow([['approve']], 'SUCCESS');
  const paymentUuid = refunded.webhooks[0].results.payment_uuid;
  const { body } = await audit.api.post(
    paths.refund,
    {
      transaction_reference: refunded.reference,
      payment_uuid: paymentUuid,
      amount: 400,
      notification_url: audit.hook.url,
      remarks: 'Test remarks',
    },
    audit.token,
  );
  audit.refundUuid = body.results.request_uuid;
  await until(() => webhooksOf(refunded.reference).some((delivery) => delivery.status === 'REFUNDED'));
  flows.refunded = { reference: refunded.reference, webhooks: webhooksOf(refunded.reference) };
}

export async function tearDown(): Promise<void> {
  await audit.api.close();
  await audit.hook.close();
}

/** The flow's webhook announcing `status` (by default its last outcome). */
export function webhook(name: Flow, status?: string): Record<string, any> {
  const { webhooks } = audit.flows[name];
  const found = status
    ? webhooks.find((delivery) => delivery.status === status)
    : [...webhooks].reverse().find((delivery) => delivery.status !== 'PENDING');
  assert.ok(found, `${name}: no ${status ?? 'final'} webhook`);
  return found;
}

/** `extra_params.expiry` `ms` from now, as Waftpay writes it. */
export const later = (ms: number): string =>
  new Date(Date.now() + ms).toISOString().slice(0, 19).replace('T', ' ');

/** An item: what the documents say (or what we decided), and its check. */
export type Check = () => Promise<void> | void;
