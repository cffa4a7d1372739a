import { secureOrLoopback } from '../src/shared/url-rules.js';
import type { HostedPageData } from './hosted-page-data.js';
import { escapeHtml } from './http.js';
import type { Session } from './sessions.js';
import { isTestNumber } from './test-numbers.js';

/**
 * The shops that may show this session: the origins of its return URLs. They are the only
 * frame-ancestors and the only origins the page talks to.
 */
export function merchantOrigins(session: Session): string[] {
  const origins = [session.request.successRedirectUrl, session.request.failRedirectUrl].map(
    (url) => new URL(url).origin,
  );
  return [...new Set(origins)];
}

/** Headers of the hosted page: only the merchant's origins may frame it, and only our scripts run. */
export function hostedPageHeaders(session: Session): Record<string, string> {
  return {
    'content-security-policy': [
      `frame-ancestors ${merchantOrigins(session).join(' ')}`,
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
    ].join('; '),
    'referrer-policy': 'strict-origin',
  };
}

function pageData(session: Session): HostedPageData {
  const { request } = session;
  return {
    token: session.token,
    state: session.state,
    merchantName: session.merchantName,
    // The host helper talks to no shop on plain http off loopback (anyone on its network could
    // stand in for it), and refuses to be told one: such a shop gets the page, without the protocol.
    merchantOrigins: merchantOrigins(session).filter((origin) => secureOrLoopback(new URL(origin))),
    amount: request.amount,
    currency: request.currency,
    msisdn: request.msisdn,
    expiresAt: new Date(session.expiresAt).toISOString(),
    checkoutReference: request.checkoutReference,
    paymentReference: request.paymentReference,
    successUrl: request.successRedirectUrl,
    failUrl: request.failRedirectUrl,
    language: request.language,
    strictAmount: request.strictAmount,
    autoPrompt: isTestNumber(request.msisdn),
  };
}

const styles = `
  :root { color-scheme: light dark; --accent: #0b7a4b; font: 16px/1.5 system-ui, sans-serif; }
  body { margin: 0; background: Canvas; color: CanvasText; }
  main { max-width: 28rem; margin: 0 auto; padding: 20px; }
  .brand { display: flex; justify-content: space-between; font-size: 0.85rem; opacity: 0.8; }
  .sandbox { background: #f5c400; color: #000; border-radius: 4px; padding: 0 6px; font-weight: 600; }
  h1 { font-size: 1.1rem; margin: 16px 0 4px; }
  .amount { font-size: 2rem; font-weight: 700; margin: 0 0 12px; }
  button, input { font: inherit; }
  button { padding: 10px 16px; border-radius: 8px; border: 1px solid #8886; background: transparent; color: inherit; cursor: pointer; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  .row { display: flex; gap: 8px; flex-wrap: wrap; margin: 12px 0; }
  .phone { border: 1px dashed #8888; border-radius: 12px; padding: 12px; margin-top: 12px; }
  .note { font-size: 0.85rem; opacity: 0.75; }
  .note a { color: inherit; }
  .notice { border-left: 4px solid #c62828; padding: 4px 12px; margin: 12px 0; }
  .notice p { margin: 4px 0; }
  [hidden] { display: none !important; }
`;

/** The hosted checkout page of one session. Its script is `/assets/hosted-page.js`. */
export function renderHostedPage(session: Session): string {
  const data = JSON.stringify(pageData(session)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${session.request.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Waftpay Checkout</title>
<style>${styles}</style>
<script type="application/json" id="session">${data}</script>
<script type="module" src="/assets/hosted-page.js"></script>
</head>
<body>
<main>
  <div class="brand"><span>Waftpay Checkout</span><span class="sandbox">SANDBOX</span></div>
  <h1 id="merchant">${escapeHtml(session.merchantName)}</h1>
  <p class="amount" id="amount"></p>
  <p id="phone"></p>
  <p id="status" role="status" aria-live="polite"></p>
  <div class="row" id="start" hidden>
    <label id="partial" hidden><span id="partial-label"></span> <input id="partial-amount" type="number" min="1" step="1"></label>
    <button class="primary" id="prompt" type="button"></button>
  </div>
  <div class="phone" id="handset" hidden>
    <p class="note" id="handset-note"></p>
    <div class="row">
      <button class="primary" id="approve" type="button"></button>
      <button id="decline" type="button"></button>
    </div>
    <p class="note"><a id="phone-link" href="/phone/${escapeHtml(session.request.msisdn)}" target="_blank" rel="noopener"></a></p>
  </div>
  <div class="row"><button id="cancel" type="button" hidden></button></div>
  <div class="notice" id="notice" role="alert" hidden>
    <p id="notice-text"></p>
    <p class="note" id="notice-hint" hidden></p>
    <button id="retry" type="button" hidden></button>
  </div>
  <p class="note" id="expiry"></p>
</main>
</body>
</html>`;
}

/** The page for a checkout URL that matches no session. */
export function renderUnknownSession(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Waftpay Checkout</title><style>${styles}</style></head>
<body><main><div class="brand"><span>Waftpay Checkout</span><span class="sandbox">SANDBOX</span></div>
<h1>This payment session is no longer available</h1><p>The link is not valid, or its session has ended. Return to the shop to check your order, or to start again.</p></main></body>
</html>`;
}
