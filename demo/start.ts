// `npm start`: the Waftpay sandbox and the demo shop (its server and storefront page), on two
// origins as in production. Point WAFTPAY_BASE_URL at Waftpay's own sandbox to use it instead
// (then WAFTPAY_CONSUMER_KEY/SECRET, and a PUBLIC_URL Waftpay can reach for webhooks).
import { resolve } from 'node:path';
import { createServer as createViteServer } from 'vite';
import { startSandbox, type RunningSandbox } from '../sandbox/server.js';
import { startMerchant } from './merchant/server.js';

const env = process.env;
const shopPort = Number(env.PORT ?? 5173);
const sandboxPort = Number(env.SANDBOX_PORT ?? 5174);

let sandbox: RunningSandbox | undefined;
if (!env.WAFTPAY_BASE_URL) {
  sandbox = await startSandbox({
    port: sandboxPort,
    host: 'localhost',
    webhookRetryMs: env.WEBHOOK_RETRY_MS ? Number(env.WEBHOOK_RETRY_MS) : undefined,
    duplicateWebhooks: env.DUPLICATE_WEBHOOKS === '1',
  });
}
const pages = await createViteServer({
  root: resolve(import.meta.dirname, '..'),
  server: { middlewareMode: true, hmr: false },
  appType: 'mpa',
  logLevel: 'warn',
});
const shop = await startMerchant({
  port: shopPort,
  host: '127.0.0.1',
  publicUrl: env.PUBLIC_URL,
  dataDir: env.DATA_DIR ?? resolve(import.meta.dirname, '../.data'),
  waftpay: {
    baseUrl: env.WAFTPAY_BASE_URL ?? (sandbox as RunningSandbox).apiBaseUrl,
    consumerKey: env.WAFTPAY_CONSUMER_KEY ?? 'demo-shop',
    consumerSecret: env.WAFTPAY_CONSUMER_SECRET ?? 'demo-secret',
  },
  pages: pages.middlewares,
});

console.log(`
  Demo storefront   ${shop.publicUrl}/
  Waftpay API       ${env.WAFTPAY_BASE_URL ?? `${sandbox?.apiBaseUrl} (local sandbox)`}

  Ctrl-C stops everything.
`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([shop.close(), sandbox?.close(), pages.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
