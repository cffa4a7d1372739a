import { fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import '../../src/index.js';
import { eventNames, WaftpayCheckoutElement } from '../../src/element.js';

// The fixtures stand in for the hosted page from the test page's own origin, which a shop's page
// may not do (same-origin-checkout-url): these tests opt in, explicitly. bad-input.test.ts turns
// it off to test the refusal.
WaftpayCheckoutElement.unsafeAllowSameOriginCheckout = true;

/** Every event the element dispatches, by its full name. */
export const eventTypes = eventNames.map((name) => `waftpay-${name}` as const);

/** Outcome events: a session dispatches at most one of these (a dismissal is not one). */
export const outcomeTypes = ['waftpay-success', 'waftpay-failure', 'waftpay-expired', 'waftpay-cancel'];

const fixtures = new URL('./fixtures/', import.meta.url);

/** The button in the element's shadow root whose text is `label`; throws when there is none. */
export function button(element: WaftpayCheckoutElement, label: string): HTMLButtonElement {
  const found = [...element.shadowRoot!.querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === label,
  );
  if (!found) throw new Error(`no button "${label}"`);
  return found;
}

/** A same-origin stand-in for the hosted page; `go` makes it navigate itself after `after` ms. */
export function hostedPageUrl(options: { go?: string; after?: number; id?: string } = {}): string {
  const url = new URL('hosted-page.html', fixtures);
  if (options.id) url.searchParams.set('id', options.id);
  if (options.go) url.searchParams.set('go', options.go);
  if (options.after !== undefined) url.searchParams.set('after', String(options.after));
  return url.href;
}

/** The fixture `name` with `options` as its query. */
function fixtureUrl(name: string, options: Record<string, string>): string {
  const url = new URL(name, fixtures);
  for (const [option, value] of Object.entries(options)) url.searchParams.set(option, value);
  return url.href;
}

/** A same-origin hosted page that uses the host helper (see the fixture for its options). */
export function protocolPageUrl(options: Record<string, string> = {}): string {
  return fixtureUrl('protocol-page.html', options);
}

/** A same-origin page that speaks the protocol's transport but reports anything (see the fixture). */
export function rawProtocolPageUrl(options: Record<string, string> = {}): string {
  return fixtureUrl('raw-protocol-page.html', options);
}

/** The window of the page in the element's frame, with what the fixtures put on it. */
export interface FixtureWindow extends Window {
  merchant: import('../../src/host.js').MerchantConnection;
  merchantReady: boolean;
  /** The protocol page leaves without the helper's goodbye (as a crashed page does). */
  exitSilently?: boolean;
  report(value: unknown): Promise<unknown>;
}

export function pageOf(element: WaftpayCheckoutElement): FixtureWindow {
  return frameOf(element)!.contentWindow as FixtureWindow;
}

/** Waits until the page in the frame has connected (the host helper's `ready`). */
export async function whenConnected(element: WaftpayCheckoutElement): Promise<FixtureWindow> {
  await waitUntil(() => {
    try {
      return pageOf(element).merchantReady === true;
    } catch {
      return false;
    }
  }, 'the hosted page did not connect');
  return pageOf(element);
}

/** A merchant return page on this origin, with optional query parameters. */
export function returnUrl(kind: 'success' | 'fail', query: Record<string, string> = {}): string {
  const url = new URL('return.html', fixtures);
  url.searchParams.set('kind', kind);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.href;
}

export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/**
 * Creates a `<waftpay-checkout>` with `attributes`, starts recording its events, then connects it
 * (so no event can be missed), and waits for its first render.
 */
export async function mount(
  attributes: Record<string, string>,
): Promise<{ element: WaftpayCheckoutElement; events: Event[] }> {
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  const element = document.createElement('waftpay-checkout');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  const events = record(element);
  container.append(element);
  await element.updateComplete;
  return { element, events };
}

/** Records every waftpay-* event that reaches `target`. */
export function record(target: EventTarget): Event[] {
  const events: Event[] = [];
  for (const type of eventTypes) target.addEventListener(type, (event) => events.push(event));
  return events;
}

/**
 * Waits until `events` (from `record`) holds `count` events: an element says some things (an
 * error in its configuration, a redirect) a task after it was connected, so a listener added
 * right after connecting it hears them.
 */
export function untilRecorded(events: Event[], count = 1): Promise<void> {
  return waitUntil(() => events.length >= count, `fewer than ${count} event(s) dispatched`);
}

export function typesOf(events: Event[]): string[] {
  return events.map((event) => event.type);
}

export function frameOf(element: WaftpayCheckoutElement): HTMLIFrameElement | null {
  return element.shadowRoot!.querySelector('iframe');
}

/**
 * Counts the times `frame` is told to load its page again from now on (its `src` set, even to the
 * same URL): the element's answer to a page that fell silent.
 */
export function reloadsOf(frame: HTMLIFrameElement): { count: number } {
  const reloads = { count: 0 };
  new MutationObserver((records) => (reloads.count += records.length)).observe(frame, {
    attributeFilter: ['src'],
  });
  return reloads;
}

/** Resolves after `ms` of real time, letting timers, loads and navigations happen. */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
