// The windows a test's element opens, and the redirects it must not follow: set up once for the
// popup, redirect and on-demand suites.
import type { MerchantConnection } from '../../src/host.js';
import { waitUntil } from './wait.js';

/** A window's page, with what the protocol fixture puts on it. */
export type PopupPage = Window & {
  merchant?: MerchantConnection;
  merchantReady?: boolean;
};

/**
 * Records the windows the element opens in each test of the calling file, newest last, and closes
 * them after it. `opened` is emptied after each test; `record()` records again after a test put
 * a `window.open` of its own in place (a blocker, say).
 */
export function recordOpenedWindows(): { opened: Window[]; record(): void } {
  const opened: Window[] = [];
  const realOpen = window.open;
  const record = () => {
    window.open = (...args: Parameters<typeof window.open>) => {
      const popup = realOpen.apply(window, args);
      if (popup) opened.push(popup);
      return popup;
    };
  };
  beforeEach(record);
  afterEach(() => {
    window.open = realOpen;
    for (const popup of opened.splice(0)) popup.close();
  });
  return { opened, record };
}

/** `popup`, once the hosted page in it has connected to the element. */
export async function connected(popup: Window | undefined): Promise<PopupPage> {
  await waitUntil(() => (popup as PopupPage | undefined)?.merchantReady === true, 'the popup connected');
  return popup as PopupPage;
}

function veto(event: Event): void {
  event.preventDefault();
}

/** Every test of the calling suite vetoes a redirect: the page under test must stay where it is. */
export function vetoRedirects(): void {
  beforeEach(() => document.addEventListener('waftpay-redirect', veto));
  afterEach(() => document.removeEventListener('waftpay-redirect', veto));
}
