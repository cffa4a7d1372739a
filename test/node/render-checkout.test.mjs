// renderCheckoutMarkup(): the element's HTML as the shop's server writes it. Read back with a
// parser that follows the HTML standard (parse5), as a browser would read it: hostile values stay
// values, and the frame carries exactly the attributes the element gives its own.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFragment } from 'parse5';
import { framePermissions, frameReferrerPolicy, frameSandbox } from '../../src/shared/frame-attributes.ts';
import { renderCheckoutMarkup } from '../../src/server/render-checkout.ts';

const checkoutUrl = 'https://pay.example/checkout/OTRk?lang=en&copy=1';
/** The page the markup is written into, as the shop's server knows it. */
const pageOrigin = 'https://shop.example';

/** The parsed markup as plain data: every element, its attributes and text, in document order. */
function read(markup) {
  const elements = [];
  const walk = (node) => {
    if (node.tagName) {
      elements.push({
        tag: node.tagName,
        attributes: Object.fromEntries(node.attrs.map(({ name, value }) => [name, value])),
        text: node.childNodes
          .filter((child) => child.nodeName === '#text')
          .map((child) => child.value)
          .join(''),
        children: node.childNodes.filter((child) => child.tagName).map((child) => child.tagName),
      });
    }
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(parseFragment(markup));
  return elements;
}

test('iframe mode: the element, its frame with exactly the shared attributes, and a link', () => {
  const [host, frame, link, ...rest] = read(renderCheckoutMarkup({ pageOrigin, checkoutUrl }));
  assert.deepEqual(rest, []);
  assert.deepEqual(host, {
    tag: 'waftpay-checkout',
    attributes: { 'checkout-url': checkoutUrl },
    text: '',
    children: ['iframe', 'a'],
  });
  assert.deepEqual(frame.attributes, {
    src: checkoutUrl,
    title: 'Waftpay checkout',
    sandbox: frameSandbox,
    allow: framePermissions,
    referrerpolicy: frameReferrerPolicy,
    slot: 'frame',
  });
  assert.deepEqual(link.attributes, { href: checkoutUrl, referrerpolicy: frameReferrerPolicy });
  assert.equal(link.text, 'Continue on the payment page');
});

test('the shared values are the ones the security review asked for', () => {
  assert.deepEqual(frameSandbox.split(' ').sort(), [
    'allow-forms',
    'allow-popups',
    'allow-popups-to-escape-sandbox',
    'allow-same-origin',
    'allow-scripts',
    'allow-top-navigation-by-user-activation',
  ]);
  assert.equal(framePermissions, 'payment');
  assert.equal(frameReferrerPolicy, 'strict-origin');
});

test('every option becomes the element attribute of the same meaning', () => {
  const [host, frame] = read(
    renderCheckoutMarkup({
      pageOrigin,
      checkoutUrl,
      expiresAt: '2026-03-02T14:08:41.921Z',
      successRedirectUrl: 'https://shop.example/done?order=1',
      failRedirectUrl: 'https://shop.example/failed',
      allowedOrigins: ['https://pay.example', 'https://pay2.example'],
      loadTimeout: 15000,
      expectHandshake: true,
      debug: true,
      label: 'Lipa',
      lang: 'sw',
      tagName: 'shop-checkout',
    }),
  );
  assert.equal(host.tag, 'shop-checkout');
  assert.deepEqual(host.attributes, {
    'checkout-url': checkoutUrl,
    'expires-at': '2026-03-02T14:08:41.921Z',
    'success-redirect-url': 'https://shop.example/done?order=1',
    'fail-redirect-url': 'https://shop.example/failed',
    'allowed-origins': 'https://pay.example https://pay2.example',
    'load-timeout': '15000',
    'expect-handshake': '',
    debug: '',
    label: 'Lipa',
    lang: 'sw',
  });
  assert.equal(frame.attributes.title, 'Lipa');
});

test('overlay, popup and redirect: no frame (nothing loads before the customer acts), only the link', () => {
  for (const mode of ['overlay', 'popup', 'redirect']) {
    const [host, link, ...rest] = read(renderCheckoutMarkup({ pageOrigin, checkoutUrl, mode }));
    assert.deepEqual(rest, [], mode);
    assert.equal(host.attributes.mode, mode);
    assert.deepEqual(host.children, ['a'], mode);
    assert.equal(link.attributes.href, checkoutUrl, mode);
  }
});

test('on demand (createSession): no session, the element and its pay button where it waits for a click', () => {
  for (const mode of ['overlay', 'popup', 'redirect']) {
    const [host, button, ...rest] = read(renderCheckoutMarkup({ onDemand: true, mode, lang: 'sw' }));
    assert.deepEqual(rest, [], mode);
    assert.deepEqual(host.attributes, { mode, lang: 'sw' }, mode);
    assert.deepEqual(host.children, ['button'], mode);
    assert.deepEqual(button.attributes, { type: 'button' }, mode);
    assert.equal(button.text, 'Pay with Waftpay', mode);
  }
  // In a frame, the session is asked for once the element's script runs: nothing before it.
  assert.deepEqual(read(renderCheckoutMarkup({ onDemand: true })), [
    { tag: 'waftpay-checkout', attributes: {}, text: '', children: [] },
  ]);
  // The button's words in the page's language, escaped as every value is.
  const hostile = '</button><img src=x onerror=alert(1)>';
  const [, button, ...rest] = read(renderCheckoutMarkup({ onDemand: true, mode: 'popup', payText: hostile }));
  assert.deepEqual(rest, []);
  assert.equal(button.text, hostile);
  // A session given as well is that session's markup; without onDemand, no URL is still refused.
  assert.equal(read(renderCheckoutMarkup({ onDemand: true, checkoutUrl, pageOrigin }))[1].tag, 'iframe');
  assert.throws(() => renderCheckoutMarkup({ mode: 'popup', pageOrigin }), { code: 'missing-checkout-url' });
  assert.throws(() => renderCheckoutMarkup({ onDemand: true, allowedOrigins: ['*'] }), {
    code: 'invalid-allowed-origins',
  });
});

test('hostile values stay values: no element, attribute or reference escapes them', () => {
  const hostile = [
    '"><script>alert(1)</script>',
    "' onload='alert(1)",
    '" onload="alert(1)',
    '</waftpay-checkout><img src=x onerror=alert(1)>',
    '&quot;&amp;&lt;&#x27;&copy',
    '&copy=1&not',
    '<!-- x --><![CDATA[ y ]]>',
    'line\nbreak\r\nand\rreturns\ttab',
    '{{constructor.constructor("alert(1)")()}}',
    'Malipo ✓ — 💳 ﷽',
  ];
  for (const value of hostile) {
    const elements = read(
      renderCheckoutMarkup({
        pageOrigin,
        checkoutUrl,
        label: value,
        lang: value,
        expiresAt: value,
        linkText: value,
      }),
    );
    assert.deepEqual(
      elements.map((element) => element.tag),
      ['waftpay-checkout', 'iframe', 'a'],
      value,
    );
    const [host, frame, link] = elements;
    assert.deepEqual(Object.keys(host.attributes), ['checkout-url', 'expires-at', 'label', 'lang'], value);
    assert.equal(host.attributes.label, value);
    assert.equal(host.attributes.lang, value);
    assert.equal(host.attributes['expires-at'], value);
    assert.equal(frame.attributes.title, value);
    assert.equal(Object.keys(frame.attributes).length, 6, value);
    assert.equal(link.text, value);
    assert.deepEqual(Object.keys(link.attributes), ['href', 'referrerpolicy'], value);
  }
});

test('any string at all round-trips through the parser (property test)', () => {
  // NUL is the one character HTML cannot carry (the parser replaces it): leave it out.
  const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((value) => !value.includes('\0'));
  const markup = fc.string({ unit: fc.constantFrom(...'<>"\'&=;/ \n\r\tabc#x!-[]'), maxLength: 30 });
  const value = fc.oneof(text, markup);
  fc.assert(
    fc.property(value, value, value, (label, lang, linkText) => {
      const [host, frame, link, ...rest] = read(
        renderCheckoutMarkup({ pageOrigin, checkoutUrl, label, lang, linkText }),
      );
      assert.deepEqual(rest, []);
      assert.equal(host.attributes.label, label);
      assert.equal(host.attributes.lang, lang);
      assert.equal(frame.attributes.title, label);
      assert.equal(link.text, linkText);
    }),
    { numRuns: 2000 },
  );
});

test('URLs are checked as the element checks them: nothing else reaches a src or an href', () => {
  const codeOf = (options) => {
    try {
      renderCheckoutMarkup({ pageOrigin, ...options });
      return 'rendered';
    } catch (error) {
      return error.code ?? error.name;
    }
  };
  for (const bad of [
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://pay.example/1',
    'file:///etc/passwd',
    '/checkout/relative',
    'http://pay.example/checkout/1',
    'https://waftpay.io@evil.example/checkout/1',
  ]) {
    assert.equal(codeOf({ checkoutUrl: bad }), 'invalid-checkout-url', bad);
  }
  assert.equal(codeOf({ checkoutUrl: '' }), 'missing-checkout-url');
  assert.equal(codeOf({ checkoutUrl: 'http://localhost:5174/checkout/1' }), 'rendered');
  assert.equal(codeOf({ checkoutUrl, successRedirectUrl: 'javascript:alert(1)' }), 'invalid-return-url');
  assert.equal(codeOf({ checkoutUrl, failRedirectUrl: '/relative' }), 'invalid-return-url');
  assert.equal(codeOf({ checkoutUrl, allowedOrigins: ['*'] }), 'invalid-allowed-origins');
  assert.equal(codeOf({ checkoutUrl, allowedOrigins: ['https://*.example'] }), 'invalid-allowed-origins');
  assert.equal(codeOf({ checkoutUrl, allowedOrigins: ['http://pay.example'] }), 'invalid-allowed-origins');
  assert.equal(codeOf({ checkoutUrl, allowedOrigins: ['http://localhost:5174'] }), 'rendered');
  assert.equal(codeOf({ checkoutUrl, pageOrigin: 'https://pay.example' }), 'same-origin-checkout-url');
  assert.equal(codeOf({ checkoutUrl, pageOrigin: 'https://pay.example/' }), 'same-origin-checkout-url');
  assert.equal(codeOf({ checkoutUrl, pageOrigin: 'https://shop.example' }), 'rendered');
  assert.equal(codeOf({ checkoutUrl, tagName: 'x-y onload=alert(1)' }), 'RangeError');
  assert.equal(codeOf({ checkoutUrl, tagName: 'div' }), 'RangeError');
});

test('pageOrigin is required: a frame whose URL was not checked against the page is never written', () => {
  const refusal = (options) => {
    try {
      return `rendered ${renderCheckoutMarkup(options)}`;
    } catch (error) {
      return error.code ?? error.name;
    }
  };
  for (const mode of [undefined, 'iframe', 'overlay', 'popup', 'redirect']) {
    assert.equal(refusal({ checkoutUrl, mode }), 'invalid-page-origin', `no pageOrigin, mode ${mode}`);
  }
  for (const bad of [
    '',
    'shop.example',
    'https://shop.example/checkout',
    'null',
    '*',
    'https://*.example',
    42,
  ]) {
    assert.equal(refusal({ checkoutUrl, pageOrigin: bad }), 'invalid-page-origin', String(bad));
  }
  assert.match(refusal({ checkoutUrl, pageOrigin: 'http://127.0.0.1:5173' }), /^rendered /);
  // On demand, a session given is written, so it needs the page's origin as any session does;
  // with no session nothing is written that it could check: optional, and checked when given.
  assert.equal(refusal({ onDemand: true, checkoutUrl }), 'invalid-page-origin');
  assert.match(refusal({ onDemand: true, mode: 'popup' }), /^rendered /);
  assert.equal(refusal({ onDemand: true, mode: 'popup', pageOrigin: '*' }), 'invalid-page-origin');
});

test('a URL is written as the URL parser normalised it, its ampersands escaped', () => {
  const markup = renderCheckoutMarkup({
    pageOrigin,
    checkoutUrl: 'HTTPS://Pay.Example/checkout/a b?q="x"&lang=en',
  });
  assert.match(markup, /src="https:\/\/pay\.example\/checkout\/a%20b\?q=%22x%22&amp;lang=en"/);
  const [, frame] = read(markup);
  assert.equal(frame.attributes.src, 'https://pay.example/checkout/a%20b?q=%22x%22&lang=en');
});
