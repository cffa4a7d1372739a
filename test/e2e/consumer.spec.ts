import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
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

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'waftpay-consumer-'));
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop() as string;
  const app = join(work, 'shop');
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
