// The shop's checkout page, as a small real shop would serve it, in each way of showing Waftpay's
// hosted page. Every variant shares the same page around the checkout, so only the checkout differs.
import { framePermissions, frameReferrerPolicy, frameSandbox } from '../src/shared/frame-attributes.ts';
import { renderCheckoutMarkup } from '../src/server/render-checkout.ts';

const escape = (value) => String(value).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const element = (checkoutUrl, mode) =>
  `<waftpay-checkout checkout-url="${escape(checkoutUrl)}"${mode ? ` mode="${escape(mode)}"` : ''}></waftpay-checkout>`;

/**
 * Tells the bench the checkout is shown: when `event` reaches the element just before this script
 * (the frame's `load`, or the element's `waftpay-ready`). A console message reaches the bench
 * through the DevTools protocol without the bench polling the page (which would cost main-thread time).
 */
const shownWhen = (event) => `<script>
  document.currentScript.previousElementSibling.addEventListener('${event}', () => {
    performance.mark('checkout-shown');
    console.debug('checkout-shown');
  }, { once: true });
</script>`;

/**
 * How each page shows the checkout: `head` goes into <head>, `body` where the checkout stands.
 * `script` is the drop-in's URL on the shop's origin.
 */
export const scenarios = {
  /** The baseline: the hosted page in a plain frame written into the HTML. */
  'plain-iframe': ({ checkoutUrl }) => ({
    head: '',
    body: `<iframe src="${escape(checkoutUrl)}" title="Waftpay checkout" sandbox="${frameSandbox}" allow="${framePermissions}" referrerpolicy="${frameReferrerPolicy}"></iframe>${shownWhen('load')}`,
  }),
  /** The drop-in: the bundle as a module script, the element in the HTML. */
  'drop-in': ({ checkoutUrl, script, mode }) => ({
    head: `<script type="module" src="${escape(script)}"></script>`,
    body: `${element(checkoutUrl, mode)}${shownWhen('waftpay-ready')}`,
  }),
  /**
   * The element rendered on the shop's server: the markup of renderCheckoutMarkup() (the frame in
   * the element's light DOM, loading while the HTML parses) with the drop-in, which adopts that
   * frame when it arrives. The bench checks that the hosted page was loaded once.
   */
  'server-rendered': ({ checkoutUrl, script, pageOrigin }) => ({
    head: `<script type="module" src="${escape(script)}"></script>`,
    body: `${renderCheckoutMarkup({ checkoutUrl, pageOrigin })}${shownWhen('waftpay-ready')}`,
  }),
  /**
   * The same, with the drop-in asked for only once the page has loaded (its frame included): the
   * hosted page's files do not share the network with the drop-in's. Nothing is lost by waiting:
   * the element adopts the frame, and hears what its page did before.
   */
  'server-rendered, drop-in after load': ({ checkoutUrl, script, pageOrigin }) => ({
    head: `<script type="module">addEventListener('load', () => import(${JSON.stringify(script).replace(/</g, '\\u003c')}));</script>`,
    body: `${renderCheckoutMarkup({ checkoutUrl, pageOrigin })}${shownWhen('waftpay-ready')}`,
  }),
  /**
   * The lazy-split experiment (bench/lazy-split.mjs): a drop-in `script`, then, as soon as it has
   * run (as when the element learns its mode), `lazyPart` loaded; each moment told to the bench.
   */
  'lazy-probe': ({ checkoutUrl, script, mode, lazyPart }) => ({
    head: `<script type="module" src="${escape(script)}"></script>
<script type="module">
  console.debug('drop-in-ran', performance.now());
  ${lazyPart ? `import(${JSON.stringify(lazyPart).replace(/</g, '\\u003c')}).then(() => console.debug('lazy-part-ready', performance.now()));` : ''}
</script>`,
    body: element(checkoutUrl, mode),
  }),
};

/** The whole page for `scenario`. */
export function shopPage(scenario, options) {
  const { head, body } = scenarios[scenario](options);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout · Duka la Mama Amina</title>
${head}
<style>
  :root { font: 16px/1.5 system-ui, sans-serif; color: #1b1f24; background: #fafaf7; }
  body { margin: 0; }
  header { padding: 12px 20px; background: #0b7a4b; color: #fff; font-weight: 700; }
  main { max-width: 40rem; margin: 0 auto; padding: 20px; }
  table { width: 100%; border-collapse: collapse; margin-bottom: 20px; }
  td { padding: 6px 0; border-bottom: 1px solid #e4e4de; }
  td:last-child { text-align: right; }
  .total td { font-weight: 700; border: 0; }
  iframe { display: block; width: 100%; height: 640px; border: 0; }
</style>
</head>
<body>
<header>Duka la Mama Amina</header>
<main>
<h1>Pay for your order</h1>
<table>
  <tr><td>Unga wa ngano, 2 kg</td><td>KES 230</td></tr>
  <tr><td>Sukari, 1 kg</td><td>KES 180</td></tr>
  <tr><td>Majani ya chai, 250 g</td><td>KES 140</td></tr>
  <tr><td>Delivery to Kilimani</td><td>KES 1,200</td></tr>
  <tr class="total"><td>Total</td><td>KES 1,750</td></tr>
</table>
${body}
<p><a href="/cart">Back to your cart</a></p>
</main>
</body>
</html>`;
}
