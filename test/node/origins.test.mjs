// Origin lists under a URL parser that follows the WHATWG standard to the letter, as Node's and
// Firefox's do: `new URL('https://*')` is a URL whose host is `*`, so a list could hold a
// wildcard (Chromium's parser refuses it, which is why this runs here too).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSessionConfig } from '../../src/element/session-config.ts';
import { connectToMerchant } from '../../src/host/connect-to-merchant.ts';

const wildcards = ['https://*', 'https://*.shop.example', 'http://*:8080', 'https://shop.example;script-src'];
const page = { origin: 'https://shop.example' };

test('the parser here takes * for a host', () => {
  assert.equal(new URL('https://*.shop.example').origin, 'https://*.shop.example');
});

for (const origin of wildcards) {
  test(`allowed-origins="${origin}" is refused (invalid-allowed-origins)`, () => {
    const attributes = {
      checkoutUrl: 'https://pay.example/checkout/1',
      allowedOrigins: `https://pay.example ${origin}`,
    };
    assert.throws(() => readSessionConfig(attributes, page), { code: 'invalid-allowed-origins' });
  });

  test(`merchantOrigins ["${origin}"] is refused (invalid-allowed-origins)`, () => {
    assert.throws(() => connectToMerchant({ merchantOrigins: [origin] }), {
      code: 'invalid-allowed-origins',
    });
  });
}

for (const origin of ['http://pay.example', 'http://10.0.0.2:5174']) {
  test(`allowed-origins="${origin}" is refused: plain http only on loopback (invalid-allowed-origins)`, () => {
    const attributes = { checkoutUrl: 'https://pay.example/checkout/1', allowedOrigins: origin };
    assert.throws(() => readSessionConfig(attributes, page), {
      code: 'invalid-allowed-origins',
      message: new RegExp(`^allowed-origins must use https: .*got "${origin}"`),
    });
  });

  test(`merchantOrigins ["${origin}"] is refused: plain http only on loopback (invalid-allowed-origins)`, () => {
    assert.throws(() => connectToMerchant({ merchantOrigins: [origin] }), {
      code: 'invalid-allowed-origins',
    });
  });
}

test('plain origins are accepted', () => {
  const config = readSessionConfig(
    {
      checkoutUrl: 'https://pay.example/checkout/1',
      allowedOrigins: 'https://pay.example http://[::1]:8080',
    },
    page,
  );
  assert.deepEqual(config.allowedOrigins, ['https://pay.example', 'http://[::1]:8080']);
});

test('a checkout-url on the page’s own origin is refused (same-origin-checkout-url), unless a test opts in', () => {
  const attributes = { checkoutUrl: 'https://shop.example/checkout/1' };
  assert.throws(() => readSessionConfig(attributes, page), { code: 'same-origin-checkout-url' });
  assert.equal(
    readSessionConfig(attributes, { ...page, allowSameOriginCheckout: true }).url.origin,
    page.origin,
  );
});
