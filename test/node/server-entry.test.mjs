// `waftpay-checkout/server` as a merchant's server imports it: through the package's `exports`,
// from the build. Importing it must do nothing (no globals, no timers, no requests) and need
// nothing but the platform (no import of any other module).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { test } from 'node:test';

test('the server entry imports in Node with no side effects', async () => {
  const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
  const resourcesBefore = process.getActiveResourcesInfo().length;
  const realFetch = globalThis.fetch;
  let fetched = 0;
  globalThis.fetch = (...args) => {
    fetched++;
    return realFetch(...args);
  };
  try {
    const server = await import('waftpay-checkout/server');
    assert.deepEqual(Object.keys(server).sort(), [
      'WaftpayApiError',
      'WaftpayNetworkError',
      'confirmWebhook',
      'createWaftpayClient',
      'paymentStatusCodes',
      'validationHash',
      'verifyWebhook',
    ]);
    // Making a client asks nothing of Waftpay yet: the token is requested on the first call.
    server.createWaftpayClient({
      baseUrl: 'https://sandbox.waftpay.io/api',
      consumerKey: 'k',
      consumerSecret: 's',
    });
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.deepEqual(
    Object.getOwnPropertyNames(globalThis).filter((name) => !globalsBefore.has(name)),
    [],
    'no new globals',
  );
  assert.equal(process.getActiveResourcesInfo().length, resourcesBefore, 'no timers or sockets');
  assert.equal(fetched, 0, 'no request');
});

test('the server entry depends on no other module', async () => {
  const file = createRequire(import.meta.url).resolve('waftpay-checkout/server');
  const code = await readFile(file, 'utf8');
  assert.doesNotMatch(code, /\bimport\s*[{*\w]|\bimport\s*\(|\brequire\s*\(/);
});

test('the webhook check runs on Web Crypto alone', async () => {
  const { validationHash } = await import('waftpay-checkout/server');
  // The documents' formula: SHA-256 of amount + reference + payment_uuid + payment_id.
  const { createHash } = await import('node:crypto');
  assert.equal(
    await validationHash(1750, 'CHK1', '413283551145761444', 42),
    createHash('sha256')
      .update('1750CHK1413283551145761444' + '42')
      .digest('hex'),
  );
});
