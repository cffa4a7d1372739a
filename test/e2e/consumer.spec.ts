import { expect, test } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { checkoutUrl } from './origins.js';

// What proves the published package works: `npm pack` it, install the tarball in a fresh app (as
// a shop would), build that app with Vite, and use every entry in a real browser.

const root = resolve(import.meta.dirname, '../..');
let server: Server;
let url: string;
/** The shop's folder, with the packed package installed. */
let app: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'waftpay-consumer-'));
  // dist/ is built already; packing must not rebuild it (`prepare`) under the other tests' feet.
  const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop() as string;
  app = join(work, 'shop');
  mkdirSync(join(app, 'src'), { recursive: true });
  const versions = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'a-shop',
      private: true,
      type: 'module',
      dependencies: {
        'waftpay-checkout': `file:${join(work, tarball)}`,
        react: versions.react,
        'react-dom': versions['react-dom'],
      },
    }),
  );
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
  });
  writeFileSync(
    join(app, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title></head><body><div id="root"></div><script type="module" src="/src/main.js"></script></body></html>',
  );
  writeFileSync(
    join(app, 'src/main.js'),
    `import 'waftpay-checkout';
import { WaftpayCheckoutElement, WaftpayErrorCode } from 'waftpay-checkout/element';
import { connectToMerchant } from 'waftpay-checkout/host';
import { WaftpayCheckout } from 'waftpay-checkout/react';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const merchant = connectToMerchant({ merchantOrigins: ['https://shop.example'] });
window.results = {
  defined: customElements.get('waftpay-checkout') === WaftpayCheckoutElement,
  errorCodes: Object.values(WaftpayErrorCode).length,
  hostReady: 'waiting',
};
merchant.ready.then(() => (window.results.hostReady = 'resolved'));
createRoot(document.getElementById('root')).render(
  createElement(WaftpayCheckout, {
    checkoutUrl: ${JSON.stringify(checkoutUrl('consumer'))},
    onReady: () => (window.results.reactReady = true),
  }),
);
`,
  );
  await build({ root: app, configFile: false, logLevel: 'silent', build: { outDir: join(app, 'dist') } });
  const dist = join(app, 'dist');
  const files = new Set(readdirSync(join(dist, 'assets')).map((name) => `/assets/${name}`));
  server = createServer((request, response) => {
    const path = request.url === '/' ? '/index.html' : (request.url ?? '');
    if (path !== '/index.html' && !files.has(path)) return void response.writeHead(404).end();
    const type = extname(path) === '.html' ? 'text/html' : 'text/javascript';
    response.writeHead(200, { 'content-type': type }).end(readFileSync(join(dist, path)));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

test('the packed package, installed and built by Vite: every entry works in the browser', async ({
  page,
}) => {
  // A cold page of a fresh build: on a busy machine its first load alone can take seconds.
  test.setTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await expect
    .poll(() =>
      page.evaluate(() => (window as never as { results: { reactReady?: boolean } }).results?.reactReady),
    )
    .toBe(true);
  const results = await page.evaluate(
    () => (window as never as { results: Record<string, unknown> }).results,
  );
  // The built module, by path: its types do not exist until the build, which runs after type checks.
  const built = (await import(pathToFileURL(join(root, 'dist/element.js')).href)) as {
    WaftpayErrorCode: Record<string, string>;
  };
  const { WaftpayErrorCode } = built;
  expect(results).toEqual({
    defined: true,
    errorCodes: Object.keys(WaftpayErrorCode).length,
    hostReady: 'waiting',
    reactReady: true,
  });
  await expect(page.locator('waftpay-checkout')).toHaveAttribute('status', 'ready');
  expect(errors).toEqual([]);
});

test('the packed package on a shop’s server: createWaftpayClient creates a checkout against npx waftpay-sandbox', async () => {
  test.setTimeout(60_000);
  // The shop's server code, as a merchant writes it: the package's server entry and nothing else.
  writeFileSync(
    join(app, 'checkout.mjs'),
    `import { createWaftpayClient } from 'waftpay-checkout/server';
const waftpay = createWaftpayClient({ baseUrl: process.argv[2], consumerKey: 'shop', consumerSecret: 'secret' });
const reference = 'CHK-' + Date.now();
const created = await waftpay.createCheckout({
  customer: { first_name: 'Amina' },
  timestamp: new Date().toISOString(),
  checkout_reference: reference,
  msisdn: '254711223344',
  country: 'KEN',
  currency: 'KES',
  amount: 1750,
  callback_url: 'http://127.0.0.1:9/webhooks/waftpay',
  success_redirect_url: 'https://shop.example/thanks',
  fail_redirect_url: 'https://shop.example/sorry',
});
const query = await waftpay.queryPayment({ transaction_reference: reference });
console.log(JSON.stringify({ reference, checkoutUrl: created.checkoutUrl, expiresAt: created.expiresAt, state: query.found && query.payment.state }));
`,
  );
  // The bin installed with the package, started as its README says (its own process group, to stop it whole).
  const sandbox = spawn('npx', ['waftpay-sandbox', '--port', '0'], {
    cwd: app,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  try {
    let output = '';
    const baseUrl = await new Promise<string>((found, failed) => {
      const read = (chunk: Buffer) => {
        output += String(chunk);
        const match = /API base URL: (http:\/\/\S+\/api)/.exec(output);
        if (match) found(match[1]);
      };
      sandbox.stdout.on('data', read);
      sandbox.stderr.on('data', read);
      sandbox.on('exit', (code) => failed(new Error(`waftpay-sandbox exited (${code}): ${output}`)));
    });
    const result = JSON.parse(
      execFileSync('node', ['checkout.mjs', baseUrl], { cwd: app, encoding: 'utf8' }),
    ) as {
      reference: string;
      checkoutUrl: string;
      expiresAt: string;
      state: string;
    };
    expect(result.checkoutUrl.startsWith(`${new URL(baseUrl).origin}/checkout/`)).toBe(true);
    expect(Number.isNaN(Date.parse(result.expiresAt))).toBe(false);
    expect(result.state).toBe('processing');
    const page = await fetch(result.checkoutUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors https://shop.example');
  } finally {
    if (sandbox.pid) process.kill(-sandbox.pid, 'SIGTERM');
  }
});
