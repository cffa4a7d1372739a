// Waftpay's own API, as its documents describe it: the token, Create Checkout Request, the status
// query, and the refund/reversal of a collection with its status. Each answers one merchant (the
// consumer key of the token) about its own payments only.
import { readCheckoutRequest } from './checkout-request.js';
import { faultSubject, misbehave } from './endpoint-faults.js';
import { readJsonObject } from './http.js';
import { readRefundRequest, refundAccepted, refundStatus } from './refund-reversal.js';
import type { Route, SandboxContext } from './routes.js';
import { queryPayment } from './status-query.js';

export function apiRoutes(context: SandboxContext): Route[] {
  const { sessions, tokens } = context;
  return [
    {
      path: /^\/api\/authentication-service\/v1\/api\/generate-token$/,
      methods: {
        POST: async (request, response) => {
          const consumerKey = tokens.consumerKeyOf(await readJsonObject(request));
          const reply = await misbehave(context, consumerKey, 'token', consumerKey, response);
          if (!reply) return;
          const { token, expiresIn } = tokens.issue(consumerKey);
          reply(200, {
            status: true,
            message: 'Request processed successfully',
            token,
            expires_in: expiresIn,
          });
        },
      },
    },
    {
      path: /^\/api\/checkout-backend-api\/v1\/request$/,
      methods: {
        POST: async (request, response) => {
          const consumerKey = tokens.verify(request.headers.authorization, 'collections');
          const raw = await readJsonObject(request);
          const subject = typeof raw.checkout_reference === 'string' ? raw.checkout_reference : '';
          const reply = await misbehave(context, consumerKey, 'checkout', subject, response);
          if (!reply) return;
          const body = readCheckoutRequest(raw, {
            now: context.clock.now(),
            webhookHosts: context.webhookHosts,
          });
          const created = sessions.create(body, consumerKey);
          reply(200, {
            code: '200',
            status: 'SUCCESS',
            description: 'Request accepted',
            data: {
              checkout_url: `${context.origin()}/checkout/${created.token}`,
              expires_at: new Date(created.expiresAt).toISOString(),
            },
          });
        },
      },
    },
    {
      path: /^\/api\/payments-tsq-service\/v1\/query\/payments$/,
      methods: {
        POST: async (request, response) => {
          const consumerKey = tokens.verify(request.headers.authorization, 'collections');
          const body = await readJsonObject(request);
          const subject = faultSubject(sessions, consumerKey, body);
          const reply = await misbehave(context, consumerKey, 'statusQuery', subject, response);
          if (!reply) return;
          const answer = queryPayment(sessions, consumerKey, body, context.fees);
          reply(answer.http, answer.body);
        },
      },
    },
    {
      path: /^\/api\/payments-api-service\/v1\/refund-reversal$/,
      methods: {
        POST: async (request, response) => {
          const consumerKey = tokens.verify(request.headers.authorization, 'collections');
          const body = await readJsonObject(request);
          const subject = faultSubject(sessions, consumerKey, body);
          const reply = await misbehave(context, consumerKey, 'refund', subject, response);
          if (!reply) return;
          const asked = readRefundRequest(sessions, consumerKey, body, context.webhookHosts);
          const refund = sessions.refund(asked.session, {
            kind: 'REFUNDED',
            amount: asked.amount,
            notificationUrl: asked.notificationUrl,
            remarks: asked.remarks,
          });
          reply(200, refundAccepted(refund));
        },
      },
    },
    {
      path: /^\/api\/refund-reversal$/,
      methods: {
        POST: async (request, response) => {
          const consumerKey = tokens.verify(request.headers.authorization, 'collections');
          const body = await readJsonObject(request);
          const subject = faultSubject(sessions, consumerKey, { request_uuid: body.request_uuid });
          const reply = await misbehave(context, consumerKey, 'statusQuery', subject, response);
          if (!reply) return;
          const answer = refundStatus(sessions, consumerKey, body);
          reply(answer.http, answer.body);
        },
      },
    },
  ];
}
