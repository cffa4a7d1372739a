import fc from 'fast-check';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { confirmWebhook, createWaftpayClient, verifyWebhook, WaftpayApiError } from '../../src/server.js';
import { fakeWaftpay, type FakeWaftpay } from './fake-waftpay.js';
import {
  refundStatusReply,
  statusOfWebhookPayment,
  statusReply,
  webhookPayload,
} from './waftpay-documents.js';

/** The hash as Waftpay's documents compute it, here with Node's crypto (not the code under test). */
function documentedHash(amount: number, reference: string, paymentUuid: string, paymentId: string | number) {
  return createHash('sha256')
    .update(`${Number(amount).toString()}${reference}${paymentUuid}${paymentId}`)
    .digest('hex');
}

/** A self-consistent webhook: what anyone who knows the reference can write. */
function signed(
  overrides: { status?: string; amount?: number; reference?: string; paymentUuid?: string } = {},
) {
  const {
    status = 'SUCCESS',
    amount = 100,
    reference = '295877',
    paymentUuid = '413283551145761444',
  } = overrides;
  const paymentId = 9_001;
  return {
    ...webhookPayload,
    status,
    results: {
      ...webhookPayload.results,
      amount,
      transaction_reference: reference,
      payment_uuid: paymentUuid,
      payment_id: paymentId,
      validation_hash: documentedHash(amount, reference, paymentUuid, paymentId),
    },
  };
}

describe('verifyWebhook', () => {
  test('the documents’ example: well-formed, but without payment_id the hash cannot be checked', async () => {
    const result = await verifyWebhook(webhookPayload);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'unverifiable');
    assert.deepEqual('event' in result && result.event, {
      status: 'SUCCESS',
      code: '102',
      description: 'Payment completed successfully',
      amount: 100,
      totalCharges: 10,
      totalAmount: 100,
      checkoutReference: '295877',
      transactionReference: '295877',
      paymentUuid: '413283551145761444',
      externalReference: '3C1HH10ZU8',
      account: '254708374149',
      resultCode: '0',
      resultDescription: 'The service request is processed successfully.',
      timeProcessed: '2026-01-07T09:48:08.8485958',
      processedAt: '2026-01-07T09:48:08.848Z',
      metadata: {},
    });
  });

  test('time_processed in every form the documents show, read as UTC: no zone and 7 digits, Z and 9 digits, Z alone', async () => {
    const at = async (time: unknown) => {
      const result = await verifyWebhook({
        ...webhookPayload,
        results: { ...webhookPayload.results, time_processed: time },
      });
      return 'event' in result ? result.event.processedAt : undefined;
    };
    // Date.parse would read a time with no zone in the server's own zone: the reader does not,
    // on a server in Nairobi (UTC+3) either.
    const zone = process.env.TZ;
    process.env.TZ = 'Africa/Nairobi';
    try {
      assert.equal(new Date(2026, 0, 7).getTimezoneOffset(), -180);
      assert.equal(await at('2026-01-07T09:48:08.8485958'), '2026-01-07T09:48:08.848Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    assert.equal(await at('2026-01-08T07:43:47.800432367Z'), '2026-01-08T07:43:47.800Z');
    assert.equal(await at('2025-08-26T05:20:27Z'), '2025-08-26T05:20:27.000Z');
    assert.equal(await at('2025-04-04T09:13:52.585619+03:00'), '2025-04-04T06:13:52.585Z');
    for (const wrong of ['yesterday', '2026-02-30T10:00:00', 1767779288848, '2026-01-07 09:48:08'])
      assert.equal(await at(wrong), undefined, String(wrong));
  });

  test('a payload carrying payment_id: the documented SHA-256 is checked', async () => {
    const body = signed();
    const result = await verifyWebhook(body);
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.event.paymentId, '9001');
    // Its text works as well as the parsed object.
    assert.equal((await verifyWebhook(JSON.stringify(body))).ok, true);
    // client_reference, when sent, is the same field (Waftpay's other pages use that name).
    const named = { ...body, results: { ...body.results, client_reference: '295877' } };
    assert.equal((await verifyWebhook(named)).ok, true);
  });

  test('a decimal amount is hashed as Number(n).toString()', async () => {
    assert.equal((await verifyWebhook(signed({ amount: 1750.5 }))).ok, true);
  });

  test('any change to what the hash covers is a mismatch', async () => {
    for (const change of [
      { amount: 101 },
      { transaction_reference: '295878' },
      { payment_uuid: '413283551145761445' },
      { payment_id: 9_002 },
    ]) {
      const body = signed();
      const result = await verifyWebhook({ ...body, results: { ...body.results, ...change } });
      assert.equal(!result.ok && result.reason, 'hash-mismatch', JSON.stringify(change));
    }
  });

  test('status is not covered by the hash: a FAILED body flipped to SUCCESS still matches', async () => {
    // Why a matching hash proves nothing about who sent it, and confirmWebhook asks Waftpay.
    const flipped = { ...signed({ status: 'FAILED' }), status: 'SUCCESS' };
    assert.equal((await verifyWebhook(flipped)).ok, true);
  });

  test('any validation_hash is compared without throwing: non-ASCII, any length', async () => {
    const body = signed();
    for (const hash of [
      'é'.repeat(64),
      '😀'.repeat(32),
      '',
      'a',
      'a'.repeat(63),
      'a'.repeat(65),
      'x'.repeat(100_000),
      body.results.validation_hash.toUpperCase(),
    ]) {
      const result = await verifyWebhook({ ...body, results: { ...body.results, validation_hash: hash } });
      assert.equal(!result.ok && result.reason, 'hash-mismatch', hash.slice(0, 10));
    }
  });

  const malformed: Array<[string, unknown]> = [
    ['null', null],
    ['an array', [webhookPayload]],
    ['text that is not JSON', '{"status":'],
    ['no status', { ...webhookPayload, status: undefined }],
    ['an unknown status', { ...webhookPayload, status: 'PAID' }],
    ['no results', { ...webhookPayload, results: undefined }],
    ['a string amount', { ...webhookPayload, results: { ...webhookPayload.results, amount: '100' } }],
    [
      'no transaction_reference',
      { ...webhookPayload, results: { ...webhookPayload.results, transaction_reference: undefined } },
    ],
    [
      'an empty payment_uuid',
      { ...webhookPayload, results: { ...webhookPayload.results, payment_uuid: '' } },
    ],
    [
      'a numeric validation_hash',
      { ...webhookPayload, results: { ...webhookPayload.results, validation_hash: 16 } },
    ],
    [
      'a request_uuid that is not a reference',
      { ...webhookPayload, results: { ...webhookPayload.results, request_uuid: 7 } },
    ],
    [
      'a client_reference that differs',
      { ...webhookPayload, results: { ...webhookPayload.results, client_reference: 'other' } },
    ],
  ];
  for (const [what, body] of malformed) {
    test(`malformed: ${what}`, async () => {
      const result = await verifyWebhook(body);
      assert.equal(!result.ok && result.reason, 'malformed');
      assert.equal(typeof (result as { problem?: string }).problem, 'string');
    });
  }

  test('10 000 generated bodies: never throws, always one of the documented answers', async () => {
    const nearWebhook = fc.record(
      {
        status: fc.oneof(fc.constantFrom('SUCCESS', 'FAILED', 'PENDING'), fc.anything()),
        code: fc.anything(),
        results: fc.oneof(
          fc.anything(),
          fc.record(
            {
              amount: fc.oneof(fc.double(), fc.integer(), fc.anything()),
              transaction_reference: fc.oneof(fc.string(), fc.anything()),
              payment_uuid: fc.oneof(fc.string(), fc.anything()),
              payment_id: fc.oneof(fc.string(), fc.integer(), fc.anything()),
              validation_hash: fc.oneof(fc.string({ unit: 'binary' }), fc.anything()),
              client_reference: fc.anything(),
              metadata: fc.anything(),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 4 }), nearWebhook, fc.string()), async (body) => {
        const result = await verifyWebhook(body);
        assert.ok(result.ok || ['malformed', 'hash-mismatch', 'unverifiable'].includes(result.reason));
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('confirmWebhook', () => {
  const fakes: FakeWaftpay[] = [];
  after(() => Promise.all(fakes.map((fake) => fake.close())));
  async function waftpay(query: Parameters<FakeWaftpay['on']>[1]) {
    const fake = await fakeWaftpay({ query });
    fakes.push(fake);
    return {
      fake,
      client: createWaftpayClient({ baseUrl: fake.baseUrl, consumerKey: 'k', consumerSecret: 's' }),
    };
  }
  /** Waftpay's status query, knowing one payment. */
  const knows = (data: Record<string, unknown>) => (request: { body: any }) =>
    request.body.payment_uuid === data.payment_uuid
      ? { json: { ...statusReply, data: { ...statusReply.data, ...data } } }
      : { status: 404, json: { status: 'NOT_FOUND', code: '404', description: 'not found' } };

  test('the documents’ example webhook is confirmed by the status query (it lacks payment_id)', async () => {
    const { fake, client } = await waftpay(() => ({ json: statusOfWebhookPayment }));
    const result = await confirmWebhook(client, webhookPayload);
    assert.equal(result.ok, true);
    assert.ok(result.ok);
    assert.equal(result.verifiedBy, 'status-query');
    assert.equal(result.state, 'succeeded');
    assert.equal(result.event.status, 'SUCCESS');
    assert.equal(result.event.amount, 100);
    assert.equal(result.event.checkoutReference, '295877');
    assert.equal(result.event.paymentUuid, '413283551145761444');
    const query = fake.received.find((request) => request.route === 'query')!;
    assert.deepEqual(query.body, { payment_uuid: '413283551145761444' });
    assert.match(query.authorization ?? '', /^Bearer /);
  });

  test('a forged, self-consistent webhook for a payment Waftpay does not know is refused', async () => {
    const { client } = await waftpay(
      knows({ transaction_reference: '295877', payment_uuid: '1', state: 'processing' }),
    );
    const result = await confirmWebhook(client, signed({ paymentUuid: '999999999999999999' }));
    assert.equal(!result.ok && result.reason, 'not-found');
  });

  test('a forged SUCCESS for the real payment: Waftpay’s state wins (still processing)', async () => {
    const { client } = await waftpay(
      knows({ transaction_reference: '295877', payment_uuid: '413283551145761444', state: 'processing' }),
    );
    const result = await confirmWebhook(client, signed());
    assert.ok(result.ok);
    assert.equal(result.event.status, 'PENDING');
    assert.equal(result.claimedStatus, 'SUCCESS');
    assert.equal(result.event.description, undefined);
  });

  test('a genuine FAILED body flipped to SUCCESS is reported as Waftpay says: FAILED', async () => {
    const { client } = await waftpay(
      knows({ transaction_reference: '295877', payment_uuid: '413283551145761444', state: 'failed' }),
    );
    const result = await confirmWebhook(client, { ...signed({ status: 'FAILED' }), status: 'SUCCESS' });
    assert.ok(result.ok);
    assert.equal(result.event.status, 'FAILED');
  });

  test('a reply that names no word (the documents’): the state’s own word, never the body’s, and the reply to tell', async () => {
    for (const [claimed, state, word] of [
      ['EXPIRED', 'failed', 'FAILED'],
      ['REVERSED', 'failed', 'FAILED'],
      ['EXPIRED', 'canceled', 'FAILED'],
      ['ESCALATED', 'processing', 'PENDING'],
      ['SUCCESS', 'succeeded', 'SUCCESS'],
    ] as const) {
      const { client } = await waftpay(
        knows({ transaction_reference: '295877', payment_uuid: '413283551145761444', state }),
      );
      const result = await confirmWebhook(client, signed({ status: claimed }));
      assert.ok(result.ok);
      assert.equal(result.event.status, word, `${claimed} (${state}) → ${word}`);
      assert.equal(result.claimedStatus, claimed);
      assert.equal(result.payment?.state, state);
      assert.equal(result.payment?.status, undefined, 'the reply named no word');
    }
  });

  test('the amount is Waftpay’s, not the body’s', async () => {
    const { client } = await waftpay(
      knows({
        transaction_reference: '295877',
        payment_uuid: '413283551145761444',
        state: 'succeeded',
        amount: 1,
      }),
    );
    const result = await confirmWebhook(client, webhookPayload);
    assert.ok(result.ok);
    assert.equal(result.event.amount, 1);
  });

  test('a real payment named under another order’s reference is refused', async () => {
    const { client } = await waftpay(
      knows({
        transaction_reference: 'SOMEONE-ELSE',
        payment_uuid: '413283551145761444',
        state: 'succeeded',
      }),
    );
    const result = await confirmWebhook(client, webhookPayload);
    assert.equal(!result.ok && result.reason, 'other-order');
  });

  test('a hash that does not match is refused without asking Waftpay', async () => {
    const { fake, client } = await waftpay(() => ({ json: statusOfWebhookPayment }));
    const body = signed();
    const result = await confirmWebhook(client, { ...body, results: { ...body.results, amount: 1 } });
    assert.equal(!result.ok && result.reason, 'hash-mismatch');
    assert.equal(fake.received.length, 0);
  });

  test('a malformed body is refused without asking Waftpay', async () => {
    const { fake, client } = await waftpay(() => ({ json: statusOfWebhookPayment }));
    const result = await confirmWebhook(client, { status: 'SUCCESS' });
    assert.equal(!result.ok && result.reason, 'malformed');
    assert.equal(fake.received.length, 0);
  });

  test('the status word is the reply’s when it names one: ESCALATED, REVERSED, REFUNDED as they are', async () => {
    for (const [claimed, state, named] of [
      ['PENDING', 'processing', 'ESCALATED'],
      ['SUCCESS', 'failed', 'REVERSED'],
      ['SUCCESS', 'succeeded', 'REFUNDED'],
      // The body's word in the state's group does not choose: the reply's does.
      ['EXPIRED', 'failed', 'FAILED'],
    ] as const) {
      const { client } = await waftpay(
        knows({
          transaction_reference: '295877',
          payment_uuid: '413283551145761444',
          state,
          status: named,
          refunded_amount: named === 'REFUNDED' ? 40 : undefined,
        }),
      );
      const result = await confirmWebhook(client, signed({ status: claimed }));
      assert.ok(result.ok);
      assert.equal(result.event.status, named, `${claimed} → ${named}`);
      assert.equal(
        result.event.code,
        { ESCALATED: '104', REVERSED: '107', REFUNDED: '106', FAILED: '103' }[named],
      );
      assert.equal(result.claimedStatus, claimed);
      if (named === 'REFUNDED') assert.equal(result.event.refundedAmount, 40);
    }
  });

  describe('money sent back (REFUNDED, REVERSED) with a request_uuid: Waftpay’s refund status is asked', () => {
    const refunded = (status = 'REFUNDED', overrides: Record<string, unknown> = {}) => {
      const body = signed({ status, amount: 40 });
      const code = status === 'REFUNDED' ? '106' : '107';
      return { ...body, code, results: { ...body.results, request_uuid: 'A333RTYUT', ...overrides } };
    };
    /** "Query Refund Reversal", in the documents' shape, knowing the refund A333RTYUT of the webhook's payment. */
    async function waftpayKnowing(
      reply: Record<string, unknown> = {},
      results: Record<string, unknown> = {},
    ) {
      const fake = await fakeWaftpay({
        query: () => ({ status: 500, text: 'the status query is not the refund’s' }),
        refundStatus: (request) =>
          request.body.request_uuid === 'A333RTYUT'
            ? {
                json: {
                  ...refundStatusReply,
                  ...reply,
                  results: {
                    ...refundStatusReply.results,
                    amount: '40.00',
                    total_amount: '40.00',
                    original_payment_uuid: '413283551145761444',
                    original_transaction_reference: '295877',
                    ...results,
                  },
                },
              }
            : { status: 404, json: { code: 404, status: 'NOT FOUND', description: 'not found' } },
      });
      fakes.push(fake);
      return {
        fake,
        client: createWaftpayClient({ baseUrl: fake.baseUrl, consumerKey: 'k', consumerSecret: 's' }),
      };
    }

    test('confirmed by POST /refund-reversal with its request_uuid, as the documents reply: REFUNDED, the refund’s amount', async () => {
      const { fake, client } = await waftpayKnowing();
      const result = await confirmWebhook(client, refunded());
      assert.ok(result.ok);
      assert.equal(result.event.status, 'REFUNDED');
      assert.equal(result.event.code, '106');
      assert.equal(result.state, 'succeeded');
      assert.equal(result.event.amount, 40);
      assert.equal(result.event.requestUuid, 'A333RTYUT');
      assert.equal(result.event.paymentUuid, '413283551145761444');
      assert.deepEqual(
        fake.received.filter((request) => request.route !== 'token').map((request) => request.route),
        ['refundStatus'],
      );
      assert.deepEqual(fake.received.at(-1)!.body, { request_uuid: 'A333RTYUT' });
    });

    test('REVERSED as the body says it, since the documents’ reply does not say which; the reply’s type, when it names one, wins', async () => {
      const reversed = await confirmWebhook((await waftpayKnowing()).client, refunded('REVERSED'));
      assert.ok(reversed.ok);
      assert.equal(reversed.event.status, 'REVERSED');
      const named = await confirmWebhook(
        (await waftpayKnowing({}, { type: 'REFUNDED' })).client,
        refunded('REVERSED'),
      );
      assert.ok(named.ok);
      assert.equal(named.event.status, 'REFUNDED');
      assert.equal(named.claimedStatus, 'REVERSED');
    });

    test('still processing (101, PENDING): reported as PENDING', async () => {
      const { client } = await waftpayKnowing({ code: 101, status: 'PENDING' });
      const result = await confirmWebhook(client, refunded());
      assert.ok(result.ok);
      assert.equal(result.event.status, 'PENDING');
      assert.equal(result.state, 'processing');
    });

    test('a request_uuid Waftpay does not know (404): not-found', async () => {
      const { client } = await waftpayKnowing();
      const result = await confirmWebhook(client, refunded('REFUNDED', { request_uuid: 'B444' }));
      assert.equal(!result.ok && result.reason, 'not-found');
    });

    test('a refund of another payment, or of another order: other-order', async () => {
      for (const results of [
        { original_payment_uuid: '111111111111111111' },
        { original_transaction_reference: 'SOMEONE-ELSE' },
      ]) {
        const { client } = await waftpayKnowing({}, results);
        const result = await confirmWebhook(client, refunded());
        assert.equal(!result.ok && result.reason, 'other-order', JSON.stringify(results));
      }
    });
  });

  test('Waftpay failing the status query is an error (answer the webhook 5xx, it comes again)', async () => {
    const { client } = await waftpay(() => ({ status: 503, text: 'busy' }));
    await assert.rejects(confirmWebhook(client, webhookPayload), (error: unknown) => {
      assert.ok(error instanceof WaftpayApiError);
      assert.equal(error.retryable, true);
      return true;
    });
  });
});
