// `waftpay-checkout/server` as a merchant's server imports it: through the package's `exports`,
// from the build. Importing it must do nothing (no globals, no timers, no requests) and need
// nothing but the platform (no package, no Node built-in: only its own files, which it may share
// with the React entry's server render).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { importsOf } from '../../scripts/drop-in-files.mjs';

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
      'WaftpayCheckoutError',
      'WaftpayErrorCode',
      'WaftpayNetworkError',
      'confirmWebhook',
      'createWaftpayClient',
      'paymentStatusCodes',
      'renderCheckoutMarkup',
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

test('the server entry depends on no other module: it imports only files of its own, statically', async () => {
  const entry = createRequire(import.meta.url).resolve('waftpay-checkout/server');
  const seen = new Set([entry]);
  for (const file of seen) {
    const code = await readFile(file, 'utf8');
    assert.doesNotMatch(code, /\brequire\s*\(/, `${file} requires`);
    for (const { kind, specifier } of await importsOf(code)) {
      assert.equal(kind, 'static', `${file} has a ${kind} import of ${specifier}`);
      assert.match(specifier, /^\.\.?\//, `${file} imports ${specifier}, not a file of its own`);
      seen.add(resolve(dirname(file), specifier));
    }
  }
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
