/** A comfortable size for a hosted checkout page; smaller screens get what they have. */
const preferred = { width: 480, height: 720 };

/**
 * Opens `url` in a window centred over this one. Must run inside the customer's gesture (a click),
 * synchronously: browsers block windows opened later, after an `await`. Returns `null` when blocked.
 * The window keeps `opener`, which the hosted page needs to talk back.
 */
export function openCentredPopup(url: string, name: string): Window | null {
  const width = Math.min(preferred.width, screen.availWidth);
  const height = Math.min(preferred.height, screen.availHeight);
  const left = Math.max(0, Math.round(screenX + (outerWidth - width) / 2));
  const top = Math.max(0, Math.round(screenY + (outerHeight - height) / 2));
  return window.open(url, name, `popup,width=${width},height=${height},left=${left},top=${top}`);
}

/**
 * Shows the element's own page in a popup opened before its session exists (within the customer's
 * click, on its first, empty document, which is this page's origin): `text`, in `lang`.
 */
export function writeWaitingPage(popup: Window, lang: string | undefined, text: string): void {
  try {
    const page = popup.document;
    page.title = text;
    page.documentElement.lang = lang ?? '';
    page.body.style.cssText = 'font:1.25rem system-ui;text-align:center;margin-top:40vh';
    page.body.textContent = text;
  } catch {
    // A window the browser gave another origin: it stays blank until the checkout comes.
  }
}

export interface PopupWatch {
  /** The window was closed (by the customer, or by its page). */
  closed(): void;
  /** The window's page can be seen at `href` (it is on this page's origin: a return URL). */
  landed(href: string): void;
  /** The window left its first, empty document: the hosted page has started to load. */
  loading(): void;
}

/** How often the window is looked at: a closed window or a landing is noticed this fast. */
const watchMs = 250;

/**
 * Watches a popup until `signal` aborts. Browsers send no event when another origin's window
 * closes or navigates, so it is looked at on a timer.
 */
export function watchPopup(popup: Window, watch: PopupWatch, signal: AbortSignal): void {
  let lastSeen: string | undefined;
  let started = false;
  const look = (): void => {
    if (popup.closed) {
      clearInterval(timer);
      return watch.closed();
    }
    let href: string | undefined;
    try {
      href = popup.location.href;
    } catch {
      // Another origin: the hosted page is there.
    }
    if (!started && href !== 'about:blank') {
      started = true;
      watch.loading();
    }
    if (href && href !== 'about:blank' && href !== lastSeen) {
      lastSeen = href;
      watch.landed(href);
    }
  };
  const timer = setInterval(look, watchMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
