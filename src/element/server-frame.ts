// The frame the shop's server wrote into the element (renderCheckoutMarkup in
// waftpay-checkout/server): it starts loading the hosted page while the browser parses the HTML,
// before the element's script has arrived. The element adopts it, as it is, instead of loading
// the page a second time in a frame of its own: it is shown through the `frame` slot, since
// moving a frame into the shadow root would load its page again.
import { serverFrameSlot } from '../shared/checkout-markup.js';
import { framePermissions, frameReferrerPolicy, frameSandbox } from '../shared/frame-attributes.js';

/**
 * What a server-rendered frame may carry: what the element would give its own, and what only
 * styles it (the element itself sets its height). Anything else may change what its page can do.
 */
const allowedAttributes = 'src title sandbox allow referrerpolicy slot style class id width height'.split(
  ' ',
);

const tokens = (value: string | null): string => (value ?? '').trim().split(/\s+/).sort().join(' ');

/**
 * The attribute for which `frame` may not be adopted for the checkout at `url`, or `undefined`
 * when it may: it must load exactly that URL, with exactly the element's sandbox, permissions and
 * referrer policy, and carry nothing else that could widen what its page may do (`srcdoc`, `name`,
 * `allowfullscreen`, `credentialless`, `csp`, `loading`…).
 */
export function mismatch(frame: HTMLIFrameElement, url: string): string | undefined {
  return (
    frame.getAttributeNames().find((name) => !allowedAttributes.includes(name)) ??
    (frame.src !== url
      ? 'src'
      : tokens(frame.getAttribute('sandbox')) !== tokens(frameSandbox)
        ? 'sandbox'
        : frame.getAttribute('allow')?.trim() !== framePermissions
          ? 'allow'
          : frame.referrerPolicy !== frameReferrerPolicy
            ? 'referrerpolicy'
            : frame.slot && frame.slot !== serverFrameSlot
              ? 'slot'
              : undefined)
  );
}

/**
 * The frame among `host`'s children that shows the checkout at `url`, shown through the `frame`
 * slot with `title`. Every other frame child is removed: one that does not match is replaced by
 * the element's own frame, whose page may not be widened by what the markup said.
 */
export function adoptServerFrame(
  host: HTMLElement,
  url: string,
  title: string,
  log: (message: string) => void,
): HTMLIFrameElement | undefined {
  let adopted: HTMLIFrameElement | undefined;
  for (const child of [...host.children]) {
    if (!(child instanceof HTMLIFrameElement)) continue;
    const why = adopted ? 'a second frame' : mismatch(child, url);
    if (why) {
      log(`replaced the server-rendered frame (${why}: not the element's)`);
      child.remove();
      continue;
    }
    adopted = child;
    child.slot = serverFrameSlot;
    child.title = title;
    log('adopted the server-rendered frame');
  }
  return adopted;
}

/**
 * Removes every frame among `host`'s children: the session will not adopt them (its configuration
 * was refused, or it is not shown in a frame now). Each has been loading, and running, since the
 * HTML was parsed; left in place it would go on running, unseen, with a sandbox that was never
 * checked (on the page's own origin, one that its page could lift).
 */
export function removeServerFrames(host: HTMLElement, log: (message: string) => void): void {
  for (const frame of host.querySelectorAll(':scope > iframe')) {
    log('removed the server-rendered frame (not adopted)');
    frame.remove();
  }
}

/**
 * Whether the adopted `frame` has loaded its page already (before the element's script ran), so
 * that its `load` event will not come again. Its own document tells, when it is this page's
 * origin (a return URL); a frame of another origin has reported its timing to this page once its
 * page arrived (Chromium: at its `load`; Firefox and WebKit: when its HTML has arrived).
 */
export function loadedAlready(frame: HTMLIFrameElement): boolean {
  const own = frame.contentDocument;
  if (own) return own.URL !== 'about:blank' && own.readyState === 'complete';
  return performance
    .getEntriesByName(frame.src)
    .some((entry) => (entry as PerformanceResourceTiming).initiatorType === 'iframe');
}

/**
 * Whether `host`'s children may still be on their way: the document is being parsed and nothing
 * follows `host` yet, so its end tag has not been read (its definition was there before its
 * markup: an `async` script, or an app's bundle, ran mid-parse). Its server-rendered frame may be
 * the next thing parsed.
 */
export function childrenToCome(host: Element): boolean {
  if (document.readyState !== 'loading' || host.querySelector(':scope > iframe')) return false;
  for (let node: Node | null = host; node; node = node.parentNode) if (node.nextSibling) return false;
  return true;
}
