// The demo as `npm start` runs it: the Waftpay sandbox (unless a real Waftpay is named) and the
// demo shop (its server and the storefront pages, served by Vite from the sources), on two origins.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger, createServer as createViteServer } from 'vite';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { startMerchant, type MerchantOptions, type RunningMerchant } from './server.js';

export interface DemoOptions {
  /** The Bearer token with which the shop's staff may refund orders. Default: none may. */
  readonly adminToken?: string;
  /** The shop's port (0: any free one). */
  readonly port: number;
  /** The local sandbox's port, when it is started. */
  readonly sandboxPort: number;
  /** Where browsers and Waftpay reach the shop, e.g. a tunnel's `https://…` URL. */
  readonly publicUrl?: string;
  /** The shop's SQLite folder (when no `databaseUrl` is given). */
  readonly dataDir: string;
  /** `postgres://…`: keep the orders in PostgreSQL instead (several shop servers may share it). */
  readonly databaseUrl?: string;
  /** The origin Waftpay's checkout pages are served from, for the pages' policy (with a real Waftpay). */
  readonly checkoutOrigin?: string;
  /** How much one number, browser and client may ask (defaults: `defaultLimits`). */
  readonly limits?: MerchantOptions['limits'];
  /** A real Waftpay's base URL; when unset, the local sandbox is started and used. */
  readonly waftpayBaseUrl?: string;
  readonly consumerKey?: string;
  readonly consumerSecret?: string;
  /** The local sandbox's wait between webhook attempts. */
  readonly webhookRetryMs?: number;
  readonly duplicateWebhooks?: boolean;
  readonly log?: (message: string) => void;
  /**
   * Vite's cache of pre-bundled dependencies (default `node_modules/.vite`). A demo started beside
   * another (a test's, the screenshots') needs its own: two dev servers rewrite each other's.
   */
  readonly viteCacheDir?: string;
}

export interface RunningDemo {
  readonly shop: RunningMerchant;
  readonly sandbox?: RunningSandbox;
  /** The Waftpay API the shop talks to. */
  readonly waftpayBaseUrl: string;
  close(): Promise<void>;
}

/**
 * Where the shop keeps its orders unless told otherwise: in the user's home, outside the
 * repository, which the dev server serves (customers' phone numbers must never be a URL away).
 */
export function defaultDataDir(): string {
  return join(homedir(), '.waftpay-checkout-demo');
}

/** Vite's logger, writing its warnings and errors (such as a refused file) to `log` when given. */
function pagesLogger(log: ((message: string) => void) | undefined) {
  const logger = createLogger('warn');
  if (log) {
    logger.warn = (message) => log(message);
    logger.warnOnce = (message) => log(message);
    logger.error = (message) => log(message);
  }
  return logger;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  // A tunnel's host (the README's set-up for Waftpay's own sandbox) must get past Vite's host check.
  const publicHost = options.publicUrl ? new URL(options.publicUrl).hostname : undefined;
  let sandbox: RunningSandbox | undefined;
  if (!options.waftpayBaseUrl) {
    sandbox = await startSandbox({
      port: options.sandboxPort,
      host: 'localhost',
      webhookRetryMs: options.webhookRetryMs,
      duplicateWebhooks: options.duplicateWebhooks,
      webhookHosts: publicHost ? [publicHost] : [],
      log: options.log,
    });
  }
  const waftpayBaseUrl = options.waftpayBaseUrl ?? (sandbox as RunningSandbox).apiBaseUrl;
  const root = resolve(import.meta.dirname, '../..');
  try {
    const pages = await createViteServer({
      root,
      server: {
        middlewareMode: true,
        hmr: false,
        ws: false,
        ...(publicHost ? { allowedHosts: [publicHost] } : {}),
        // Vite's own refusals, and the orders' folder wherever it is: inside the repository it
        // would otherwise be a page like any other (dot segments the shop refuses before Vite).
        fs: { deny: ['.env', '.env.*', '*.{crt,pem}', '**/.git/**', `${resolve(options.dataDir)}/**`] },
      },
      appType: 'mpa',
      logLevel: 'warn',
      customLogger: pagesLogger(options.log),
      // Out of any dot folder: the shop serves no path with a dot segment, and the browser loads
      // the pre-bundled dependencies from here.
      cacheDir: options.viteCacheDir ?? resolve(root, 'node_modules', 'vite-demo-cache'),
      // Every page's dependencies (lit, React, Vue) found before the first page is served:
      // one found later would be bundled again, and pages already loaded, which no dev client can
      // reload here, would be left with modules that are gone.
      optimizeDeps: { entries: ['index.html', 'demo/react/index.html', 'demo/vue/index.html'] },
      plugins: [
        {
          // With hot reloading off there is no WebSocket server, but Vite still writes its client
          // into every page, where it fails to connect and throws: every page load would show an
          // uncaught error that is not the shop's. Nothing in the pages needs that client.
          name: 'demo-pages-without-the-dev-client',
          transformIndexHtml: {
            order: 'post',
            handler: (html) => html.replace(/<script type="module" src="\/@vite\/client"><\/script>\s*/, ''),
          },
        },
      ],
    });
    try {
      const shop = await startMerchant({
        port: options.port,
        host: '127.0.0.1',
        publicUrl: options.publicUrl,
        dataDir: options.dataDir,
        databaseUrl: options.databaseUrl,
        limits: options.limits,
        waftpay: {
          baseUrl: waftpayBaseUrl,
          consumerKey: options.consumerKey ?? 'demo-shop',
          consumerSecret: options.consumerSecret ?? 'demo-secret',
        },
        pages: pages.middlewares,
        log: options.log,
        sandboxPhonesUrl: sandbox ? `${sandbox.origin}/phone/` : undefined,
        // With a real Waftpay whose checkout origin is not named, any https origin may be framed.
        checkoutOrigins: [sandbox?.origin ?? options.checkoutOrigin ?? 'https:'],
        adminToken: options.adminToken,
      });
      return {
        shop,
        sandbox,
        waftpayBaseUrl,
        close: async () => {
          await Promise.allSettled([shop.close(), sandbox?.close(), pages.close()]);
        },
      };
    } catch (error) {
      await pages.close();
      throw error;
    }
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}
