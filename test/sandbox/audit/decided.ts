// What the sandbox decided where Waftpay's documents are silent, or disagree with themselves: one
// item each, with the words under which docs/sandbox.md writes it down (the audit checks they are
// there), and a check where the decision can be seen from outside.
import assert from 'node:assert/strict';
import { ManualClock } from '../../../sandbox/clock.js';
import { checkoutBody, sandbox, sessionId } from '../helpers.js';
import { audit, later, paths, webhook, type Check } from './fixture.js';

export type Decision = readonly [topic: string, decision: string, written: string, check?: Check];

/** POSTs with the audit's token; `null`: with none. */
const post = (path: string, body: unknown, token: string | null = audit.token) =>
  audit.api.post(path, body, token ?? undefined);
const create = (overrides: Record<string, unknown> = {}) => post(paths.create, checkoutBody(overrides));
const query = (by: Record<string, unknown>) => post(paths.query, by);
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

export const decided: Decision[] = [
  // Tokens
  [
    'tokens',
    'tokens are JWTs (HS256) with the consumer key, the product, iat and exp',
    'Tokens are JWTs',
    () => {
      const header = JSON.parse(Buffer.from(audit.token.split('.')[0], 'base64url').toString());
      assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
      const claims = claimsOf(audit.token);
      assert.deepEqual([claims.sub, claims.product], ['shop', 'collections']);
      assert.ok(Math.abs((claims.exp - claims.iat) * 1000 - 7_200_000) < 1000);
    },
  ],
  [
    'tokens',
    'the product is read from the consumer key: payouts…, remittance…, else Collections',
    'The sandbox reads the product from the',
    async () => assert.equal(claimsOf(await audit.api.token('remittance-x')).product, 'remittance'),
  ],
  [
    'tokens',
    'tokens, references and status queries belong to the merchant (the consumer key)',
    'scoped to the merchant',
    async () => {
      const other = await audit.api.token('another-shop');
      assert.equal(
        (await post(paths.query, { transaction_reference: audit.flows.paid.reference }, other)).status,
        404,
      );
    },
  ],
  [
    'tokens',
    'unless pinned, a consumer key keeps the secret it was first used with',
    'only with the same secret',
    async () => {
      const ask = (secret: string) =>
        post(paths.token, { consumer_key: 'audit-first-secret', consumer_secret: secret }, null);
      assert.equal((await ask('one')).status, 200);
      assert.equal((await ask('two')).status, 401);
    },
  ],
  // Create Checkout Request
  [
    'checkout',
    'the required fields',
    '| required fields',
    async () => assert.equal((await create({ timestamp: undefined })).body.param, 'timestamp'),
  ],
  [
    'checkout',
    'limits: references 1–64 characters, amount 1 to 250 000 with at most 2 decimals (the decimal it is written as), msisdn 2547… or 2541…',
    '| limits',
    async () => {
      assert.equal((await create({ amount: 19.99 })).status, 200);
      assert.equal((await create({ amount: 10.1 + 0.2 })).status, 400);
      assert.equal((await create({ amount: 250_001 })).status, 400);
    },
  ],
  [
    'checkout',
    'the default expiry: 30 minutes',
    '| the default expiry',
    async () => {
      const sent = Date.now();
      const expiresAt = Date.parse((await create({ extra_params: {} })).body.data.expires_at);
      const answered = Date.now();
      // 30 minutes from when the sandbox took the request.
      assert.ok(expiresAt >= sent + 30 * 60_000 && expiresAt <= answered + 30 * 60_000);
    },
  ],
  [
    'checkout',
    'extra_params.expiry is read as UTC, at most 7 days away',
    '| `extra_params.expiry`',
    async () => assert.equal((await create({ extra_params: { expiry: later(8 * 86_400_000) } })).status, 400),
  ],
  [
    'checkout',
    'strict_amount is true when absent',
    '| `extra_params.strict_amount`',
    async () => {
      const body = checkoutBody({ extra_params: {} });
      await post(paths.create, body);
      assert.equal((await audit.api.act(body.checkout_reference, 'approve', { amount: 1000 })).status, 400);
    },
  ],
  [
    'checkout',
    'language: en when absent; en or sw',
    '| `extra_params.language`',
    async () => assert.equal((await create({ extra_params: { language: 'fr' } })).status, 400),
  ],
  [
    'checkout',
    'a reused checkout_reference is refused with 409 (409.001.310)',
    '| a reused `checkout_reference`',
    async () => {
      const body = checkoutBody();
      await post(paths.create, body);
      assert.equal((await post(paths.create, body)).body.code, '409.001.310');
    },
  ],
  [
    'errors',
    'param is the field’s path in the body that was sent (msisdn, customer.first_name), not the documents’ example source.msisdn, which names a body with a source object',
    '| `param`',
    async () => {
      assert.equal((await create({ msisdn: undefined })).body.param, 'msisdn');
      assert.equal((await create({ customer: { other_names: 'K' } })).body.param, 'customer.first_name');
    },
  ],
  [
    'errors',
    'the error codes the documents do not list',
    '## Error codes',
    async () => assert.equal((await create({ country: 'UGA' })).body.code, '400.001.305'),
  ],
  // References and fields
  [
    'references',
    'transaction_reference is your checkout_reference',
    '| `transaction_reference`',
    () => assert.equal(webhook('paid').results.transaction_reference, audit.flows.paid.reference),
  ],
  [
    'references',
    'payment_uuid is an 18-digit numeric string; payment_id a 9-digit number',
    '| `payment_uuid`, `payment_id`',
    () => {
      assert.match(webhook('paid').results.payment_uuid, /^\d{18}$/);
      assert.match(String(webhook('paid').results.payment_id), /^\d{9}$/);
    },
  ],
  [
    'references',
    'request_uuid is the UUID whose base64 is the checkout URL’s last segment; a refund’s is a UUID too',
    '| `request_uuid`',
    async () => {
      const { body } = await create();
      const uuid = Buffer.from(sessionId(body.data.checkout_url), 'base64').toString();
      assert.equal((await query({ request_uuid: uuid })).status, 200);
      assert.match(audit.refundUuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    },
  ],
  [
    'references',
    'client_reference (in the hash) is the transaction_reference; no separate field',
    'where `client_reference` is the `transaction_reference`',
    () => assert.equal(webhook('paid').results.client_reference, undefined),
  ],
  [
    'webhook fields',
    'result_code is the processor’s (M-Pesa’s): 0 paid, 1032 declined or cancelled, 1037 expired, 21 money sent back',
    '| `result_code`',
    () =>
      assert.deepEqual(
        ['paid', 'declined', 'expired', 'refunded'].map((name) => webhook(name as never).results.result_code),
        ['0', '1032', '1037', '21'],
      ),
  ],
  [
    'webhook fields',
    'account is the paying number',
    '| `account`',
    () => assert.equal(webhook('paid').results.account, webhook('paid').results.msisdn),
  ],
  [
    'webhook fields',
    'external_reference is a 10-character receipt, only once paid (and a refund’s own)',
    '| `external_reference`',
    () => {
      assert.match(webhook('paid').results.external_reference, /^[0-9A-Z]{10}$/);
      assert.equal(webhook('paid', 'PENDING').results.external_reference, undefined);
    },
  ],
  [
    'webhook fields',
    'metadata is your meta_data',
    '| `metadata`',
    () => assert.deepEqual(webhook('paid').results.metadata, { order_id: 'ORDER-39182' }),
  ],
  [
    'webhook fields',
    'every webhook carries payment_id, which the documents’ example leaves out',
    '`payment_id` in every webhook',
    () => {
      for (const delivery of audit.hook.deliveries)
        assert.equal(typeof delivery.results.payment_id, 'number');
    },
  ],
  [
    'webhook fields',
    'time_processed (no zone in the documents’ example) is UTC',
    '| `time_processed`',
    () => {
      const written = webhook('paid').results.time_processed;
      assert.ok(Math.abs(Date.parse(`${written.slice(0, 23)}Z`) - Date.now()) < 60_000);
    },
  ],
  [
    'fees',
    'fees: none unless configured; then total_charges is the fee and total_amount = amount + total_charges',
    '| fees',
    () => {
      const { results } = webhook('paid');
      assert.deepEqual([results.total_charges, results.total_amount], [0, results.amount]);
    },
  ],
  // The lifecycle
  [
    'webhooks',
    'by default PENDING (and ESCALATED) as well as the outcome; `final` for outcomes only; `all` adds CREATED',
    '| webhook events',
    () =>
      assert.deepEqual(
        audit.flows.paid.webhooks.map((delivery) => delivery.status),
        ['PENDING', 'SUCCESS'],
      ),
  ],
  [
    'webhooks',
    'a session’s webhooks go out in the order of its events (retries then on their own)',
    'delivered before its outcome',
    () =>
      assert.deepEqual(
        audit.flows.escalated.webhooks.map((delivery) => delivery.status),
        ['PENDING', 'ESCALATED'],
      ),
  ],
  [
    'webhooks',
    'a customer’s cancel is a FAILED webhook; the status query says canceled',
    '| a cancel by the customer',
    async () => {
      const body = checkoutBody();
      await post(paths.create, body);
      assert.deepEqual(
        [
          (await audit.api.act(body.checkout_reference, 'cancel')).body.status,
          (await query({ transaction_reference: body.checkout_reference })).body.data.state,
        ],
        ['FAILED', 'canceled'],
      );
    },
  ],
  [
    'webhooks',
    'expiry is an EXPIRED webhook; the status query says failed',
    '| expiry',
    async () =>
      assert.equal(
        (await query({ transaction_reference: audit.flows.expired.reference })).body.data.state,
        'failed',
      ),
  ],
  [
    'webhooks',
    'a webhook attempt may take 10 s; 3 attempts, 60 s apart unless configured',
    '| webhook timeout, retries',
  ],
  ['webhooks', 'webhooks never follow a redirect', 'never follows a redirect'],
  [
    'webhooks',
    'webhooks go only to this machine, or to hosts allowed with --webhook-host (callback_url and notification_url)',
    'Webhooks go only to this machine',
    async () =>
      assert.equal(
        (await create({ callback_url: 'https://attacker.example/hook' })).body.code,
        '400.001.307',
      ),
  ],
  [
    'lifecycle',
    'ESCALATED: a person at Waftpay looks into a payment the network did not settle; it ends approved, declined or expired; the status query says processing',
    '| ESCALATED',
    async () =>
      assert.equal(
        (await query({ transaction_reference: audit.flows.escalated.reference })).body.data.state,
        'processing',
      ),
  ],
  [
    'lifecycle',
    'a late approval: a prompt approved after its session expired succeeds, announced after the EXPIRED',
    '| a late approval',
    async () => {
      const body = checkoutBody();
      await post(paths.create, body);
      await audit.api.act(body.checkout_reference, 'escalate');
      await audit.api.act(body.checkout_reference, 'expire');
      assert.equal((await audit.api.act(body.checkout_reference, 'approve')).body.state, 'succeeded');
    },
  ],
  [
    'refunds',
    'Waftpay’s request always refunds (REFUNDED); a reversal (REVERSED) is the network undoing a whole payment, the `reverse` helper',
    '| refund or reversal',
    () => assert.equal(webhook('refunded', 'REFUNDED').status, 'REFUNDED'),
  ],
  [
    'refunds',
    'the status query of a refunded payment says succeeded (and REFUNDED, refunded_amount); of a reversed one, failed (and REVERSED)',
    '| a refunded or reversed payment',
    async () => {
      const refunded = (await query({ transaction_reference: audit.flows.refunded.reference })).body.data;
      const reversed = (await query({ transaction_reference: audit.flows.reversed.reference })).body.data;
      assert.deepEqual(
        [refunded.state, refunded.status, refunded.refunded_amount],
        ['succeeded', 'REFUNDED', 400],
      );
      assert.deepEqual([reversed.state, reversed.status], ['failed', 'REVERSED']);
    },
  ],
  [
    'refunds',
    'amounts: more than 0, at most 2 decimals, never more than is left (refunds still processing count); several refunds of one payment; none after a reversal; a reversal only of a payment nothing was refunded from',
    '| how much',
    async () => {
      const request = {
        transaction_reference: audit.flows.reversed.reference,
        payment_uuid: webhook('reversed').results.payment_uuid,
        amount: 1,
        notification_url: 'http://127.0.0.1:9/refunds',
      };
      assert.equal((await post(paths.refund, request)).status, 409);
    },
  ],
  [
    'refunds',
    'request_uuid is never given twice, and a refund counts once however often its webhook arrives; the request has no idempotency key, so asking again refunds again',
    '| the same request twice',
  ],
  [
    'refunds',
    'the REFUNDED/REVERSED webhook has the payment’s references, the refund’s request_uuid and receipt, the payment’s receipt as original_external_reference, no fees',
    '| the refund’s webhook',
    () => {
      const { results } = webhook('refunded', 'REFUNDED');
      assert.equal(results.request_uuid, audit.refundUuid);
      assert.match(results.original_external_reference, /^[0-9A-Z]{10}$/);
      assert.equal(results.total_charges, 0);
    },
  ],
  [
    'refunds',
    'a refund is done at once unless refundDelayMs; the sandbox’s refunds never fail',
    '| a refund’s time',
    async () => assert.equal((await query({ request_uuid: audit.refundUuid })).body.data.state, 'succeeded'),
  ],
  [
    'refunds',
    'the refund status also says which it was (type) and its request_uuid; PENDING is code 101; not found is HTTP 404',
    '| the refund status',
    async () => {
      const { body } = await post(paths.refundStatus, { request_uuid: audit.refundUuid });
      assert.deepEqual([body.results.type, body.results.request_uuid], ['REFUNDED', audit.refundUuid]);
      assert.equal((await post(paths.refundStatus, { request_uuid: 'nope' })).status, 404);
    },
  ],
  [
    'refunds',
    'refunds may be asked for as long as the paid session is remembered: 90 days',
    '| tokens, sessions',
  ],
  // The status query
  [
    'status query',
    'the envelope is the example’s for every payment found; an unknown reference is HTTP 404 {status: "NOT_FOUND", code: "404.004.404"}',
    '| the status query’s words',
    async () => assert.equal((await query({ payment_uuid: 'nope' })).body.code, '404.004.404'),
  ],
  [
    'status query',
    'the sandbox adds data.status (the status word) and data.refunded_amount; Waftpay’s documents show neither',
    '| `data.status`, `data.refunded_amount`',
    async () =>
      assert.equal(
        (await query({ transaction_reference: audit.flows.escalated.reference })).body.data.status,
        'ESCALATED',
      ),
  ],
  [
    'status query',
    'amount is what was paid once it succeeded, else what was asked; payment_reference is null when none was sent',
    '`payment_reference` is `null`',
    async () => {
      const body = checkoutBody({ payment_reference: undefined });
      await post(paths.create, body);
      assert.equal(
        (await query({ transaction_reference: body.checkout_reference })).body.data.payment_reference,
        null,
      );
    },
  ],
  // The sandbox itself
  [
    'sandbox',
    'throttling is off unless --throttle (per client address) or a throttle fault (per merchant): 429 (429.000.429) with Retry-After',
    '| throttling',
  ],
  [
    'sandbox',
    'sessions live in memory; an ended one is forgotten after 24 hours, a paid one 90 days after its last change',
    'forgotten 24 hours after',
    () =>
      (async () => {
        const clock = new ManualClock();
        const api = await sandbox({ clock });
        try {
          const token = await api.token();
          const body = checkoutBody();
          await api.post(paths.create, body, token);
          await api.act(body.checkout_reference, 'expire');
          clock.advance(24 * 60 * 60_000);
          assert.equal(api.sessionCount, 0);
        } finally {
          await api.close();
        }
      })(),
  ],
  [
    'sandbox',
    'the test helpers need the merchant’s Bearer token and a JSON body',
    'need the merchant’s Bearer token and a JSON body',
    async () => {
      const response = await fetch(
        `${audit.api.apiBaseUrl}/sandbox/v1/sessions/${audit.flows.paid.reference}/refund`,
        { method: 'POST' },
      );
      assert.equal(response.status, 401);
    },
  ],
  [
    'sandbox',
    'listening beyond this machine (--host 0.0.0.0) is warned about',
    'prints a warning',
    async () => {
      const warnings: string[] = [];
      const open = await sandbox({ host: '0.0.0.0', warn: (message) => warnings.push(message) });
      await open.close();
      assert.equal(warnings.length, 1);
    },
  ],
  [
    'sandbox',
    'a faults setting is per merchant; the same seed and the same requests give the same faults',
    'the same seed and the same requests give the same faults',
    async () => {
      // This merchant set no faults; another's setting changes nothing here.
      await audit.api.send(
        'PUT',
        '/sandbox/v1/faults',
        { statusQuery: { error: 1 } },
        await audit.api.token('other-shop'),
      );
      assert.equal(
        (await audit.api.send('GET', '/sandbox/v1/faults', undefined, audit.token)).body.setting,
        null,
      );
      assert.equal((await query({ transaction_reference: audit.flows.paid.reference })).status, 200);
    },
  ],
];
