// What every driver runs in the page the same way: scripts built from a function and its
// arguments, and the finding of an element to click.
import type { BrowsingContext, InBrowser, Target } from './driver.js';
import { waitFor } from './wait.js';

/**
 * An expression that calls `fn` with `args` in the browser. The arguments travel as JSON in the
 * source, so every driver can send a plain string; `__name` stands in for the helper that tsx's
 * compiler may have left inside `fn` (it keeps function names). The result comes back as JSON
 * would (drivers differ on, say, properties that are `undefined`), unless `raw` (an element for
 * WebDriver to use).
 */
export function expressionFor<A extends unknown[], T>(
  fn: InBrowser<A, T>,
  args: A,
  { raw = false } = {},
): string {
  const call = `(${fn.toString()})(...${JSON.stringify(args)})`;
  const result = raw
    ? call
    : `Promise.resolve(${call}).then((r) => (r === undefined ? null : JSON.parse(JSON.stringify(r))))`;
  return `(() => { const __name = (f) => f; return ${result}; })()`;
}

/**
 * In the page: the centre of `target` in viewport pixels, scrolled into view first; null until it
 * is there and shown (a hidden button has no box to click).
 */
export function centreOf(target: Target): { x: number; y: number } | null {
  const root = target.host ? document.querySelector(target.host)?.shadowRoot : document;
  const element = root?.querySelector(target.selector);
  if (!element) return null;
  element.scrollIntoView({ block: 'center', inline: 'center' });
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return null;
  return { x: Math.round(box.left + box.width / 2), y: Math.round(box.top + box.height / 2) };
}

/**
 * In the page: the iframe, in the document or any shadow root, whose `src` starts with `prefix`;
 * with `at`, where its content begins in viewport pixels (for a click inside it) instead, once it
 * is scrolled into view at once (the page may be scrolling there smoothly by itself).
 */
export function iframeWithSource(
  prefix: string,
  at = false,
): HTMLIFrameElement | { x: number; y: number } | null {
  const roots: Array<Document | ShadowRoot> = [document];
  for (let index = 0; index < roots.length; index++) {
    for (const element of roots[index].querySelectorAll('*')) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
      if (!(element instanceof HTMLIFrameElement) || !element.src.startsWith(prefix)) continue;
      if (!at) return element;
      element.scrollIntoView({ block: 'nearest', behavior: 'instant' });
      const box = element.getBoundingClientRect();
      return { x: box.left + element.clientLeft, y: box.top + element.clientTop };
    }
  }
  return null;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Where, in the top page's viewport, the centre of `selector` in the frame at `prefix` is, once two
 * readings agree: the page may be scrolling to the frame, and the frame's page laying itself out.
 */
export async function pointInFrame(
  top: BrowsingContext,
  frame: BrowsingContext,
  prefix: string,
  selector: string,
): Promise<Point> {
  const read = async (): Promise<Point> => {
    const inner = (await waitFor(`${selector} in the frame at ${prefix}`, () =>
      frame.evaluate(centreOf, { selector }),
    ))!;
    const origin = (await top.evaluate(iframeWithSource, prefix, true)) as Point;
    return { x: Math.round(origin.x + inner.x), y: Math.round(origin.y + inner.y) };
  };
  let last = await read();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await read();
    if (now.x === last.x && now.y === last.y) return now;
    last = now;
  }
}
