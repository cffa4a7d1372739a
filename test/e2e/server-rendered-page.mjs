// The shop's checkout page as a shop's server renders it with waftpay-checkout/server: the
// element's markup, its frame inside, written into the HTML, so the hosted page loads while the
// page is parsed. Served on the merchant origin at /server-rendered?checkout-url=…, with:
//   success-redirect-url, fail-redirect-url, expect-handshake, debug: as renderCheckoutMarkup's options;
//   script=late: no drop-in in the HTML (the test brings it when it wants: "the script arrives late");
//   no-timings: the page keeps no resource timings (a shop whose timing buffer is full);
//   hold=<key>: an image the page waits for until POST /release/<key> (its load event waits too);
//   split=<key>: the drop-in is an async script, and the HTML stops after the element's start tag
//     until POST /release/<key>: the element is defined before its frame is parsed;
//   strict: the strict Content Security Policy of a careful shop.
// The page records the element's events into window.__events (record-page-events.js).

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Held responses by key, until released. */
const held = new Map();

/** Resolves when POST /release/<key> has come. */
function released(key) {
  const entry = held.get(key) ?? { released: false, waiting: [] };
  held.set(key, entry);
  return entry.released ? Promise.resolve() : new Promise((resolve) => entry.waiting.push(resolve));
}

/** Handles GET /hold/<key> (answers when released) and POST /release/<key>; false otherwise. */
export function serveHold(request, response) {
  const match = /^\/(hold|release)\/([\w-]{1,64})$/.exec(new URL(request.url, 'http://any').pathname);
  if (!match) return false;
  const [, verb, key] = match;
  if (verb === 'hold') {
    void released(key).then(() =>
      response
        .writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' })
        .end('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'),
    );
    return true;
  }
  const entry = held.get(key) ?? { released: false, waiting: [] };
  held.set(key, { released: true, waiting: [] });
  for (const resolve of entry.waiting) resolve();
  response.writeHead(204).end();
  return true;
}

/** Handles GET /server-rendered; returns false for any other path. */
export async function serveServerRenderedPage(request, response, { strictPolicy }) {
  const url = new URL(request.url, 'http://merchant');
  if (url.pathname !== '/server-rendered') return false;
  // The built server entry, as a shop's server would import it (npm run build comes first).
  const { renderCheckoutMarkup } = await import('../../dist/server.js');
  const query = url.searchParams;
  const origin = `http://${request.headers.host}`;
  let markup;
  try {
    markup = renderCheckoutMarkup({
      checkoutUrl: query.get('checkout-url') ?? '',
      successRedirectUrl: query.get('success-redirect-url') ?? undefined,
      failRedirectUrl: query.get('fail-redirect-url') ?? undefined,
      expectHandshake: query.has('expect-handshake'),
      debug: query.has('debug'),
      pageOrigin: origin,
    });
  } catch (error) {
    response.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    return true;
  }
  const late = query.get('script') === 'late';
  const hold = query.get('hold');
  const split = query.get('split');
  const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  if (query.has('strict')) headers['content-security-policy'] = strictPolicy;
  const script = late
    ? ''
    : `<script type="module"${split ? ' async' : ''} src="/dist/cdn/waftpay-checkout.js"></script>`;
  response.writeHead(200, headers);
  const startTagEnd = markup.indexOf('>') + 1;
  response.write(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shop · checkout (server-rendered)</title>
${query.has('no-timings') ? '<script src="/pages/no-resource-timings.js"></script>' : ''}
${script}
<link rel="stylesheet" href="/pages/server-rendered.css">
</head>
<body>
<h1>Your order</h1>
${hold ? `<img src="/hold/${escapeHtml(hold)}" alt="">` : ''}
${markup.slice(0, startTagEnd)}`);
  if (split) await released(split);
  response.end(`${markup.slice(startTagEnd)}
${late ? '' : '<script type="module" src="/pages/record-page-events.js"></script>'}
</body>
</html>`);
  return true;
}
