// The shop side of the browser benchmarks; bench/browser.mjs drives these functions.
const stage = document.querySelector('#stage');
const now = () => performance.timeOrigin + performance.now();

function insert(kind, url) {
  const node = document.createElement(kind === 'element' ? 'waftpay-checkout' : 'iframe');
  if (kind === 'element') node.setAttribute('checkout-url', url);
  else node.src = url;
  stage.append(node);
  return node;
}

/** Resolves when `node` shows its page: the element's waftpay-ready, or the iframe's load. */
function shown(node) {
  return new Promise((resolve) =>
    node.addEventListener(node.localName === 'iframe' ? 'load' : 'waftpay-ready', resolve, { once: true }),
  );
}

/** 2. Milliseconds from inserting the node to the browser starting the hosted page's request. */
window.firstRequest = async (kind, url) => {
  const started = performance.now();
  const node = insert(kind, url);
  await shown(node);
  const entry = performance.getEntriesByName(url).at(-1);
  node.remove();
  performance.clearResourceTimings();
  return entry ? entry.startTime - started : NaN;
};

/** 3. Inserts `count` nodes and resolves when all show their page. */
window.insertMany = async (kind, count, url) => {
  const nodes = Array.from({ length: count }, (_, i) => insert(kind, `${url}&n=${i}`));
  await Promise.all(nodes.map(shown));
};
window.clear = () => stage.replaceChildren();

/** 4. One session: resolves once its page has connected; its success is timed by the listener. */
window.latencies = [];
window.session = async (url) => {
  stage.replaceChildren();
  const node = insert('element', url);
  node.addEventListener('waftpay-success', (event) =>
    window.latencies.push(now() - Number(event.result.description)),
  );
  await shown(node);
};

/** 4, baseline: a raw postMessage from the checkout origin, checked as a careful page would. */
window.rawLatencies = [];
window.addEventListener('message', (event) => {
  const frame = stage.querySelector('iframe');
  if (!frame || event.source !== frame.contentWindow || !event.origin.startsWith('http://localhost')) return;
  if (typeof event.data?.t === 'number') window.rawLatencies.push(now() - event.data.t);
});

/** 5. `count` cycles of insert → ready → remove. */
window.cycles = async (count, url) => {
  for (let i = 0; i < count; i++) {
    const node = insert('element', `${url}&cycle=${i}`);
    await shown(node);
    node.remove();
  }
};
