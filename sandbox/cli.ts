// `waftpay-sandbox [--port N]`: Waftpay's API, hosted checkout page and webhooks, on this machine.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SandboxError } from './errors.js';
import { startSandbox, testNumbers, type WebhookStatuses } from './server.js';

const usage = `Usage: waftpay-sandbox [options]

  --port <n>              port to listen on (also PORT; default 5174)
  --host <name>           interface to listen on (default localhost)
  --webhook-retry-ms <n>  wait between webhook attempts (default 60000)
  --duplicate-webhooks    deliver every webhook twice, to test your deduplication
  --webhooks <which>      final (outcomes only), pending (also PENDING, ESCALATED; the default)
                          or all (also CREATED)
  --faults <file.json>    misbehave on purpose, for every merchant (the setting of
                          PUT /api/sandbox/v1/faults: webhooks dropped, duplicated, delayed,
                          reordered; status query and token errors, timeouts, slowness; throttling)
  --fee-percent <n>       Waftpay's fee, a share of each payment (default 0)
  --fee-fixed <n>         Waftpay's fee, a fixed amount per payment (default 0)
  --webhook-host <name>   a host callback_url may name besides this machine's (repeatable; * for any)
  --throttle <n>          at most n API requests per second per client, then 429 (default: no limit)
  --help                  show this

Environment: WAFTPAY_SANDBOX_CONSUMER_KEY and WAFTPAY_SANDBOX_CONSUMER_SECRET pin the only
credentials that get a token (by default any non-empty pair does, and a consumer key keeps the
secret it was first used with). Tokens are for one product:
keys starting payouts or remittance get those products' tokens, any other key a Collections token
(what Checkout and status queries need).`;

function refuse(problem: string): never {
  console.error(`waftpay-sandbox: ${problem}\n\n${usage}`);
  process.exit(2);
}

function number(value: string | undefined, name: string, whole = true): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!(whole ? Number.isInteger(parsed) : Number.isFinite(parsed)) || parsed < 0 || value.trim() === '')
    refuse(`${name} must be a${whole ? ' whole' : ''} number from 0, got "${value}"`);
  return parsed;
}

/** The fault setting in `file`, read as JSON (its checks are the sandbox's own, at start). */
function faultsFrom(file: string | undefined): unknown {
  if (file === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    refuse(`--faults ${file}: ${(error as Error).message}`);
  }
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
      webhooks: { type: 'string' },
      faults: { type: 'string' },
      'fee-percent': { type: 'string' },
      'fee-fixed': { type: 'string' },
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
if (args.webhooks !== undefined && !['final', 'pending', 'all'].includes(args.webhooks))
  refuse(`--webhooks must be final, pending or all, got "${args.webhooks}"`);
let sandbox;
try {
  sandbox = await startSandbox({
    port: number(args.port ?? process.env.PORT, '--port'),
    host: args.host,
    webhookRetryMs: number(args['webhook-retry-ms'], '--webhook-retry-ms'),
    duplicateWebhooks: args['duplicate-webhooks'],
    webhookStatuses: args.webhooks as WebhookStatuses | undefined,
    webhookHosts: args['webhook-host'],
    throttlePerSecond: number(args.throttle, '--throttle'),
    faults: faultsFrom(args.faults),
    fees: {
      percent: number(args['fee-percent'], '--fee-percent', false),
      fixed: number(args['fee-fixed'], '--fee-fixed', false),
    },
    credentials: consumerKey && consumerSecret ? { consumerKey, consumerSecret } : undefined,
  });
} catch (error) {
  if (error instanceof SandboxError)
    refuse(`--faults: ${error.param ? `${error.param}: ` : ''}${error.message}`);
  if (error instanceof TypeError) refuse(error.message);
  throw error;
}

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
