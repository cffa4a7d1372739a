// The two origins of the first-load benchmarks, both compressing what they serve:
//   the shop      http://127.0.0.1:<shopPort>   its checkout page (bench/shop-pages.mjs) and the drop-in
//   Waftpay       http://localhost:<checkoutPort> the sandbox's real hosted page, behind a compressing proxy
// Each sample gets a fresh checkout session from the sandbox's API, as a shop's server would.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { startSandbox } from '../dist/sandbox/server.js';
import { encodingsOffered, sendCompressed } from './compression.mjs';
import { shopPage } from './shop-pages.mjs';

const types = { '.js': 'text/javascript', '.html': 'text/html; charset=utf-8', '.map': 'application/json' };

/** Reads `path` under `folder`, refusing anything outside it; `undefined` when there is no such file. */
async function fileUnder(folder, path) {
  const file = resolve(folder, `.${path}`);
  if (!file.startsWith(folder + sep)) return undefined;
  return readFile(file).catch(() => undefined);
}

function listen(server, port, host) {
  return new Promise((done, fail) => server.once('error', fail).listen(port, host, done));
}

/**
 * Starts the shop and Waftpay. `files` maps URL prefixes of the shop to folders (the drop-in and
 * any variants built for an experiment).
 */
export async function startFirstLoadOrigins({ shopPort, checkoutPort, files }) {
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', log: () => undefined });
  const shopOrigin = `http://127.0.0.1:${shopPort}`;
  const checkoutOrigin = `http://localhost:${checkoutPort}`;
  let offered = encodingsOffered.brotli;

  const shop = createServer(async (request, response) => {
    const url = new URL(request.url, shopOrigin);
    const send = (body, type, cacheKey) =>
      sendCompressed(request, response, { body, type, offered, cacheKey });
    if (url.pathname === '/shop') {
      const { scenario, ...options } = Object.fromEntries(url.searchParams);
      const page = shopPage(scenario, {
        script: '/dist/cdn/waftpay-checkout.js',
        ...options,
        pageOrigin: shopOrigin,
      });
      return send(page, types['.html']);
    }
    if (url.pathname.startsWith('/return/')) return send('<!doctype html><p>Thank you.</p>', types['.html']);
    for (const [prefix, folder] of Object.entries(files)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const body = await fileUnder(folder, url.pathname.slice(prefix.length - 1));
      if (body)
        return send(
          body,
          types[extname(url.pathname)] ?? 'application/octet-stream',
          `${folder}${url.pathname}`,
        );
    }
    // Browsers ask for a favicon after the page has loaded; answer without a body.
    response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
  });

  // The sandbox does not compress; a real Waftpay would, as a proxy in front of it does here.
  const checkout = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const upstream = await fetch(`${sandbox.origin}${request.url}`, {
      method: request.method,
      headers: { 'content-type': request.headers['content-type'] ?? 'text/plain' },
      body: chunks.length ? Buffer.concat(chunks) : undefined,
      redirect: 'manual',
    });
    const headers = Object.fromEntries(
      [...upstream.headers].filter(
        ([name]) =>
          !/^(content-(length|encoding|type)|transfer-encoding|connection|keep-alive|date)$/.test(name),
      ),
    );
    const body = Buffer.from(await upstream.arrayBuffer());
    const type = upstream.headers.get('content-type') ?? 'application/octet-stream';
    // The hosted page's script is a built file; pages are made per session.
    const cacheKey = request.url.startsWith('/assets/') ? `sandbox${request.url}` : undefined;
    sendCompressed(request, response, { body, type, offered, cacheKey, status: upstream.status, headers });
  });

  await listen(shop, shopPort, '127.0.0.1');
  await listen(checkout, checkoutPort, 'localhost');

  const api = async (path, body, token) => {
    const response = await fetch(`${sandbox.apiBaseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { token } = await api('/authentication-service/v1/api/generate-token', {
    consumer_key: 'bench',
    consumer_secret: 'bench',
  });
  let sessions = 0;

  return {
    shopOrigin,
    checkoutOrigin,
    /** Which encodings the servers offer: 'brotli' (brotli and gzip) or 'gzip' (gzip only). */
    offer(name) {
      offered = encodingsOffered[name];
    },
    /** A new checkout session, as the shop's server creates it; its hosted page is on `checkoutOrigin`. */
    async newCheckoutUrl() {
      const created = await api(
        '/checkout-backend-api/v1/request',
        {
          customer: { first_name: 'Amina' },
          timestamp: new Date().toISOString(),
          checkout_reference: `FIRSTLOAD-${process.pid}-${++sessions}`,
          msisdn: '254712345678',
          country: 'KEN',
          currency: 'KES',
          amount: 1750,
          callback_url: 'http://127.0.0.1:9/webhook',
          success_redirect_url: `${shopOrigin}/return/success`,
          fail_redirect_url: `${shopOrigin}/return/fail`,
        },
        token,
      );
      return created.data.checkout_url.replace(sandbox.origin, checkoutOrigin);
    },
    /** The shop's page showing `checkoutUrl` the way `scenario` does (`options`: see shop-pages.mjs). */
    pageUrl(scenario, options) {
      const url = new URL('/shop', shopOrigin);
      url.searchParams.set('scenario', scenario);
      for (const [name, value] of Object.entries(options)) if (value) url.searchParams.set(name, value);
      return url.href;
    },
    async close() {
      shop.closeAllConnections();
      checkout.closeAllConnections();
      await Promise.all([shop, checkout].map((server) => new Promise((done) => server.close(done))));
      await sandbox.close();
    },
  };
}
