// A React shop page rendered on the server with the package's React wrapper (react-dom/server),
// then hydrated in the browser by a bundle of the same app. Served on the merchant origin:
//   GET /react-ssr?checkout-url=…[&success-redirect-url=…][&hydrate=late]
//     hydrate=late: the page has no bundle; the test adds it when it wants ("the script arrives late")
//   GET /react-ssr/hydrate.js: the app's bundle (React in development mode, so that a hydration
//     mismatch is reported on the console)
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const app = resolve(import.meta.dirname, 'pages/react-ssr');
let bundle;

/** The browser bundle, built once with esbuild, the package's React entry taken from dist/. */
async function hydrateBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [resolve(app, 'hydrate.mjs')],
    bundle: true,
    format: 'esm',
    write: false,
    alias: { 'waftpay-checkout/react': resolve(root, 'dist/react.js') },
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

const escapeJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

/** Handles /react-ssr and /react-ssr/hydrate.js; returns false for any other path. */
export async function serveReactSsrPage(request, response) {
  const url = new URL(request.url, 'http://merchant');
  if (url.pathname === '/react-ssr/hydrate.js') {
    bundle ??= hydrateBundle();
    response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    response.end(await bundle);
    return true;
  }
  if (url.pathname !== '/react-ssr') return false;
  const [{ createElement }, { renderToString }, { App }] = await Promise.all([
    import('react'),
    import('react-dom/server'),
    import('./pages/react-ssr/app.mjs'),
  ]);
  const props = {
    checkoutUrl: url.searchParams.get('checkout-url') ?? '',
    successRedirectUrl: url.searchParams.get('success-redirect-url') ?? undefined,
    // The server knows where its page is: the frame is written once its URL is checked against it.
    pageOrigin: `http://${request.headers.host}`,
  };
  const late = url.searchParams.get('hydrate') === 'late';
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shop · checkout (React, rendered on the server)</title>
<link rel="stylesheet" href="/pages/server-rendered.css">
${late ? '' : '<script type="module" src="/react-ssr/hydrate.js"></script>'}
</head>
<body>
<div id="root">${renderToString(createElement(App, props))}</div>
<script type="application/json" id="props">${escapeJson(props)}</script>
</body>
</html>`);
  return true;
}
