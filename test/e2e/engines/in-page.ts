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

/**
 * In the page: whether a click at (`x`, `y`) would reach the frame whose `src` starts with
 * `prefix`, through any shadow roots on the way; not while something covers it (the element's
 * loading view lies over its frame until the hosted page has connected).
 */
export function frameIsAt(prefix: string, x: number, y: number): boolean {
  let hit = document.elementFromPoint(x, y);
  while (hit?.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return hit instanceof HTMLIFrameElement && hit.src.startsWith(prefix);
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Where, in the top page's viewport, the centre of `selector` in the frame at `prefix` is, once two
 * readings agree (the page may be scrolling to the frame, and the frame's page laying itself out)
 * and nothing covers the frame there: a click at that point reaches the customer's target.
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
  return (await waitFor(`${selector} in the frame at ${prefix}, still and uncovered`, async () => {
    const now = await read();
    const settled =
      now.x === last.x && now.y === last.y && (await top.evaluate(frameIsAt, prefix, now.x, now.y));
    last = now;
    return settled ? now : null;
  }))!;
}

/**
 * In the frame, or the page above it: notes where the next mouse press on this document lands, as
 * `window.__pressed`: in the frame, on `selector` or elsewhere; above it, anywhere (a press meant
 * for the frame's page that the browser gave to the page above lands on the frame's element).
 */
export function listenForPress(selector: string): boolean {
  const inFrame = window.top !== window;
  const here = window as unknown as { __pressed?: string | null };
  here.__pressed = null;
  const listener = (event: MouseEvent) => {
    const target = event.composedPath()[0];
    here.__pressed = !inFrame
      ? 'above'
      : target instanceof Element && target.closest(selector)
        ? 'target'
        : 'elsewhere';
    removeEventListener('mousedown', listener, true);
  };
  addEventListener('mousedown', listener, true);
  return true;
}

/** In the page: where the press noted by `listenForPress` landed, or null before it has. */
export const pressed = (): string | null =>
  (window as unknown as { __pressed?: string | null }).__pressed ?? null;

/**
 * A real click at `selector` in the frame at `prefix`, as a customer's, made with `clickAt` (the
 * driver's mouse); made again, as a customer would, when the press missed. It can: Chromium routes
 * a press to a frame of another site by what its compositor last drew, and a page may scroll the
 * frame (smoothly, on its own) between the reading of where the target is and the press.
 */
export async function clickInFrame(
  top: BrowsingContext,
  frame: BrowsingContext,
  prefix: string,
  selector: string,
  clickAt: (point: Point) => Promise<void>,
): Promise<void> {
  const missed: string[] = [];
  while (missed.length < 5) {
    const point = await pointInFrame(top, frame, prefix, selector);
    await frame.evaluate(listenForPress, selector);
    await top.evaluate(listenForPress, selector);
    await clickAt(point);
    const [inFrame] = await waitFor(
      `the press at ${JSON.stringify(point)} to land`,
      async () => [await frame.evaluate(pressed), await top.evaluate(pressed)],
      ([inside, outside]) => inside !== null || outside !== null,
    );
    if (inFrame === 'target') return;
    missed.push(
      `${JSON.stringify(point)}: ${inFrame === 'elsewhere' ? 'beside it in the frame' : 'on the page above'}`,
    );
  }
  throw new Error(`five presses at ${selector} in the frame at ${prefix} missed it: ${missed.join('; ')}`);
}
