import type { ReactiveController } from 'lit';
import type { WaftpayCheckoutError } from '../shared/errors.js';
import { toDomEvent, WaftpayRedirectEvent } from './events.js';
import { startExpiryClock } from './expiry-clock.js';
import { failures } from './failures.js';
import { signalForLanding, signalForReport } from './hosted-page-reports.js';
import { effectiveLang } from './lang.js';
import { Modal } from './modal.js';
import { resolveMode, type CheckoutMode } from './mode.js';
import { afterListenersAttach } from './page-ready.js';
import { openCentredPopup, watchPopup, writeWaitingPage } from './popup.js';
import { matchReturnUrl } from './return-url.js';
import { adoptServerFrame, childrenToCome, removeServerFrames } from './server-frame.js';
import { configWarnings, createdSession, readSessionConfig, type SessionConfig } from './session-config.js';
import {
  initialSession,
  toBeMade,
  transition,
  type SessionEffect,
  type SessionSignal,
  type SessionState,
} from './session.js';
import { Showing } from './showing.js';
import { stringsFor } from './strings.js';
import type { WaftpayCheckoutElement } from './waftpay-checkout-element.js';

/** `load-timeout` when none (or no usable one) is given. */
export const defaultLoadTimeoutMs = 20_000;
let popupCount = 0;

/** The frame the element renders for the current showing, if any. */
export interface ShownFrame {
  readonly url: string;
  /** A new key for each showing: a fresh frame. */
  readonly key: string;
  /** The frame the shop's server rendered, adopted (see server-frame.ts). */
  readonly adopted: boolean;
}

/**
 * Runs the element's session (session.ts) in step with Lit's updates: sends it the signals of the
 * page, the customer, the hosted page and the clock, one at a time, and carries out the effects of
 * each transition, after the render that shows the new state when one is under way.
 */
export class SessionController implements ReactiveController {
  readonly #host: WaftpayCheckoutElement;
  #state: SessionState = initialSession();
  #config?: SessionConfig;
  /** Signals waiting their turn: a listener may act on the element while an event is dispatched. */
  readonly #signals: SessionSignal[] = [];
  #sending = false;
  /** Set during an update: effects wait for the render that shows the new state. */
  #afterRender?: SessionEffect[];
  /** The hosted page being shown (in a frame or a popup), if any. */
  #showing?: Showing;
  /** A popup opened before its session was made, on the element's own page, watched for closing. */
  #waiting?: { readonly popup: Window; readonly watch: AbortController };
  /** A frame was asked for: link it once rendered. */
  #frameToLink = false;
  #clock?: AbortController;
  /** Aborted when the session starts again or the element leaves: deferred signals go with it. */
  #deferred?: AbortController;
  readonly #modal = new Modal();
  /** The server-rendered frame adopted for the showing `key`, if any. */
  #adopted?: { readonly key: string; readonly frame?: HTMLIFrameElement };

  constructor(host: WaftpayCheckoutElement) {
    this.#host = host;
    host.addController(this);
  }

  get state(): SessionState {
    return this.#state;
  }

  /** The mode in use, or the one asked for until the session has started. */
  get mode(): CheckoutMode {
    return this.#state.mode ?? resolveMode(this.#host.mode).mode;
  }

  /** The popup of the current showing (or the one waiting for its session), if any. */
  get popup(): Window | undefined {
    return this.#showing?.popup ?? this.#waiting?.popup;
  }

  /** What the customer (or the page's script) does: applied to the session as it is right now. */
  act(signal: SessionSignal): void {
    this.#flush();
    this.#send({ type: 'tick', now: Date.now() });
    this.#send(signal);
  }

  /** The frame to render for the current showing, if it is in a frame. */
  frame(): ShownFrame | undefined {
    const url = this.#config?.url.href;
    if (this.#state.showing !== 'frame' || url === undefined) return undefined;
    const key = `${this.#state.number}.${this.#state.showings}`;
    return { url, key, adopted: !!this.#serverFrame(key, url) };
  }

  hostConnected(): void {
    this.#host.setAttribute('status', this.#state.status);
    this.#send({ type: 'connect' });
  }

  hostDisconnected(): void {
    this.#deferred?.abort();
    this.#deferred = undefined;
    this.#send({ type: 'disconnect' });
    // A dialog taken out of the page keeps `open` and would come back non-modal: close it now.
    this.#modal.hide(this.#host.renderRoot.querySelector('dialog'));
  }

  hostUpdate(): void {
    const host = this.#host;
    this.#afterRender = [];
    const { checkoutUrl, mode, expiresAt, opened } = host;
    this.#send({ type: 'configure', checkoutUrl, mode, expiresAt, canAsk: !!host.createSession, opened });
    const state = this.#state;
    if (state.startDue && !state.ended && host.isConnected && !host.deferHydration && !this.#childrenToCome())
      this.#start();
  }

  hostUpdated(): void {
    const effects = this.#afterRender ?? [];
    this.#afterRender = undefined;
    for (const effect of effects) this.#perform(effect);
    this.#linkFrame();
    const root = this.#host.renderRoot;
    const dialog = root.querySelector('dialog');
    if (dialog && this.#state.opened && this.#host.isConnected) this.#modal.show(dialog);
    else this.#modal.hide(dialog, root.querySelector<HTMLElement>('[part="status"]'));
  }

  /**
   * Checks the configuration and starts (or restarts) showing the session: the page's attributes,
   * or the session `createSession` made; a session still to be made waits for the customer.
   */
  #start(): void {
    const host = this.#host;
    const { made } = this.#state;
    this.#deferred?.abort();
    this.#deferred = new AbortController();
    this.#config = undefined;
    if (toBeMade(this.#state)) {
      const { mode } = resolveMode(host.mode);
      this.#send({ type: 'start', mode, opened: host.opened, now: Date.now() });
      return this.#removeServerFrames();
    }
    let config: SessionConfig;
    try {
      const { mode, allowedOrigins } = host;
      config = readSessionConfig(made ? { ...made, mode, allowedOrigins } : host, {
        origin: location.origin,
        allowSameOriginCheckout: (host.constructor as typeof WaftpayCheckoutElement)
          .unsafeAllowSameOriginCheckout,
      });
    } catch (error) {
      this.#send({ type: 'refuse', error: error as WaftpayCheckoutError });
      return this.#removeServerFrames();
    }
    this.#config = config;
    for (const warning of configWarnings(config, location.origin))
      console.warn(`<waftpay-checkout>: ${warning}`);
    const { mode, expiry } = config;
    this.#send({ type: 'start', mode, expiry, opened: host.opened, now: Date.now() });
    this.#removeServerFrames();
  }

  /**
   * Removes the frames the shop's server rendered unless this start shows the session in a frame,
   * whose render adopts one: a frame not adopted would go on running, unseen, with a sandbox the
   * element never checked.
   */
  #removeServerFrames(): void {
    if (this.#state.showing !== 'frame') removeServerFrames(this.#host, (m) => this.#log(m));
  }

  /** Moves the session on by one signal at a time, and carries out what each transition says. */
  #send(signal: SessionSignal): void {
    this.#signals.push(signal);
    if (this.#sending) return;
    this.#sending = true;
    const host = this.#host;
    try {
      for (let next = this.#signals.shift(); next; next = this.#signals.shift()) {
        const before = this.#state;
        const { state, effects } = transition(before, next);
        this.#state = state;
        if (state.status !== before.status) {
          this.#log(`status ${before.status} → ${state.status}`);
          host.setAttribute('status', state.status);
        }
        // Only what the session changed: the page's own change is the session's to hear (`configure`).
        if (state.opened !== before.opened) host.opened = state.opened;
        if (state !== before) host.requestUpdate();
        if (this.#afterRender) this.#afterRender.push(...effects);
        else for (const effect of effects) this.#perform(effect);
      }
    } finally {
      this.#sending = false;
    }
  }

  #perform(effect: SessionEffect): void {
    switch (effect.type) {
      case 'emit':
        this.#host.dispatchEvent(toDomEvent(effect.event, this.#config?.url.href));
        return;
      case 'show':
        if (effect.in === 'popup') return this.#openPopup();
        this.#frameToLink = true;
        return;
      case 'stopShowing':
        this.#showing?.stop();
        this.#showing = undefined;
        this.#frameToLink = false;
        this.#waiting?.watch.abort();
        this.#waiting?.popup.close();
        this.#waiting = undefined;
        return;
      case 'armClock':
        this.#clock?.abort();
        this.#clock = new AbortController();
        startExpiryClock(
          effect.expiry.deadline,
          () => this.#send({ type: 'tick', now: Date.now() }),
          this.#clock.signal,
        );
        return;
      case 'stopClock':
        this.#clock?.abort();
        this.#clock = undefined;
        return;
      case 'askToRedirect':
        return this.#askToRedirect();
      case 'navigate':
        return this.#navigate();
      case 'focusPopup':
        this.popup?.focus();
        return;
      case 'ask':
        return this.#ask();
      case 'defer': {
        const deferred = (this.#deferred ??= new AbortController()).signal;
        void afterListenersAttach(deferred).then((heard) => heard && this.#send(effect.signal));
        return;
      }
      case 'log':
        return this.#log(effect.message);
    }
  }

  /** Not before the page's parser has given the element its children: its frame may be among them. */
  #childrenToCome(): boolean {
    if (!childrenToCome(this.#host)) return false;
    // One listener however many updates come first: the same function is added only once.
    document.addEventListener('DOMContentLoaded', this.#parsed, { once: true });
    return true;
  }

  readonly #parsed = (): void => this.#host.requestUpdate();

  /**
   * The frame the shop's server rendered for the showing `key`, adopted (see server-frame.ts):
   * looked for once per showing, so only the first showing after the element arrives finds one
   * (a showing that ends takes its frame with it).
   */
  #serverFrame(key: string, url: string): HTMLIFrameElement | undefined {
    const host = this.#host;
    if (this.#adopted?.key !== key)
      this.#adopted = { key, frame: adoptServerFrame(host, url, host.label, (m) => this.#log(m)) };
    return this.#adopted.frame;
  }

  /** The one place a rendered (or adopted) frame becomes a showing of the hosted page. */
  #linkFrame(): void {
    if (!this.#frameToLink || !this.#config) return;
    this.#frameToLink = false;
    const adopted = this.#adopted?.frame;
    const frame = adopted ?? this.#host.renderRoot.querySelector('iframe');
    if (!frame) return;
    this.#showing = this.#newShowing(this.#config);
    if (frame === adopted) this.#showing.adopt(frame);
    else this.#showing.inFrame(frame);
  }

  /**
   * Opens the popup, synchronously: this must run inside the customer's click. Before its session
   * is made, it shows the element's own page; the window that waited is sent to the checkout.
   */
  #openPopup(): void {
    const config = this.#config;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.watch.abort();
    // Closed before its watch noticed: no window is opened outside a click.
    if (waiting?.popup.closed) return this.#send({ type: 'popupClosed' });
    const popup =
      waiting?.popup ?? openCentredPopup(config?.url.href ?? '', `waftpay-checkout-${++popupCount}`);
    if (!popup) return this.#send({ type: 'popupBlocked', error: failures.popupBlocked() });
    if (!config) return this.#wait(popup);
    if (waiting) popup.location.replace(config.url.href);
    this.#showing = this.#newShowing(config);
    this.#showing.inPopup(popup);
  }

  /** A popup waits for its session on the element's own page; closing it is a dismissal. */
  #wait(popup: Window): void {
    const host = this.#host;
    const lang = effectiveLang(host);
    writeWaitingPage(popup, lang, stringsFor(lang, host.strings).preparing);
    const watch = new AbortController();
    const closed = (): void => this.#send({ type: 'popupClosed' });
    watchPopup(popup, { closed, landed: () => {}, loading: () => {} }, watch.signal);
    this.#waiting = { popup, watch };
  }

  /** Calls `createSession`, once; its answer goes to the session it was asked for, if it still is. */
  #ask(): void {
    const host = this.#host;
    const { number } = this.#state;
    const answer = (signal: SessionSignal): void => {
      if (this.#state.number === number) this.#send(signal);
    };
    new Promise((resolve) => resolve(host.createSession?.())).then(
      (value) => answer({ type: 'made', session: createdSession(value) }),
      (cause: unknown) => answer({ type: 'askFailed', error: failures.createSessionFailed(cause) }),
    );
  }

  /** A new showing of the hosted page; what it reports comes back as signals. */
  #newShowing(config: SessionConfig): Showing {
    const { loadTimeout, expectHandshake, debug } = this.#host;
    const ms = Number.isFinite(loadTimeout) && loadTimeout > 0 ? loadTimeout : defaultLoadTimeoutMs;
    return new Showing({
      url: config.url.href,
      allowedOrigins: config.allowedOrigins,
      loadTimeoutMs: ms,
      expectHandshake,
      log: debug ? (message, ...details) => this.#log(message, ...details) : undefined,
      handlers: {
        ready: () => this.#send({ type: 'loaded' }),
        landed: (href) => {
          const landing = matchReturnUrl(href, config.returnUrls);
          if (landing) this.#send(signalForLanding(landing));
          return landing !== undefined;
        },
        message: (message) => {
          const signal = signalForReport(message);
          if (signal) this.#send(signal);
        },
        closed: () => this.#send({ type: 'popupClosed' }),
        timedOut: () => this.#send({ type: 'error', error: failures.loadTimeout(ms) }),
        unreachable: () => this.#send({ type: 'error', error: failures.loadFailed(config.url.origin) }),
        unusable: () => this.#send({ type: 'unusable' }),
      },
    });
  }

  /** Dispatches the cancelable `waftpay-redirect`; the session hears whether it may go. */
  #askToRedirect(): void {
    if (!this.#config) return;
    const event = new WaftpayRedirectEvent(this.#config.url.href);
    this.#host.dispatchEvent(event);
    this.#send({ type: event.defaultPrevented ? 'redirectVetoed' : 'redirectAllowed' });
  }

  #navigate(): void {
    if (!this.#config) return;
    try {
      (window.top ?? window).location.href = this.#config.url.href;
      // A page left this way may come back as it was, from the back/forward cache (Back on the
      // payment page): with it, the session, which must not stay `redirecting` then.
      addEventListener('pageshow', (event) => event.persisted && this.#send({ type: 'returned' }), {
        once: true,
        signal: this.#deferred?.signal,
      });
    } catch (cause) {
      this.#send({ type: 'error', error: failures.navigationBlocked(cause) });
    }
  }

  /**
   * Applies what was just set (`checkout-url`, `mode`…) now rather than at the next microtask, so
   * that `open()` right after creating the element, in the same click, opens that session.
   */
  #flush(): void {
    const host = this.#host;
    // performUpdate is protected: only the element and what it made to run it may call it.
    if (host.isUpdatePending && host.isConnected && !this.#sending)
      (host as unknown as { performUpdate(): void }).performUpdate();
  }

  #log(message: string, ...details: unknown[]): void {
    if (this.#host.debug) console.debug(`<waftpay-checkout> ${message}`, ...details);
  }
}
