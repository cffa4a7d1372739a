import type { ServerResponse } from 'node:http';
import { escapeHtml } from './http.js';
import type { PhonePrompt, PhoneScreen } from './phone-data.js';
import type { Session, SessionStore } from './sessions.js';

/** A phone keeps this many prompts; older ones scroll away. */
const promptsShown = 20;
/** Screens open at once per number (tabs, frames); opening one more closes the oldest. */
const screensPerNumber = 8;

/** What the phone of `msisdn` shows now. */
export function phoneScreen(sessions: SessionStore, msisdn: string): PhoneScreen {
  return {
    msisdn,
    prompts: sessions
      .promptedTo(msisdn)
      .slice(0, promptsShown)
      .map((session): PhonePrompt => ({
        id: session.paymentUuid,
        merchantName: session.merchantName,
        amount: session.paidAmount ?? session.request.amount,
        currency: session.request.currency,
        state: session.state === 'CREATED' ? 'PENDING' : session.state,
        sentAt: new Date(session.promptedAt as number).toISOString(),
        expiresAt: new Date(session.expiresAt).toISOString(),
        ...(session.externalReference ? { receipt: session.externalReference } : {}),
      })),
  };
}

/**
 * Headers of the phone page. Only the shops that sent a session to this number may frame it (a
 * demo shop shows the phone beside itself); it runs only its own script.
 */
export function phonePageHeaders(shops: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': [
      `frame-ancestors ${shops.length ? shops.join(' ') : "'none'"}`,
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
  };
}

const styles = `
  :root { color-scheme: light; font: 15px/1.45 system-ui, sans-serif; }
  body { margin: 0; padding: 12px; display: grid; place-items: start center; background: #e9ecef; }
  .handset { box-sizing: border-box; width: min(100%, 22rem); min-height: min(100vh - 24px, 40rem); margin: 0 auto;
    padding: 0.75rem 1rem 1.25rem; background: #111; color: #f5f5f5; border-radius: 1.75rem;
    border: 0.5rem solid #2b2b2b; box-shadow: 0 8px 30px rgb(0 0 0 / 0.25); }
  .bar { display: flex; justify-content: space-between; font-size: 0.8rem; opacity: 0.8; }
  .number { margin: 0.75rem 0 0; font-size: 1.05rem; font-weight: 600; }
  .sandbox { display: inline-block; margin: 0.25rem 0 0.75rem; padding: 0 6px; border-radius: 4px;
    background: #f5c400; color: #000; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.04em; }
  #signal { margin: 0 0 0.5rem; color: #ffcf66; font-size: 0.85rem; }
  #signal:empty { display: none; }
  ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6rem; }
  li { padding: 0.75rem 0.85rem; border-radius: 0.9rem; background: #262626; }
  li.pending { background: #fff; color: #111; box-shadow: 0 0 0 3px #2fb36d; }
  .from { margin: 0; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.03em; color: #2fb36d; text-transform: uppercase; }
  .text { margin: 0.2rem 0 0; }
  .meta { margin: 0.2rem 0 0; font-size: 0.8rem; opacity: 0.7; }
  .row { display: flex; gap: 0.5rem; margin-top: 0.65rem; }
  button { flex: 1; font: inherit; font-weight: 600; padding: 0.55rem 0.75rem; border-radius: 0.6rem;
    border: 1px solid #bbb; background: #fff; color: #111; cursor: pointer; }
  button.approve { background: #0b7a4b; border-color: #0b7a4b; color: #fff; }
  button:disabled { opacity: 0.6; cursor: progress; }
  button:focus-visible { outline: 3px solid #2fb36d; outline-offset: 2px; }
  .error { margin: 0.5rem 0 0; color: #b3261e; font-size: 0.85rem; }
  .error:empty { display: none; }
  #empty { opacity: 0.75; font-size: 0.9rem; }
  [hidden] { display: none !important; }
`;

/** The sandbox's stand-in for the customer's handset: the prompts sent to one number. */
export function renderPhonePage(msisdn: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phone ${escapeHtml(msisdn)} · Waftpay sandbox</title>
<style>${styles}</style>
<script type="module" src="/assets/phone.js"></script>
</head>
<body>
<main class="handset" data-msisdn="${escapeHtml(msisdn)}">
  <div class="bar"><span>Safaricom</span><span id="clock"></span></div>
  <h1 class="number">${escapeHtml(msisdn)}</h1>
  <p class="sandbox">SANDBOX PHONE</p>
  <p id="signal" role="status"></p>
  <p id="empty" hidden>No payment prompts yet. When a shop asks this number to pay, the prompt appears here.</p>
  <ol id="prompts" aria-label="Payment prompts"></ol>
</main>
</body>
</html>`;
}

/**
 * The phones' open screens, kept up to date as the prompts sent to their numbers change
 * (Server-Sent Events: a screen needs no polling, as a handset needs none).
 */
export class PhoneLines {
  readonly #screens = new Map<string, Set<ServerResponse>>();

  constructor(private readonly sessions: SessionStore) {}

  /** Streams `msisdn`'s screen to `response` now and after every change, until it closes. */
  open(msisdn: string, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    // A screen that lost the sandbox tries again this soon (the browser's EventSource does it).
    response.write('retry: 2000\n\n');
    const screens = this.#screens.get(msisdn) ?? new Set<ServerResponse>();
    this.#screens.set(msisdn, screens.add(response));
    if (screens.size > screensPerNumber) {
      const oldest = screens.values().next().value as ServerResponse;
      screens.delete(oldest);
      oldest.end();
    }
    response.on('close', () => {
      screens.delete(response);
      if (screens.size === 0 && this.#screens.get(msisdn) === screens) this.#screens.delete(msisdn);
    });
    this.#send(response, msisdn);
  }

  /** A session changed: the phone it prompted shows it. */
  changed(session: Session): void {
    const msisdn = session.request.msisdn;
    for (const response of this.#screens.get(msisdn) ?? []) this.#send(response, msisdn);
  }

  /** Open screens now, all numbers together. */
  get size(): number {
    let count = 0;
    for (const screens of this.#screens.values()) count += screens.size;
    return count;
  }

  #send(response: ServerResponse, msisdn: string): void {
    response.write(`data: ${JSON.stringify(phoneScreen(this.sessions, msisdn))}\n\n`);
  }
}
