// What the checkout origin knows of each test session's payment, as Waftpay's servers would: the
// customer's "phone" approves the prompt (POST /payments/<session>/approve), and the hosted page
// (polling) and the tests read the record (GET /payments/<session>): whether it was approved, how
// many times, and how many times the session's hosted page was served.

/** Approvals by session. */
const payments = new Map();

/** Handles /payments/…; returns false for any other path. `loads` counts pages served by session. */
export function servePayments(request, response, loads) {
  const match = /^\/payments\/([\w-]{1,64})(\/approve)?$/.exec(new URL(request.url, 'http://any').pathname);
  if (!match) return false;
  const [, session, approve] = match;
  const record = payments.get(session) ?? { approvals: 0 };
  if (approve) {
    if (request.method !== 'POST') return (response.writeHead(405).end(), true);
    record.approvals++;
    payments.set(session, record);
  }
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ session, approvals: record.approvals, loads: loads.get(session) ?? 0 }));
  return true;
}
