import { LitElement, type PropertyValues, type TemplateResult } from 'lit';
import type { WaftpayCheckoutError } from '../shared/errors.js';
import { toDomEvent, WaftpayRedirectEvent } from './events.js';
import { startExpiryClock } from './expiry-clock.js';
import { failures } from './failures.js';
import { signalForLanding, signalForReport } from './host-reports.js';
import { effectiveLang } from './lang.js';
import { Modal } from './modal.js';
import { resolveMode, type CheckoutMode } from './mode.js';
import { afterListenersAttach } from './page-ready.js';
import { openCentredPopup } from './popup.js';
import { Presentation } from './presentation.js';
import { matchReturnUrl } from './return-url.js';
import { configWarnings, readExpiry, readSessionConfig, type SessionConfig } from './session-config.js';
import {
  initialSession,
  transition,
  type SessionEffect,
  type SessionSignal,
  type SessionState,
} from './session.js';
import type { CheckoutStatus } from './status.js';
import { announcement, stringsFor, type CheckoutStrings } from './strings.js';
import { styles } from './styles.js';
import { FrameKeys, renderCheckout } from './template.js';
import { adoptServerFrame, childrenToCome, removeServerFrames } from './server-frame.js';
import { renderView } from './views.js';

const defaultLoadTimeoutMs = 20_000;
let popupCount = 0;
let sessionCount = 0;

/**
 * Presents Waftpay's hosted checkout in a sandboxed iframe, a modal overlay, a popup or by
 * redirect, and turns what happens there into DOM events, exactly once per session.
 *
 * @tagname waftpay-checkout
 * @summary Waftpay's hosted checkout, with typed, exactly-once outcome events.
 * @fires {WaftpayReadyEvent} waftpay-ready - The hosted page has loaded (or completed the handshake). Once per session.
 * @fires {WaftpayPendingEvent} waftpay-pending - The hosted page waits on the customer (`info`). Not an outcome.
 * @fires {WaftpaySuccessEvent} waftpay-success - The payment succeeded (`result`). Advisory: fulfil from your server.
 * @fires {WaftpayFailureEvent} waftpay-failure - The payment failed or was declined (`result`).
 * @fires {WaftpayExpiredEvent} waftpay-expired - The session expired with no outcome (`expiresAt`).
 * @fires {WaftpayDismissEvent} waftpay-dismiss - The overlay or popup was closed before an outcome (`pending`). Not an outcome: the session goes on and `open()` resumes it.
 * @fires {WaftpayCancelEvent} waftpay-cancel - The customer cancelled on the hosted page (`reason: 'customer'`). Final.
 * @fires {WaftpayErrorEvent} waftpay-error - Bad configuration, load timeout, blocked popup or navigation (`error.code`).
 * @fires {WaftpayRedirectEvent} waftpay-redirect - Cancelable; just before the top window navigates to `url`.
 * @fires {WaftpayFallbackEvent} waftpay-fallback - The chosen mode could not be used; another is offered (`from`, `to`, `reason`).
 * @slot loading - Replaces the placeholder shown while the hosted page loads.
 * @slot pending - Replaces the "approve on your phone" banner.
 * @slot dismissed - Replaces the message shown after the overlay or popup was closed before an outcome (the resume button stays).
 * @slot success - Replaces the message after a successful payment.
 * @slot failure - Replaces the message after a failed payment.
 * @slot expired - Replaces the message after the session expired.
 * @slot error - Replaces the message (and retry button) after an error.
 * @csspart frame - The iframe holding the hosted page.
 * @csspart status - The element's own messages and buttons for its state.
 * @csspart dialog - The overlay's `<dialog>`.
 * @csspart backdrop - The overlay's backdrop.
 * @csspart panel - The overlay's panel, holding the close button and the checkout.
 * @csspart close-button - The overlay's close button.
 * @csspart open-button - The button that opens the overlay or the popup, or resumes a dismissed session.
 * @csspart retry-button - The retry button after an error the element can retry.
 * @csspart button - Every other button of the element (offers, popup controls).
 * @cssprop [--waftpay-checkout-height=640px] - Height of the frame until the page reports its own.
 * @cssprop [--waftpay-checkout-min-height=0] - The frame never gets shorter than this.
 * @cssprop [--waftpay-checkout-max-height=none] - The frame never gets taller than this.
 * @cssprop [--waftpay-checkout-radius=12px] - Corner radius of the frame, panel and buttons.
 * @cssprop [--waftpay-checkout-accent=#0b7a4b] - Colour of the main buttons.
 * @cssprop [--waftpay-checkout-danger=#c62828] - Colour of failure and error marks.
 * @cssprop [--waftpay-checkout-background=Canvas] - Background of the panel and messages.
 * @cssprop [--waftpay-checkout-foreground=CanvasText] - Text colour.
 * @cssprop [--waftpay-checkout-backdrop=rgb(0 0 0 / 0.55)] - The overlay's backdrop.
 * @cssprop [--waftpay-checkout-overlay-width=30rem] - Width of the overlay's panel on wide screens.
 */
export class WaftpayCheckoutElement extends LitElement {
  static override styles = styles;

  /**
   * Lets a `checkout-url` on the page's own origin through. Only for test pages that serve a
   * stand-in hosted page themselves: on a shop's page the frame would not be sandboxed at all,
   * which is why such a URL is otherwise refused (`same-origin-checkout-url`).
   */
  static unsafeAllowSameOriginCheckout = false;

  static override properties = {
    checkoutUrl: { attribute: 'checkout-url' },
    mode: {},
    expiresAt: { attribute: 'expires-at' },
    successRedirectUrl: { attribute: 'success-redirect-url' },
    failRedirectUrl: { attribute: 'fail-redirect-url' },
    allowedOrigins: { attribute: 'allowed-origins' },
    loadTimeout: { attribute: 'load-timeout', type: Number },
    debug: { type: Boolean },
    label: {},
    opened: { attribute: 'open', type: Boolean, reflect: true },
    expectHandshake: { attribute: 'expect-handshake', type: Boolean },
    deferHydration: { attribute: 'defer-hydration', type: Boolean },
    strings: { attribute: false },
  };

  /** `data.checkout_url` from Create Checkout Request. Setting a new one starts a new session. */
  declare checkoutUrl: string | undefined;
  /** `iframe` (default), `overlay`, `popup` or `redirect`. Unknown values fall back to `iframe`. */
  declare mode: CheckoutMode;
  /** `data.expires_at` (ISO-8601). Reached with no outcome, the session ends as expired. */
  declare expiresAt: string | undefined;
  /** The `success_redirect_url` your server sent: the checkout landing there means success. */
  declare successRedirectUrl: string | undefined;
  /** The `fail_redirect_url` your server sent: the checkout landing there means failure. */
  declare failRedirectUrl: string | undefined;
  /** Space-separated origins allowed to speak the protocol; by default the origin of `checkout-url`. */
  declare allowedOrigins: string | undefined;
  /**
   * Milliseconds to wait for the hosted page to load (or, with `expect-handshake`, to say hello);
   * also how long a connected page may leave a ping unanswered before it is taken for crashed and
   * loaded again.
   */
  declare loadTimeout: number;
  /** Log state changes, the protocol, and refused messages to the console. */
  declare debug: boolean;
  /** Accessible name of the checkout (the iframe's `title`, the overlay's label). */
  declare label: string;
  /** Overlay mode: whether the overlay is open (the `open` attribute). */
  declare opened: boolean;
  /**
   * The hosted page speaks the protocol: when it has not said hello soon after loading (it refused
   * to be framed) or within `load-timeout`, the element offers a popup or a redirect instead.
   */
  declare expectHandshake: boolean;
  /** Replacements for any of the element's sentences (see {@link CheckoutStrings}). */
  declare strings: Partial<CheckoutStrings> | undefined;
  /**
   * While present, the element waits: a framework that rendered it on the server removes it once
   * its own listeners and properties are on the element (`@lit/react` does, for the React wrapper),
   * so that nothing the session says happens before anyone listens.
   */
  declare deferHydration: boolean;

  /** The `checkout-url` the current session is for, and the session (see session.ts). */
  #session?: { readonly url: string | undefined; readonly number: number };
  #state: SessionState = initialSession();
  #config?: SessionConfig;
  #startRequested = false;
  /** Signals waiting their turn: a listener may act on the element while an event is dispatched. */
  readonly #signals: SessionSignal[] = [];
  #sending = false;
  /** Set during `willUpdate`: effects wait for the render that shows the new state. */
  #afterRender?: SessionEffect[];
  /** The hosted page being shown (in a frame or a popup), if any. */
  #showing?: Presentation;
  /** A frame was presented: link it once rendered. */
  #frameToLink = false;
  #clock?: AbortController;
  /** Aborted when the session restarts or the element leaves: deferred signals go with it. */
  #deferred?: AbortController;
  readonly #modal = new Modal();
  readonly #frameKeys = new FrameKeys();
  /** The server-rendered frame adopted for the showing `key`, if any. */
  #adopted?: { readonly key: string; readonly frame?: HTMLIFrameElement };

  constructor() {
    super();
    this.mode = 'iframe';
    this.loadTimeout = defaultLoadTimeoutMs;
    this.debug = false;
    this.label = 'Waftpay checkout';
    this.opened = false;
    this.expectHandshake = false;
    this.deferHydration = false;
  }

  /** Current state, also reflected to the `status` attribute. Read-only. */
  get status(): CheckoutStatus {
    return this.#state.status;
  }

  /**
   * Overlay: open it. Popup: open the window (call it from a click: browsers block windows opened
   * later). Either way, a dismissed session is resumed at the same `checkout-url`. Redirect:
   * navigate now. Iframe: nothing (it is open already).
   */
  open(): void {
    this.#act({ type: 'open' });
  }

  /**
   * Overlay and popup: close them. A session still open is dismissed (`waftpay-dismiss`), not
   * ended: it can still end (a prompt approved on the phone) or expire, and `open()` resumes it.
   */
  close(): void {
    this.#act({ type: 'close' });
  }

  /** After a `waftpay-error`, present the same session again (popup mode: call it from a click). */
  retry(): void {
    this.#act({ type: 'retry' });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('status', this.#state.status);
    this.#startRequested = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#deferred?.abort();
    this.#deferred = undefined;
    this.#send({ type: 'disconnect' });
    // A dialog taken out of the page keeps `open` and would come back non-modal: close it now.
    this.#modal.hide(this.renderRoot.querySelector('dialog'));
  }

  /** Called instead of disconnect + connect by `moveBefore()`: the frame keeps its page. */
  connectedMoveCallback(): void {
    // Nothing to do: not being disconnected is the point.
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#afterRender = [];
    if (this.#session?.url !== this.checkoutUrl || !this.#session) {
      // A new checkout-url is a new session; what the old one left waiting goes with it.
      this.#session = { url: this.checkoutUrl, number: ++sessionCount };
      this.#deferred?.abort();
      this.#state = initialSession(this.opened);
      // The attribute follows the state: the new session may start in the status the attribute lacks.
      if (this.isConnected) this.setAttribute('status', this.#state.status);
      this.#startRequested = true;
    }
    if (changed.has('mode')) this.#startRequested = true;
    if (this.#startRequested && this.isConnected && !this.deferHydration && !this.#childrenToCome()) {
      this.#startRequested = false;
      this.#start();
    } else {
      if (changed.has('opened') && this.opened !== this.#state.opened && this.#mode() === 'overlay') {
        this.#send({ type: this.opened ? 'open' : 'close' });
      }
      if (changed.has('expiresAt')) this.#expiresAtChanged();
    }
  }

  protected override render(): TemplateResult {
    const state = this.#state;
    const strings = stringsFor(effectiveLang(this), this.strings);
    const mode = this.#mode();
    const url = this.#config?.url.href;
    const key = `${this.#session?.number}.${state.showings}`;
    const serverFrame = state.stage === 'frame' && url !== undefined && !!this.#serverFrame(key, url);
    const view = renderView({
      status: state.status,
      strings,
      stage: state.stage,
      serverFrame,
      needsOpen: mode !== 'iframe' && !(mode === 'overlay' && state.opened),
      offer: state.offer,
      pending: state.pending,
      pendingMessage: state.pendingMessage,
      error: state.error,
      open: () => this.open(),
      retry: () => this.retry(),
      openPopup: () => this.#act({ type: 'openPopup' }),
      continueOnPage: () => this.#act({ type: 'continueOnPage' }),
      showPopup: () => this.#showing?.popup?.focus(),
      close: () => this.close(),
    });
    return renderCheckout({
      mode,
      opened: state.opened,
      label: this.label,
      frame: state.stage === 'frame' && url ? { url, key, adopted: serverFrame } : undefined,
      frameKeys: this.#frameKeys,
      view,
      announcement: announcement(state.status, strings, state.pending),
      closeLabel: strings.close,
      onClose: () => this.close(),
      onDialogCancel: (event) => {
        // Esc: close the overlay (and dismiss the session) through one path.
        event.preventDefault();
        this.close();
      },
    });
  }

  protected override updated(): void {
    const effects = this.#afterRender ?? [];
    this.#afterRender = undefined;
    for (const effect of effects) this.#perform(effect);
    this.#linkFrame();
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this.#state.opened && this.isConnected) this.#modal.show(dialog);
    else this.#modal.hide(dialog, this.renderRoot.querySelector<HTMLElement>('[part="status"]'));
  }

  /** Checks the configuration and starts (or restarts) presenting the session. */
  #start(): void {
    this.#deferred?.abort();
    this.#deferred = new AbortController();
    if (this.#state.ended) return;
    let config: SessionConfig;
    try {
      config = readSessionConfig(this, {
        origin: location.origin,
        allowSameOriginCheckout: (this.constructor as typeof WaftpayCheckoutElement)
          .unsafeAllowSameOriginCheckout,
      });
    } catch (error) {
      this.#config = undefined;
      removeServerFrames(this, (m) => this.#log(m));
      return this.#send({ type: 'refuse', error: error as WaftpayCheckoutError });
    }
    this.#config = config;
    for (const warning of configWarnings(config, location.origin))
      console.warn(`<waftpay-checkout>: ${warning}`);
    const { mode, expiry } = config;
    this.#send({ type: 'start', mode, expiry, opened: this.opened, now: Date.now() });
    // Only a showing in a frame, starting now, adopts one (in its render).
    if (this.#state.stage !== 'frame') removeServerFrames(this, (m) => this.#log(m));
  }

  /** `expires-at` changed during the session: follow the new deadline without reloading. */
  #expiresAtChanged(): void {
    try {
      this.#send({ type: 'deadline', expiry: readExpiry(this.expiresAt) });
    } catch (error) {
      this.#send({ type: 'deadline' });
      this.#send({ type: 'error', error: error as WaftpayCheckoutError });
    }
  }

  /** What the customer (or the page's script) does: applied to the session as it is right now. */
  #act(signal: SessionSignal): void {
    this.#flush();
    this.#send({ type: 'tick', now: Date.now() });
    this.#send(signal);
  }

  /** Moves the session on by one signal at a time, and carries out what each transition says. */
  #send(signal: SessionSignal): void {
    this.#signals.push(signal);
    if (this.#sending) return;
    this.#sending = true;
    try {
      for (let next = this.#signals.shift(); next; next = this.#signals.shift()) {
        const before = this.#state;
        const { state, effects } = transition(before, next);
        this.#state = state;
        if (state.status !== before.status) {
          this.#log(`status ${before.status} → ${state.status}`);
          this.setAttribute('status', state.status);
        }
        if (state.opened !== this.opened) this.opened = state.opened;
        this.requestUpdate();
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
        this.dispatchEvent(toDomEvent(effect.event));
        return;
      case 'present':
        if (effect.in === 'popup') return this.#openPopup();
        this.#frameToLink = true;
        return;
      case 'stopPresenting':
        this.#showing?.stop();
        this.#showing = undefined;
        this.#frameToLink = false;
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
        this.#showing?.popup?.focus();
        return;
      case 'reconfigure':
        this.#startRequested = true;
        this.requestUpdate();
        return;
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
    if (!childrenToCome(this)) return false;
    // One listener however many updates come first: the same function is added only once.
    document.addEventListener('DOMContentLoaded', this.#parsed, { once: true });
    return true;
  }

  readonly #parsed = (): void => this.requestUpdate();

  /**
   * The frame the shop's server rendered for the showing `key`, adopted (see server-frame.ts):
   * looked for once per showing, so only the first showing after the element arrives finds one
   * (a showing that ends takes its frame with it).
   */
  #serverFrame(key: string, url: string): HTMLIFrameElement | undefined {
    if (this.#adopted?.key !== key)
      this.#adopted = { key, frame: adoptServerFrame(this, url, this.label, (m) => this.#log(m)) };
    return this.#adopted.frame;
  }

  /** The one place a rendered (or adopted) frame becomes a showing of the hosted page. */
  #linkFrame(): void {
    if (!this.#frameToLink || !this.#config) return;
    this.#frameToLink = false;
    const adopted = this.#adopted?.frame;
    const frame = adopted ?? this.renderRoot.querySelector('iframe');
    if (!frame) return;
    this.#showing = this.#presentation(this.#config);
    if (frame === adopted) this.#showing.adopt(frame);
    else this.#showing.inFrame(frame);
  }

  /** Opens the popup, synchronously: this must run inside the customer's click. */
  #openPopup(): void {
    const config = this.#config;
    if (!config) return;
    const popup = openCentredPopup(config.url.href, `waftpay-checkout-${++popupCount}`);
    if (!popup) return this.#send({ type: 'popupBlocked', error: failures.popupBlocked() });
    this.#showing = this.#presentation(config);
    this.#showing.inPopup(popup);
  }

  /** A showing of the hosted page; what it reports comes back as signals. */
  #presentation(config: SessionConfig): Presentation {
    const ms =
      Number.isFinite(this.loadTimeout) && this.loadTimeout > 0 ? this.loadTimeout : defaultLoadTimeoutMs;
    return new Presentation({
      url: config.url.href,
      allowedOrigins: config.allowedOrigins,
      loadTimeoutMs: ms,
      expectHandshake: this.expectHandshake,
      log: this.debug ? (message, ...details) => this.#log(message, ...details) : undefined,
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
    this.dispatchEvent(event);
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
    if (this.isUpdatePending && this.isConnected && !this.#sending) this.performUpdate();
  }

  #mode(): CheckoutMode {
    return this.#state.mode ?? resolveMode(this.mode).mode;
  }

  #log(message: string, ...details: unknown[]): void {
    if (this.debug) console.debug(`<waftpay-checkout> ${message}`, ...details);
  }
}
