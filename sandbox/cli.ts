// `waftpay-sandbox [--port N]`: Waftpay's API, hosted checkout page and webhooks, on this machine.
import { parseArgs } from 'node:util';
import { startSandbox, testNumbers } from './server.js';

const usage = `Usage: waftpay-sandbox [options]

  --port <n>              port to listen on (also PORT; default 5174)
  --host <name>           interface to listen on (default localhost)
  --webhook-retry-ms <n>  wait between webhook attempts (default 60000)
  --duplicate-webhooks    deliver every webhook twice, to test your deduplication
  --webhook-host <name>   a host callback_url may name besides this machine's (repeatable; * for any)
  --throttle <n>          at most n API requests per second per client, then 429 (default: no limit)
  --help                  show this

Environment: WAFTPAY_SANDBOX_CONSUMER_KEY and WAFTPAY_SANDBOX_CONSUMER_SECRET pin the only
credentials that get a token (by default any non-empty pair does). Tokens are for one product:
keys starting payouts or remittance get those products' tokens, any other key a Collections token
(what Checkout and status queries need).`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    console.error(`waftpay-sandbox: ${name} must be a whole number, got "${value}"\n\n${usage}`);
    process.exit(2);
  }
  return parsed;
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'webhook-retry-ms': { type: 'string' },
      'duplicate-webhooks': { type: 'boolean' },
      'webhook-host': { type: 'string', multiple: true },
      throttle: { type: 'string' },
      help: { type: 'boolean' },
    },
  }).values;
} catch (error) {
  console.error(`waftpay-sandbox: ${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}

const { WAFTPAY_SANDBOX_CONSUMER_KEY: consumerKey, WAFTPAY_SANDBOX_CONSUMER_SECRET: consumerSecret } =
  process.env;
const sandbox = await startSandbox({
  port: number(args.port ?? process.env.PORT, '--port'),
  host: args.host,
  webhookRetryMs: number(args['webhook-retry-ms'], '--webhook-retry-ms'),
  duplicateWebhooks: args['duplicate-webhooks'],
  webhookHosts: args['webhook-host'],
  throttlePerSecond: number(args.throttle, '--throttle'),
  credentials: consumerKey && consumerSecret ? { consumerKey, consumerSecret } : undefined,
});

console.log(`Waftpay sandbox API base URL: ${sandbox.apiBaseUrl}

  Test phone numbers (msisdn):
    ${testNumbers.succeeds}  succeeds at once
    ${testNumbers.declines}  is declined
    ${testNumbers.staysPending}  stays pending until the session expires
    ${testNumbers.succeedsLater}  succeeds after a few seconds of pending
    any other             waits for the buttons on the hosted page
`);

const stop = (): void => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
