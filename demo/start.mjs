// `npm start`: the demo storefront (Vite, from the sources) and a stand-in hosted checkout page,
// on two different origins as in production. Ctrl-C stops both.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createViteServer } from 'vite';
import { servePlainHostedPage } from './plain-hosted-page.mjs';

const shopPort = Number(process.env.PORT ?? 5173);
const checkoutPort = Number(process.env.CHECKOUT_PORT ?? 5174);
const checkoutOrigin = `http://localhost:${checkoutPort}`;
// Read by demo/storefront.ts through import.meta.env.
process.env.VITE_CHECKOUT_ORIGIN = checkoutOrigin;

const hostedPage = createHttpServer((request, response) => {
  if (!servePlainHostedPage(request, response)) response.writeHead(404).end('not found');
});
await new Promise((resolve, reject) => {
  hostedPage.once('error', reject);
  hostedPage.listen(checkoutPort, 'localhost', resolve);
});

const shop = await createViteServer({
  server: { host: '127.0.0.1', port: shopPort, strictPort: true },
  clearScreen: false,
  logLevel: 'warn',
});
await shop.listen();

console.log(`
  Demo storefront   http://127.0.0.1:${shopPort}/
  Hosted checkout   ${checkoutOrigin}/checkout/<id>   (stand-in: speaks no protocol)

  Ctrl-C stops both.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  hostedPage.closeAllConnections();
  hostedPage.close();
  await shop.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
