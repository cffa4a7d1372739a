// `npm start`: the Waftpay sandbox and the demo shop (its server and storefront page), on two
// origins as in production. Point WAFTPAY_BASE_URL at Waftpay's own sandbox to use it instead
// (then WAFTPAY_CONSUMER_KEY/SECRET, and a PUBLIC_URL Waftpay can reach for webhooks).
// DATABASE_URL=postgres://… keeps the orders in PostgreSQL instead of SQLite. SHOP_ADMIN_TOKEN lets
// the shop's staff refund orders (POST /api/orders/<id>/refund with it as a Bearer token).
import { defaultDataDir, startDemo, type RunningDemo } from './merchant/demo.js';
import { defaultLimits } from './merchant/server.js';

const env = process.env;
const shopPort = Number(env.PORT ?? 5173);
const sandboxPort = Number(env.SANDBOX_PORT ?? 5174);

let demo: RunningDemo;
try {
  demo = await startDemo({
    port: shopPort,
    sandboxPort,
    publicUrl: env.PUBLIC_URL,
    dataDir: env.DATA_DIR ?? defaultDataDir(),
    databaseUrl: env.DATABASE_URL,
    checkoutOrigin: env.WAFTPAY_CHECKOUT_ORIGIN,
    limits: env.OPEN_ORDERS_PER_NUMBER
      ? { orders: { ...defaultLimits.orders, openPerNumber: Number(env.OPEN_ORDERS_PER_NUMBER) } }
      : undefined,
    waftpayBaseUrl: env.WAFTPAY_BASE_URL,
    consumerKey: env.WAFTPAY_CONSUMER_KEY,
    consumerSecret: env.WAFTPAY_CONSUMER_SECRET,
    webhookRetryMs: env.WEBHOOK_RETRY_MS ? Number(env.WEBHOOK_RETRY_MS) : undefined,
    duplicateWebhooks: env.DUPLICATE_WEBHOOKS === '1',
    adminToken: env.SHOP_ADMIN_TOKEN,
  });
} catch (error) {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code !== 'EADDRINUSE') throw error;
  const variable = port === sandboxPort ? 'SANDBOX_PORT' : 'PORT';
  console.error(
    `npm start: port ${port} is in use; set ${variable} to a free port (e.g. ${variable}=${Number(port) + 10} npm start).`,
  );
  process.exit(1);
}

console.log(`
  Demo storefront   ${demo.shop.publicUrl}/
  Waftpay API       ${demo.sandbox ? `${demo.waftpayBaseUrl} (local sandbox)` : demo.waftpayBaseUrl}
  Orders kept in    ${env.DATABASE_URL ? `PostgreSQL at ${new URL(env.DATABASE_URL).host}${new URL(env.DATABASE_URL).pathname}` : (env.DATA_DIR ?? defaultDataDir())}

  Ctrl-C stops everything.
`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await demo.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
