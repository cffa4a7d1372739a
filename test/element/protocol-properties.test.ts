import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import fc from 'fast-check';
import { maxTextLength, toCheckoutResult, type CheckoutResult } from '../../src/shared/checkout-result.js';
import {
  createEnvelope,
  maxPendingMessageLength,
  maxReportedHeight,
  protocolName,
  protocolVersion,
  readEnvelope,
  type HostMessage,
  type PendingInfo,
} from '../../src/shared/protocol.js';
import { frameOf, mount, pageOf, rawProtocolPageUrl, type FixtureWindow } from './helpers.js';

const resultTextFields = [
  'checkoutReference',
  'paymentReference',
  'transactionReference',
  'paymentUuid',
  'description',
];
const resultKeys = new Set([...resultTextFields, 'status', 'source', 'amount', 'currency']);
const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** Anything a hostile or broken page could send: nested junk, odd types, pollution keys. */
const junk = fc.anything({
  maxDepth: 4,
  key: fc.oneof(
    fc.string(),
    fc.constantFrom(...hostileKeys, ...resultKeys, 'type', 'result', 'info', 'height'),
  ),
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withObjectString: true,
});
const hugeString = fc.string({ minLength: maxTextLength - 2, maxLength: 5_000 });
const resultish = fc.oneof(
  junk,
  fc.dictionary(
    fc.constantFrom(...resultKeys, ...hostileKeys, 'checkout_reference', 'payment_uuid'),
    fc.oneof(junk, hugeString, fc.double()),
  ),
);
const messageTypes = [
  'ready',
  'pending',
  'success',
  'failure',
  'expired',
  'cancel',
  'resize',
  'leaving',
  'escape',
];
/** The transport's own messages, stray on the channel (not `bye`, which closes it, as it should). */
const transportish = fc.record({
  protocol: fc.constant(protocolName),
  version: fc.constant(protocolVersion),
  type: fc.constantFrom('hello', 'connect', 'ping', 'pong'),
  id: fc.oneof(fc.string(), junk),
});
/** Envelopes close enough to real ones to reach every branch of the checks. */
const envelopeish = (types: string[]) =>
  fc.record(
    {
      protocol: fc.oneof(fc.constant(protocolName), junk),
      version: fc.oneof(
        fc.constant(protocolVersion),
        fc.constantFrom(0, protocolVersion - 1, protocolVersion + 1, String(protocolVersion), 1.5),
        junk,
      ),
      message: fc.oneof(
        fc.record(
          {
            type: fc.oneof(fc.constantFrom(...types), junk),
            result: resultish,
            info: fc.oneof(junk, fc.record({ message: fc.oneof(fc.string(), hugeString, junk) })),
            height: fc.oneof(fc.double(), fc.integer(), junk),
          },
          { requiredKeys: [] },
        ),
        junk,
      ),
    },
    { requiredKeys: [] },
  );

function expectWellFormedMessage(message: HostMessage): void {
  expect(messageTypes).to.include(message.type);
  if (message.type === 'pending') {
    expect(Object.keys(message.info)).to.satisfy((keys: string[]) => keys.every((key) => key === 'message'));
    if (message.info.message !== undefined) {
      expect(message.info.message).to.be.a('string').with.length.within(1, maxPendingMessageLength);
    }
  }
  if (message.type === 'resize') {
    expect(message.height).to.be.a('number').within(Number.MIN_VALUE, maxReportedHeight);
  }
  if (message.type === 'success' || message.type === 'failure') {
    expect(message.result).to.be.an('object');
  }
}

function expectWellFormedResult(result: CheckoutResult): void {
  expect(Object.isFrozen(result)).to.equal(true);
  for (const key of Object.keys(result)) expect(resultKeys, key).to.include(key);
  expect(result.status).to.match(/^[A-Z][A-Z_]{0,31}$/);
  expect(['message', 'return-url']).to.include(result.source);
  for (const field of resultTextFields) {
    const value = (result as unknown as Record<string, unknown>)[field];
    if (value !== undefined) expect(value).to.be.a('string').with.length.within(1, maxTextLength);
  }
  if (result.amount !== undefined)
    expect(Number.isFinite(result.amount) && result.amount >= 0).to.equal(true);
  if (result.currency !== undefined) expect(result.currency).to.match(/^[A-Z]{3}$/);
  expect(Object.getPrototypeOf(result)).to.equal(Object.prototype);
}

describe('properties: nothing a page sends can break the checks', function () {
  // Thousands of runs are CPU work: on a busy machine they take seconds, and that is no failure.
  this.timeout(60_000);

  it('readEnvelope never throws, and returns only well-formed messages', () => {
    fc.assert(
      fc.property(fc.oneof(junk, envelopeish(messageTypes)), (value) => {
        const message = readEnvelope(value);
        if (message) expectWellFormedMessage(message);
      }),
      { numRuns: 5_000 },
    );
  });

  it('toCheckoutResult never throws, and returns only well-formed results', () => {
    fc.assert(
      fc.property(
        resultish,
        fc.constantFrom('SUCCESS', 'FAILED'),
        fc.constantFrom('message', 'return-url'),
        (fields, status, source) => {
          if (typeof fields !== 'object' || fields === null) return;
          expectWellFormedResult(toCheckoutResult(fields, status, source as 'message'));
        },
      ),
      { numRuns: 5_000 },
    );
    expect(({} as Record<string, unknown>).checkoutReference, 'no prototype was polluted').to.equal(
      undefined,
    );
  });
});

describe('properties: the element fed junk over a real channel', () => {
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent | PromiseRejectionEvent): number =>
    errors.push('error' in event ? event.error : event.reason);
  beforeEach(() => {
    errors.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
  });

  async function connected(element: Parameters<typeof pageOf>[0]): Promise<FixtureWindow> {
    await waitUntil(() => {
      try {
        return typeof pageOf(element).report === 'function';
      } catch {
        return false;
      }
    });
    const page = pageOf(element);
    await (page as unknown as { remote: Promise<unknown> }).remote;
    page.addEventListener('error', onError);
    page.addEventListener('unhandledrejection', onError);
    return page;
  }

  it('hundreds of junk reports: no outcome, no exception, only well-formed pending events', async function (this: Mocha.Context) {
    this.timeout(30_000);
    const { element, events } = await mount({ 'checkout-url': rawProtocolPageUrl() });
    const page = await connected(element);
    const nonOutcomes = ['ready', 'pending', 'resize', 'hello', 'SUCCESS'];
    await fc.assert(
      fc.asyncProperty(fc.oneof(junk, envelopeish(nonOutcomes), transportish), async (value) => {
        await page.report(value).catch(() => undefined);
      }),
      { numRuns: 400 },
    );
    // The channel keeps its order: once a last, well-formed report has arrived, so has the junk.
    await page.report(createEnvelope({ type: 'pending', info: { message: 'last' } }));
    await waitUntil(() =>
      events.some((event) => (event as Event & { info?: PendingInfo }).info?.message === 'last'),
    );
    expect(errors).to.deep.equal([]);
    for (const event of events) {
      expect(['waftpay-ready', 'waftpay-pending']).to.include(event.type);
      if (event.type === 'waftpay-pending')
        expectWellFormedMessage({
          type: 'pending',
          info: (event as Event & { info: { message?: string } }).info,
        });
    }
    expect(element.status).to.be.oneOf(['ready', 'pending']);
    expect(events.filter((event) => event.type === 'waftpay-ready')).to.have.length(1);
  });

  it('an outcome with any result payload gives exactly one event, with a well-formed result', async function (this: Mocha.Context) {
    this.timeout(60_000);
    const { element, events } = await mount({ 'checkout-url': rawProtocolPageUrl() });
    let session = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('success', 'failure'), resultish, async (type, result) => {
        element.checkoutUrl = `${rawProtocolPageUrl()}?session=${++session}`;
        await element.updateComplete;
        const page = await connected(element);
        events.length = 0;
        const outcome = oneEvent(element, `waftpay-${type}`) as unknown as Promise<
          Event & { result: CheckoutResult }
        >;
        const envelope = { protocol: protocolName, version: protocolVersion, message: { type, result } };
        // The element removes the frame as the session ends, so no reply is awaited: either the
        // outcome arrives, or the page could not even send the value (structured clone refused it).
        const unsent = page.report(envelope).then(
          () => new Promise<never>(() => undefined),
          (error: Error) => error,
        );
        const event = await Promise.race([outcome, unsent]);
        if (event instanceof Error) {
          expect(event.name).to.equal('DataCloneError');
          return;
        }
        expectWellFormedResult(event.result);
        expect(events.filter((e) => e.type !== 'waftpay-ready')).to.have.length(1);
        expect(frameOf(element)).to.not.equal(undefined);
      }),
      { numRuns: 40 },
    );
    expect(errors).to.deep.equal([]);
  });
});
