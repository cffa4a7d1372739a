// Importing the package on a server (SSR, Next.js, Nuxt…) must not throw and must not touch
// anything. This runs the npm build through the package's own `exports` map, as a consumer would.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('every entry imports in Node without throwing or side effects', async () => {
  // Lit's server build installs its own stand-ins (customElements, …) on import: those are
  // Lit's, so take the baseline after it.
  await import('lit');
  const before = new Set(Object.getOwnPropertyNames(globalThis));

  const root = await import('waftpay-checkout');
  const pure = await import('waftpay-checkout/element');
  await import('waftpay-checkout/host');
  await import('waftpay-checkout/vue');
  await import('waftpay-checkout/server');

  assert.deepEqual(
    Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name)),
    [],
    'no new globals',
  );
  assert.equal(globalThis.customElements.get('waftpay-checkout'), undefined, 'nothing registered');
  assert.equal(root.WaftpayCheckoutElement, pure.WaftpayCheckoutElement, 'one class for both entries');
});

test('defining explicitly on a server does nothing and does not throw', async () => {
  const { defineWaftpayCheckout } = await import('waftpay-checkout/element');
  defineWaftpayCheckout();
  assert.equal(globalThis.customElements.get('waftpay-checkout'), undefined);
});

test('the public values are usable on a server', async () => {
  const { WaftpayCheckoutError, WaftpayErrorCode, WaftpaySuccessEvent } = await import('waftpay-checkout');
  const error = new WaftpayCheckoutError(WaftpayErrorCode.LoadTimeout, 'slow');
  assert.equal(error.code, 'load-timeout');
  assert.equal(error.retryable, true);
  const event = new WaftpaySuccessEvent({ status: 'SUCCESS', source: 'message' });
  assert.equal(event.type, 'waftpay-success');
  assert.equal(event.bubbles && event.composed, true);
});

test('the server entry writes the element with its frame, as the element expects it', async () => {
  const { renderCheckoutMarkup } = await import('waftpay-checkout/server');
  const { WaftpayCheckoutError } = await import('waftpay-checkout');
  const markup = renderCheckoutMarkup({
    checkoutUrl: 'https://pay.example/checkout/OTRk?a=1&b=2',
    expiresAt: '2026-03-02T14:08:41.921Z',
    pageOrigin: 'https://shop.example',
  });
  assert.match(
    markup,
    /^<waftpay-checkout checkout-url="https:\/\/pay\.example\/checkout\/OTRk\?a=1&amp;b=2" expires-at="[^"]+"><iframe src="[^"]+" title="Waftpay checkout" sandbox="[^"]+" allow="payment" referrerpolicy="strict-origin" slot="frame"><\/iframe><a href="[^"]+" referrerpolicy="strict-origin">Continue on the payment page<\/a><\/waftpay-checkout>$/,
  );
  // One error class for the whole package: what the server refuses, the element would.
  assert.throws(
    () => renderCheckoutMarkup({ checkoutUrl: 'javascript:alert(1)', pageOrigin: 'https://shop.example' }),
    (error) => error instanceof WaftpayCheckoutError && error.code === 'invalid-checkout-url',
  );
  const server = await import('waftpay-checkout/server');
  assert.equal(server.WaftpayCheckoutError, WaftpayCheckoutError, 'the server entry exports the same class');
});

test('the host helper on a server: inert, never throws', async () => {
  const { connectToMerchant } = await import('waftpay-checkout/host');
  const merchant = connectToMerchant({ merchantOrigins: ['https://shop.example'] });
  merchant.succeed({ checkoutReference: 'C1' });
  merchant.destroy();
  const state = await Promise.race([
    merchant.ready.then(() => 'resolved'),
    new Promise((r) => setTimeout(() => r('waiting'), 50)),
  ]);
  assert.equal(state, 'waiting');
});

test('the React wrapper on a server renders what renderCheckoutMarkup writes, and registers nothing', async () => {
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { WaftpayCheckout } = await import('waftpay-checkout/react');
  const { renderCheckoutMarkup } = await import('waftpay-checkout/server');
  const { parseFragment } = await import('parse5');
  /** Every element of `html` with its attributes (sorted) and text, as a browser reads them. */
  const read = (html) => {
    const out = [];
    const walk = (node) => {
      if (node.tagName) {
        const attributes = Object.fromEntries(node.attrs.map(({ name, value }) => [name, value]).sort());
        const text = node.childNodes.filter((child) => child.nodeName === '#text').map((t) => t.value);
        out.push({ tag: node.tagName, attributes, text: text.join('') });
      }
      for (const child of node.childNodes ?? []) walk(child);
    };
    walk(parseFragment(html));
    return out;
  };
  const session = {
    checkoutUrl: 'https://pay.example/checkout/OTRk?a=1&b=2',
    expiresAt: '2026-03-02T14:08:41.921Z',
    successRedirectUrl: 'https://shop.example/done',
    loadTimeout: 5000,
    expectHandshake: true,
    pageOrigin: 'https://shop.example',
  };
  for (const mode of ['iframe', 'popup']) {
    const react = read(
      renderToString(createElement(WaftpayCheckout, { ...session, mode, onSuccess: () => 1 })),
    );
    const server = read(renderCheckoutMarkup({ ...session, mode }));
    // The same element, frame and link; React adds defer-hydration, which @lit/react removes once
    // React's listeners are on the element.
    assert.deepEqual(react[0].attributes, { ...server[0].attributes, 'defer-hydration': '' }, mode);
    assert.deepEqual(react.slice(1), server.slice(1), mode);
  }
  // Without the page's origin nothing can check the checkout URL against it: no frame is written
  // (the element makes its own once it runs), only the link.
  const unchecked = { ...session, pageOrigin: undefined };
  const linkOnly = read(renderToString(createElement(WaftpayCheckout, unchecked)));
  assert.deepEqual(
    linkOnly.map((element) => element.tag),
    ['waftpay-checkout', 'a'],
  );
  assert.deepEqual(
    read(renderToString(createElement(WaftpayCheckout, { ...session, pageOrigin: session.checkoutUrl }))).map(
      (element) => element.tag,
    ),
    ['waftpay-checkout'],
    'a page origin that is not an origin: nothing written but the element',
  );
  // With createSession and no session: the element's pay button, in its language, as on the shop's server.
  const createSession = async () => session;
  for (const mode of ['iframe', 'popup']) {
    const react = read(renderToString(createElement(WaftpayCheckout, { mode, lang: 'fr', createSession })));
    const server = read(
      renderCheckoutMarkup({ onDemand: true, mode, lang: 'fr', payText: 'Payer avec Waftpay' }),
    );
    assert.deepEqual(react[0].attributes, { ...server[0].attributes, 'defer-hydration': '' }, mode);
    assert.deepEqual(react.slice(1), server.slice(1), mode);
  }
  const invalid = read(
    renderToString(createElement(WaftpayCheckout, { checkoutUrl: 'javascript:alert(1)' })),
  );
  assert.deepEqual(
    invalid.map((element) => element.tag),
    ['waftpay-checkout'],
    'no frame, no link',
  );
  assert.equal(globalThis.customElements.get('waftpay-checkout'), undefined);
});
