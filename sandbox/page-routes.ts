// The sandbox's pages and their own routes: the hosted checkout page (and what its script asks),
// the stand-in phone, their scripts, and the root. These are the sandbox's, not Waftpay's API.
import { readFile } from 'node:fs/promises';
import { SandboxError } from './errors.js';
import { hostedPageHeaders, renderHostedPage, renderUnknownSession } from './hosted-page.js';
import { readJsonObject, sendHtml, sendJson } from './http.js';
import { phonePageHeaders, phoneScreen, renderPhonePage } from './phone.js';
import type { Route, SandboxContext } from './routes.js';
import type { Session } from './sessions.js';
import { testNumbers } from './test-numbers.js';

/** Where the page scripts are: beside the built server, or in dist/ when run from source. */
const assetFolders = [
  new URL('./assets/', import.meta.url),
  new URL('../dist/sandbox/assets/', import.meta.url),
];

async function readAsset(name: string): Promise<Buffer | undefined> {
  for (const folder of assetFolders) {
    try {
      return await readFile(new URL(name, folder));
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

export function pageRoutes(context: SandboxContext): Route[] {
  const { sessions, phones } = context;
  const session = (match: RegExpExecArray): Session => {
    const found = sessions.byToken(match[1]);
    if (!found) throw new SandboxError('notFound', 'No checkout session has that id');
    return found;
  };
  const paymentView = (found: Session) => ({
    state: found.state,
    paidAmount: found.paidAmount,
    transactionReference: found.transactionReference,
    paymentUuid: found.paymentUuid,
  });

  // Session ids are the base64 of a UUID's text, which only ever uses letters and digits.
  return [
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})$/,
      methods: {
        GET: (_request, response, match) => {
          const found = sessions.byToken(match[1]);
          if (!found) return sendHtml(response, 404, renderUnknownSession());
          sendHtml(response, 200, renderHostedPage(found), hostedPageHeaders(found));
        },
      },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})\/state$/,
      methods: { GET: (_request, response, match) => sendJson(response, 200, paymentView(session(match))) },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})\/prompt$/,
      methods: {
        POST: async (request, response, match) => {
          const found = session(match);
          const { amount } = await readJsonObject(request);
          if (amount !== undefined && (typeof amount !== 'number' || !Number.isFinite(amount))) {
            throw new SandboxError('invalidAmount', 'amount must be a number', 'amount');
          }
          sessions.prompt(found, amount as number | undefined);
          sendJson(response, 200, paymentView(found));
        },
      },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})\/phone$/,
      methods: {
        POST: async (request, response, match) => {
          const found = session(match);
          const { approved } = await readJsonObject(request);
          if (typeof approved !== 'boolean')
            throw new SandboxError('invalidValue', 'approved must be true or false', 'approved');
          sessions.answer(found, approved);
          sendJson(response, 200, paymentView(found));
        },
      },
    },
    {
      path: /^\/checkout\/([A-Za-z0-9]{1,64})\/cancel$/,
      methods: {
        POST: async (request, response, match) => {
          const found = session(match);
          await readJsonObject(request);
          sessions.cancel(found);
          sendJson(response, 200, paymentView(found));
        },
      },
    },
    {
      // The sandbox's phone: the prompts sent to one number, answered as on a handset.
      path: /^\/phone\/(\d{9,15})$/,
      methods: {
        GET: (_request, response, match) =>
          sendHtml(response, 200, renderPhonePage(match[1]), phonePageHeaders(sessions.shopsOf(match[1]))),
      },
    },
    {
      path: /^\/phone\/(\d{9,15})\/prompts$/,
      methods: {
        GET: (_request, response, match) => sendJson(response, 200, phoneScreen(sessions, match[1])),
      },
    },
    {
      path: /^\/phone\/(\d{9,15})\/events$/,
      methods: { GET: (_request, response, match) => phones.open(match[1], response) },
    },
    {
      path: /^\/phone\/(\d{9,15})\/prompts\/(\d{1,30})\/(approve|decline)$/,
      methods: {
        POST: async (request, response, match) => {
          const [, msisdn, paymentUuid, answer] = match;
          // A JSON body, as the phone's script sends: another site's page cannot send one unasked.
          await readJsonObject(request);
          const found = sessions.byPaymentUuid(paymentUuid);
          if (!found || found.request.msisdn !== msisdn || found.promptedAt === undefined)
            throw new SandboxError('notFound', 'This phone has no such prompt');
          sessions.answer(found, answer === 'approve');
          sendJson(response, 200, phoneScreen(sessions, msisdn));
        },
      },
    },
    {
      path: /^\/assets\/((?:hosted-page|phone)\.js(?:\.map)?)$/,
      methods: {
        GET: async (_request, response, match) => {
          const body = await readAsset(match[1]);
          if (!body)
            throw new SandboxError(
              'notFound',
              'The sandbox page scripts are not built: run `npm run build`.',
            );
          response.writeHead(200, {
            'content-type': match[1].endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8',
            'cache-control': 'no-cache',
          });
          response.end(body);
        },
      },
    },
    {
      path: /^\/$/,
      methods: {
        GET: (_request, response) =>
          sendJson(response, 200, {
            name: 'waftpay-sandbox',
            api_base_url: `${context.origin()}/api`,
            test_numbers: testNumbers,
          }),
      },
    },
  ];
}
