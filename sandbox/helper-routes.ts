// The sandbox's own routes under /api/sandbox/ (Waftpay has nothing like them): what a customer,
// the network or Waftpay's staff would do to a session, the faults on purpose, and what the
// sandbox recorded. Each needs the merchant's Bearer token and acts on that merchant's payments
// only; the ones that change something need a JSON body, which another site's page cannot send
// without asking first (CORS).
import { readFaultSetting } from './fault-setting.js';
import { SandboxError } from './errors.js';
import { readJsonObject, sendJson } from './http.js';
import { recordedPayments } from './recorded.js';
import type { Route, SandboxContext } from './routes.js';
import type { Session } from './sessions.js';
import { stateOf, statusOf } from './status-query.js';

const actions = ['approve', 'decline', 'expire', 'cancel', 'escalate', 'refund', 'reverse'] as const;
type Action = (typeof actions)[number];

function optionalAmount(body: Record<string, unknown>): number | undefined {
  const { amount } = body;
  if (amount !== undefined && (typeof amount !== 'number' || !Number.isFinite(amount)))
    throw new SandboxError('invalidAmount', 'amount must be a number', 'amount');
  return amount as number | undefined;
}

export function helperRoutes(context: SandboxContext): Route[] {
  const { sessions, tokens, faults } = context;
  const merchant = (authorization: string | undefined): string => tokens.verify(authorization, 'collections');

  function act(session: Session, action: Action, body: Record<string, unknown>): Record<string, unknown> {
    switch (action) {
      case 'approve':
        sessions.approve(session, optionalAmount(body));
        return {};
      case 'decline':
        sessions.decline(session);
        return {};
      case 'expire':
        sessions.expire(session);
        return {};
      case 'cancel':
        sessions.cancel(session);
        return {};
      case 'escalate':
        sessions.escalate(session);
        return {};
      case 'refund':
      case 'reverse': {
        const refund = sessions.refund(session, {
          kind: action === 'refund' ? 'REFUNDED' : 'REVERSED',
          amount: action === 'refund' ? optionalAmount(body) : undefined,
        });
        return { request_uuid: refund.requestUuid, amount: refund.amount };
      }
    }
  }

  return [
    {
      // <reference> is the checkout_reference, URL-encoded.
      path: new RegExp(`^/api/sandbox/v1/sessions/([^/]{1,200})/(${actions.join('|')})$`),
      methods: {
        POST: async (request, response, match) => {
          const consumerKey = merchant(request.headers.authorization);
          const body = await readJsonObject(request);
          let reference: string;
          try {
            reference = decodeURIComponent(match[1]);
          } catch {
            throw new SandboxError(
              'malformedTarget',
              'The checkout_reference in the path is not URL-encoded',
            );
          }
          const found = sessions.find(consumerKey, 'transaction_reference', reference);
          if (!found)
            throw new SandboxError('notFound', `No checkout session has checkout_reference ${reference}`);
          const more = act(found, match[2] as Action, body);
          sendJson(response, 200, {
            checkout_reference: found.transactionReference,
            transaction_reference: found.transactionReference,
            payment_uuid: found.paymentUuid,
            state: stateOf(found),
            status: statusOf(found),
            ...more,
          });
        },
      },
    },
    {
      path: /^\/api\/sandbox\/v1\/faults$/,
      methods: {
        GET: (request, response) => {
          const consumerKey = merchant(request.headers.authorization);
          sendJson(response, 200, faults.of(consumerKey)?.report() ?? { setting: null, injected: null });
        },
        PUT: async (request, response) => {
          const consumerKey = merchant(request.headers.authorization);
          const setting = readFaultSetting(await readJsonObject(request));
          sendJson(response, 200, faults.set(consumerKey, setting).report());
        },
        DELETE: (request, response) => {
          const consumerKey = merchant(request.headers.authorization);
          const ended = faults.clear(consumerKey);
          // What the ended setting injected in all, for the test that set it.
          sendJson(response, 200, { setting: null, injected: ended?.counts ?? null });
        },
      },
    },
    {
      path: /^\/api\/sandbox\/v1\/payments$/,
      methods: {
        GET: (request, response) =>
          sendJson(response, 200, recordedPayments(sessions, merchant(request.headers.authorization))),
      },
    },
  ];
}
