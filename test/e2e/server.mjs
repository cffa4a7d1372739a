// Two real origins for the end-to-end tests, from one process:
//   merchant  http://127.0.0.1:$MERCHANT_PORT  the shop: test pages, the built bundle, return pages
//   checkout  http://localhost:$CHECKOUT_PORT  the hosted page (plain: it speaks no protocol)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { servePlainHostedPage } from '../../demo/plain-hosted-page.mjs';

export const merchantPort = Number(process.env.MERCHANT_PORT ?? 4311);
export const checkoutPort = Number(process.env.CHECKOUT_PORT ?? 4312);

const root = resolve(import.meta.dirname, '../..');
/** URL prefix → folder. Nothing else of the repository is served. */
const mounts = {
  '/dist/': resolve(root, 'dist'),
  '/pages/': resolve(root, 'test/e2e/pages'),
};
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.map': 'application/json' };

async function serveFile(request, response) {
  const path = decodeURIComponent(new URL(request.url, 'http://merchant').pathname);
  for (const [prefix, folder] of Object.entries(mounts)) {
    if (!path.startsWith(prefix)) continue;
    const file = resolve(folder, `.${path.slice(prefix.length - 1)}`);
    if (!file.startsWith(folder + sep)) break;
    try {
      let body = await readFile(file);
      // Test pages name the other origin without knowing its port.
      if (extname(file) === '.html') {
        body = body.toString().replaceAll('%CHECKOUT_ORIGIN%', `http://localhost:${checkoutPort}`);
      }
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      return response.end(body);
    } catch {
      break;
    }
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
}

const merchant = createServer((request, response) => {
  if (request.url === '/health') return response.end('ok');
  void serveFile(request, response);
});
const checkout = createServer((request, response) => {
  if (!servePlainHostedPage(request, response)) response.writeHead(404).end('not found');
});

merchant.listen(merchantPort, '127.0.0.1');
checkout.listen(checkoutPort, 'localhost');
console.log(`merchant http://127.0.0.1:${merchantPort}  checkout http://localhost:${checkoutPort}`);
