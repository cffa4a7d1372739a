// Three real origins for the end-to-end tests, from one process:
//   merchant  http://127.0.0.1:$MERCHANT_PORT  the shop: test pages, the built bundles, return pages,
//             a page rendered with renderCheckoutMarkup (server-rendered-page.mjs), a React
//             page rendered on the server and hydrated (react-ssr-page.mjs)
//   checkout  http://localhost:$CHECKOUT_PORT  hosted pages: plain (no protocol) and protocol-speaking
//   intruder  http://127.0.0.1:$INTRUDER_PORT  pages that attack the other two
// Each serves only its own folders. HTML may name the origins as %MERCHANT_ORIGIN%,
// %CHECKOUT_ORIGIN% and %INTRUDER_ORIGIN%, and a hosted page how often its ?session= was
// served as %LOADS% (a page's own storage may not survive its renderer crashing).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { servePayments } from './payments.mjs';
import { servePlainHostedPage } from './plain-hosted-page.mjs';
import { serveReactSsrPage } from './react-ssr-page.mjs';
import { serveHold, serveServerRenderedPage } from './server-rendered-page.mjs';

const merchantPort = Number(process.env.MERCHANT_PORT ?? 4311);
/** The strict policy a careful shop serves; the README gives it to merchants. */
const strictPolicy = (checkoutOrigin, { frameSelf = false } = {}) =>
  [
    "default-src 'self'",
    `frame-src ${frameSelf ? "'self' " : ''}${checkoutOrigin}`,
    `connect-src 'self' ${checkoutOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
const checkoutPort = Number(process.env.CHECKOUT_PORT ?? 4312);
const intruderPort = Number(process.env.INTRUDER_PORT ?? 4313);
const origins = {
  '%MERCHANT_ORIGIN%': `http://127.0.0.1:${merchantPort}`,
  '%CHECKOUT_ORIGIN%': `http://localhost:${checkoutPort}`,
  '%INTRUDER_ORIGIN%': `http://127.0.0.1:${intruderPort}`,
};

const root = resolve(import.meta.dirname, '../..');
const pages = resolve(root, 'test/e2e/pages');
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

/** A request handler serving `mounts` (URL prefix → folder), and nothing else. */
function staticFiles(mounts, variables = () => ({})) {
  return async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://any').pathname);
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (!path.startsWith(prefix)) continue;
      const file = resolve(folder, `.${path.slice(prefix.length - 1)}`);
      if (!file.startsWith(folder + sep)) break;
      try {
        let body = await readFile(file);
        if (extname(file) === '.html') {
          const values = { ...origins, ...variables(request) };
          body = body.toString().replace(/%[A-Z_]+%/g, (name) => values[name] ?? name);
        }
        response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        return response.end(body);
      } catch {
        break;
      }
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
}

const dist = resolve(root, 'dist');
// The benchmarks' pages (npm run bench) live on the shop's origin too.
const serveMerchant = staticFiles({
  '/dist/': dist,
  '/pages/': resolve(pages, 'merchant'),
  '/bench/': resolve(root, 'bench/pages'),
});
const loadsBySession = new Map();
const serveCheckout = staticFiles(
  {
    '/dist/': dist,
    '/hosted/': resolve(pages, 'hosted'),
    '/bench/': resolve(root, 'bench/pages'),
  },
  (request) => {
    const session = new URL(request.url, 'http://checkout').searchParams.get('session') ?? '';
    const loads = (loadsBySession.get(session) ?? 0) + 1;
    loadsBySession.set(session, loads);
    return { '%LOADS%': String(loads) };
  },
);
const serveIntruder = staticFiles({ '/intruder/': resolve(pages, 'intruder') });

/**
 * What each origin was asked for, in order, so that a test checks what the servers saw as well as
 * what the page shows: `GET /__served` on the merchant origin answers with the list (bounded).
 */
const served = [];
function record(origin, request) {
  if (served.length >= 10_000) served.shift();
  served.push({ origin, method: request.method, path: request.url });
}

createServer(async (request, response) => {
  if (request.url === '/health') return response.end('ok');
  if (request.url === '/__served') {
    response.writeHead(200, { 'content-type': 'application/json' });
    return response.end(JSON.stringify(served));
  }
  record('merchant', request);
  if (request.url.startsWith('/pages/strict.html')) {
    // ?frame-self: the policy a shop needs for a frame landing on its own return page.
    const frameSelf = new URL(request.url, 'http://shop').searchParams.has('frame-self');
    response.setHeader('content-security-policy', strictPolicy(origins['%CHECKOUT_ORIGIN%'], { frameSelf }));
  }
  if (serveHold(request, response)) return;
  const policy = strictPolicy(origins['%CHECKOUT_ORIGIN%']);
  if (await serveServerRenderedPage(request, response, { strictPolicy: policy })) return;
  if (await serveReactSsrPage(request, response)) return;
  void serveMerchant(request, response);
}).listen(merchantPort, '127.0.0.1');
createServer((request, response) => {
  record('checkout', request);
  const url = new URL(request.url, 'http://checkout');
  // A hosted page whose server never answers.
  if (url.pathname === '/hang') return;
  // ?refuse-framing: the page may not be framed by anyone, as many payment pages do.
  if (url.searchParams.has('refuse-framing'))
    response.setHeader('content-security-policy', "frame-ancestors 'none'");
  if (servePayments(request, response, loadsBySession)) return;
  if (!servePlainHostedPage(request, response)) void serveCheckout(request, response);
}).listen(checkoutPort, 'localhost');
createServer((request, response) => {
  record('intruder', request);
  void serveIntruder(request, response);
}).listen(intruderPort, '127.0.0.1');

console.log(Object.values(origins).join('  '));
