import { LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { outcomeStatus, toCheckoutResult } from '../shared/checkout-result.js';
import { WaftpayCheckoutError, WaftpayErrorCode } from '../shared/errors.js';
import {
  WaftpayCancelEvent,
  WaftpayErrorEvent,
  WaftpayExpiredEvent,
  WaftpayFailureEvent,
  WaftpayFallbackEvent,
  WaftpayPendingEvent,
  WaftpayReadyEvent,
  WaftpayRedirectEvent,
  WaftpaySuccessEvent,
  type FallbackReason,
} from './events.js';
import { startExpiryClock } from './expiry-clock.js';
import { effectiveLang } from './lang.js';
import { Modal } from './modal.js';
import { resolveMode, type CheckoutMode } from './mode.js';
import { afterListenersAttach } from './page-ready.js';
import { openCentredPopup } from './popup.js';
import { Presentation } from './presentation.js';
import type { HostMessage } from '../shared/protocol.js';
import { matchReturnUrl, unseeableReturnUrls } from './return-url.js';
import { readExpiry, readSessionConfig, type Expiry, type SessionConfig } from './session-config.js';
import type { CheckoutStatus } from './status.js';
import { announcement, stringsFor, type CheckoutStrings } from './strings.js';
import { styles } from './styles.js';
import { renderCheckout } from './template.js';
import { own } from '../shared/untrusted.js';
import { renderView, type Offer } from './views.js';

/** One checkout session: everything that happens for one `checkout-url`. */
interface Session {
  readonly url: string | undefined;
  ended: boolean;
  readyAnnounced: boolean;
}

/** What starting the presentation decided, computed before render and carried out after it. */
type StartPlan =
  | { kind: 'none' }
  | { kind: 'error'; error: WaftpayCheckoutError }
  | { kind: 'expired'; expiry: Expiry }
  | { kind: 'frame' | 'idle' | 'redirect'; config: SessionConfig };

const defaultLoadTimeoutMs = 20_000;
let popupCount = 0;

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
 * @fires {WaftpayCancelEvent} waftpay-cancel - The customer closed the overlay or popup, or cancelled on the page (`reason`).
 * @fires {WaftpayErrorEvent} waftpay-error - Bad configuration, load timeout, blocked popup or navigation (`error.code`).
 * @fires {WaftpayRedirectEvent} waftpay-redirect - Cancelable; just before the top window navigates to `url`.
 * @fires {WaftpayFallbackEvent} waftpay-fallback - The chosen mode could not be used; another is offered (`from`, `to`, `reason`).
 * @slot loading - Replaces the placeholder shown while the hosted page loads.
 * @slot pending - Replaces the "approve on your phone" banner.
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
 * @csspart open-button - The button that opens the overlay or the popup.
 * @csspart button - Every other button of the element (retry, offers, popup controls).
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

  #status: CheckoutStatus = 'idle';
  #session?: Session;
  #startRequested = false;
  #closeRequested = false;
  #plan?: StartPlan;
  #config?: SessionConfig;
  /** The hosted page being shown (in a frame or a popup), if any. */
  #showing?: Presentation;
  /** Aborted when the presentation stops: events and navigations waiting for listeners go with it. */
  #deferred?: AbortController;
  #clock?: AbortController;
  /** The frame's URL while one is shown; each presentation gets a fresh frame (`#frameKey`). */
  #frameUrl?: string;
  #frameKey = 0;
  #offer?: Offer;
  #error?: WaftpayCheckoutError;
  #pendingMessage?: string;
  readonly #modal = new Modal();

  constructor() {
    super();
    this.mode = 'iframe';
    this.loadTimeout = defaultLoadTimeoutMs;
    this.debug = false;
    this.label = 'Waftpay checkout';
    this.opened = false;
    this.expectHandshake = false;
  }

  /** Current state, also reflected to the `status` attribute. Read-only. */
  get status(): CheckoutStatus {
    return this.#status;
  }

  /**
   * Overlay: open it. Popup: open the window (call it from a click: browsers block windows opened
   * later). Redirect: navigate now. Iframe: nothing (it is open already).
   */
  open(): void {
    this.#flush();
    if (this.#session?.ended) return;
    const mode = this.#mode();
    if (mode === 'overlay') this.opened = true;
    else if (mode === 'popup') this.#openPopup();
    else if (mode === 'redirect' && this.#config) this.#navigate(this.#config.url);
  }

  /** Overlay and popup: close them; a session still open ends as `waftpay-cancel` (`closed`). */
  close(): void {
    this.#flush();
    const mode = this.#mode();
    const isOpen =
      mode === 'overlay' ? this.opened : this.#showing?.popup !== undefined || this.#offer !== undefined;
    if ((mode === 'overlay' || mode === 'popup') && isOpen && !this.#session?.ended) {
      this.#end('cancelled', new WaftpayCancelEvent('closed'));
    }
    if (mode === 'overlay') this.opened = false;
  }

  /** After a `waftpay-error`, present the same session again (popup mode: call it from a click). */
  retry(): void {
    this.#flush();
    if (this.#status !== 'error') return this.#log(`retry() ignored: status is ${this.#status}`);
    if (this.#error?.retryable === false) return this.#log('retry() ignored: the configuration is wrong');
    if (this.#mode() === 'popup') return this.#openPopup();
    this.#startRequested = true;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('status', this.#status);
    this.#startRequested = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
    this.#clock?.abort();
    // A dialog taken out of the page keeps `open` and would come back non-modal: close it now.
    this.#modal.hide(this.renderRoot.querySelector('dialog'));
    if (['loading', 'ready', 'pending', 'redirecting'].includes(this.#status)) this.#setStatus('idle');
  }

  /** Called instead of disconnect + connect by `moveBefore()`: the frame keeps its page. */
  connectedMoveCallback(): void {
    // Nothing to do: not being disconnected is the point.
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.#session || this.#session.url !== this.checkoutUrl) {
      this.#session = { url: this.checkoutUrl, ended: false, readyAnnounced: false };
      this.#startRequested = true;
    }
    if (changed.has('mode')) this.#startRequested = true;
    if (changed.has('opened') && this.#mode() === 'overlay') {
      if (this.opened && this.#frameUrl === undefined) this.#startRequested = true;
      if (!this.opened && changed.get('opened') === true) this.#closeRequested = true;
    }
    if (this.#startRequested && this.isConnected) {
      this.#startRequested = false;
      this.#plan = this.#prepare(this.#session);
    }
  }

  protected override render(): TemplateResult {
    const strings = stringsFor(effectiveLang(this), this.strings);
    const mode = this.#mode();
    const popup = this.#showing?.popup;
    const view = renderView({
      status: this.#status,
      strings,
      stage: this.#frameUrl !== undefined ? 'frame' : popup ? 'popup' : 'none',
      needsOpen: mode !== 'iframe' && !this.#session?.ended && !(mode === 'overlay' && this.opened),
      offer: this.#offer,
      pendingMessage: this.#pendingMessage,
      error: this.#error,
      open: () => this.open(),
      retry: () => this.retry(),
      openPopup: () => this.#openPopup(),
      continueOnPage: () => this.#config && this.#navigate(this.#config.url),
      showPopup: () => popup?.focus(),
      cancel: () => this.close(),
    });
    return renderCheckout({
      mode,
      opened: this.opened,
      label: this.label,
      frame: this.#frameUrl === undefined ? undefined : { url: this.#frameUrl, key: this.#frameKey },
      onFrameLoad: (event) => {
        // A frame already torn down (its removal is a render away) has nothing more to say.
        if (this.#frameUrl !== undefined)
          this.#showing?.frameLoaded(event.currentTarget as HTMLIFrameElement);
      },
      view,
      announcement: announcement(this.#status, strings),
      closeLabel: strings.close,
      onClose: () => this.close(),
      onDialogCancel: (event) => {
        // Esc: close the overlay (and cancel the session) through one path.
        event.preventDefault();
        this.close();
      },
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this.opened && this.isConnected) this.#modal.show(dialog);
    else this.#modal.hide(dialog, this.renderRoot.querySelector<HTMLElement>('[part="status"]'));
    if (this.#closeRequested) {
      this.#closeRequested = false;
      if (!this.#session?.ended && (this.#frameUrl !== undefined || this.#offer)) {
        this.#end('cancelled', new WaftpayCancelEvent('closed'));
      }
    }
    const plan = this.#plan;
    this.#plan = undefined;
    if (!plan) {
      if (changed.has('expiresAt') && this.#clock) this.#rearmClock();
      return;
    }
    if (plan.kind === 'none') return;
    const signal = (this.#deferred = new AbortController()).signal;
    switch (plan.kind) {
      case 'error':
        // Configuration errors are found before any listener of a fresh element could exist.
        void afterListenersAttach(signal).then((heard) => heard && this.#fail(plan.error));
        break;
      case 'expired':
        void afterListenersAttach(signal).then(
          (heard) => heard && this.#end('expired', new WaftpayExpiredEvent(plan.expiry.expiresAt)),
        );
        break;
      case 'idle':
        this.#armClock(plan.config.expiry);
        break;
      case 'frame': {
        this.#armClock(plan.config.expiry);
        const frame = this.renderRoot.querySelector('iframe');
        if (frame) this.#show(plan.config).inFrame(frame);
        break;
      }
      case 'redirect':
        this.#armClock(plan.config.expiry);
        void afterListenersAttach(signal).then((heard) => heard && this.#navigate(plan.config.url));
        break;
    }
  }

  /** Validates the configuration and sets up what render shows; no events yet. */
  #prepare(session: Session): StartPlan {
    this.#stop();
    this.#clock?.abort();
    if (session.ended) return { kind: 'none' };
    let config: SessionConfig;
    try {
      config = readSessionConfig(this, {
        origin: location.origin,
        allowSameOriginCheckout: (this.constructor as typeof WaftpayCheckoutElement)
          .unsafeAllowSameOriginCheckout,
      });
    } catch (error) {
      this.#config = undefined;
      this.#setStatus('error');
      return { kind: 'error', error: error as WaftpayCheckoutError };
    }
    this.#config = config;
    if (config.expiry && Date.now() >= config.expiry.deadline) {
      this.#setStatus('expired');
      return { kind: 'expired', expiry: config.expiry };
    }
    if (config.modeWarning) console.warn(`<waftpay-checkout>: ${config.modeWarning}`);
    for (const url of unseeableReturnUrls(config.returnUrls, location.origin)) {
      console.warn(
        `<waftpay-checkout>: ${url} is not on this page's origin (${location.origin}); the element cannot see the checkout land there.`,
      );
    }
    if (
      config.mode === 'redirect' ||
      config.mode === 'popup' ||
      (config.mode === 'overlay' && !this.opened)
    ) {
      this.#setStatus('idle');
      return { kind: config.mode === 'redirect' ? 'redirect' : 'idle', config };
    }
    this.#frameUrl = config.url.href;
    this.#frameKey++;
    this.#setStatus('loading');
    return { kind: 'frame', config };
  }

  /** Opens the popup, synchronously: this must run inside the customer's click. */
  #openPopup(): void {
    const config = this.#config;
    if (!config || this.#session?.ended) return;
    if (config.expiry && Date.now() >= config.expiry.deadline) {
      return this.#end('expired', new WaftpayExpiredEvent(config.expiry.expiresAt));
    }
    this.#stop();
    const popup = openCentredPopup(config.url.href, `waftpay-checkout-${++popupCount}`);
    if (!popup) {
      const error = new WaftpayCheckoutError(
        WaftpayErrorCode.PopupBlocked,
        'The browser blocked the payment window; open() must be called from a click, not after an await.',
      );
      this.#fail(error, 'popup-blocked');
      this.dispatchEvent(new WaftpayFallbackEvent('popup', 'redirect', 'popup-blocked'));
      return;
    }
    this.#setStatus('loading');
    this.#show(config).inPopup(popup);
  }

  /** Starts showing the hosted page; what the showing reports comes back here. */
  #show(config: SessionConfig): Presentation {
    const ms =
      Number.isFinite(this.loadTimeout) && this.loadTimeout > 0 ? this.loadTimeout : defaultLoadTimeoutMs;
    this.#showing = new Presentation({
      url: config.url.href,
      allowedOrigins: config.allowedOrigins,
      loadTimeoutMs: ms,
      expectHandshake: this.expectHandshake,
      log: this.#logger(),
      handlers: {
        ready: () => this.#markReady(),
        landed: (href) => this.#landed(href),
        message: (message) => this.#onHostMessage(message),
        closed: () => this.#end('cancelled', new WaftpayCancelEvent('closed')),
        timedOut: () =>
          this.#fail(
            new WaftpayCheckoutError(
              WaftpayErrorCode.LoadTimeout,
              `The hosted checkout page did not load within ${ms} ms (load-timeout).`,
            ),
          ),
        unreachable: () =>
          this.#fail(
            new WaftpayCheckoutError(
              WaftpayErrorCode.LoadFailed,
              `The hosted checkout page at ${config.url.origin} could not be reached.`,
            ),
          ),
        unusable: () => this.#offerFallback('no-handshake'),
      },
    });
    return this.#showing;
  }

  #onHostMessage(message: HostMessage): void {
    if (this.#session?.ended) return this.#log(`${message.type} ignored: the session has ended`);
    switch (message.type) {
      case 'pending':
        this.#pendingMessage = message.info.message;
        this.#setStatus('pending');
        this.requestUpdate();
        this.dispatchEvent(new WaftpayPendingEvent(Object.freeze(message.info)));
        return;
      case 'success':
        return this.#end(
          'success',
          new WaftpaySuccessEvent(toCheckoutResult(message.result, 'SUCCESS', 'message')),
        );
      case 'failure': {
        const status = outcomeStatus('failure', own(message.result, 'status'));
        return this.#end(
          'failure',
          new WaftpayFailureEvent(toCheckoutResult(message.result, status, 'message')),
        );
      }
      case 'expired':
        return this.#end('expired', new WaftpayExpiredEvent(this.#config?.expiry?.expiresAt ?? ''));
      case 'cancel':
        return this.#end('cancelled', new WaftpayCancelEvent('customer'));
    }
  }

  /** The checkout arrived at `href` on this page's origin: a return URL ends the session. */
  #landed(href: string): boolean {
    const landing = matchReturnUrl(href, this.#config?.returnUrls ?? {});
    if (landing?.outcome === 'success') this.#end('success', new WaftpaySuccessEvent(landing.result));
    else if (landing?.outcome === 'failure') this.#end('failure', new WaftpayFailureEvent(landing.result));
    return landing !== undefined;
  }

  /** The hosted page is there for this presentation. */
  #markReady(): void {
    if (this.#status === 'loading') this.#setStatus('ready');
    if (this.#session && !this.#session.readyAnnounced) {
      this.#session.readyAnnounced = true;
      this.dispatchEvent(new WaftpayReadyEvent());
    }
  }

  /** The frame cannot be used: offer the popup (or a redirect) instead of a dead box. */
  #offerFallback(reason: FallbackReason): void {
    if (this.#session?.ended) return;
    const from = this.#mode();
    this.#stop();
    this.#offer = 'fallback';
    this.#setStatus('idle');
    this.#log(`the frame could not be used (${reason}); offering a popup or a redirect`);
    this.dispatchEvent(new WaftpayFallbackEvent(from, 'popup', reason));
  }

  #armClock(expiry: Expiry | undefined): void {
    this.#clock?.abort();
    this.#clock = new AbortController();
    if (!expiry) return;
    const expire = (): void => this.#end('expired', new WaftpayExpiredEvent(expiry.expiresAt));
    startExpiryClock(expiry.deadline, expire, this.#clock.signal);
  }

  /** `expires-at` changed during a live session: follow the new deadline without reloading. */
  #rearmClock(): void {
    try {
      const expiry = readExpiry(this.expiresAt);
      if (this.#config) this.#config = { ...this.#config, expiry };
      this.#armClock(expiry);
    } catch (error) {
      this.#clock?.abort();
      this.#clock = undefined;
      this.#fail(error as WaftpayCheckoutError);
    }
  }

  /** Dispatches the cancelable `waftpay-redirect`, then navigates the top window unless vetoed. */
  #navigate(url: URL): void {
    if (this.#session?.ended || this.#status === 'redirecting') return;
    const event = new WaftpayRedirectEvent(url.href);
    this.dispatchEvent(event);
    if (event.defaultPrevented) {
      this.#log('redirect cancelled by a waftpay-redirect listener');
      return this.#setStatus('idle');
    }
    this.#stop();
    this.#setStatus('redirecting');
    try {
      (window.top ?? window).location.href = url.href;
    } catch (cause) {
      this.#fail(
        new WaftpayCheckoutError(
          WaftpayErrorCode.NavigationBlocked,
          'The browser refused to navigate the top window to the checkout; is this page inside a sandboxed frame?',
          { cause },
        ),
      );
    }
  }

  /** Ends the session with an outcome, once: anything after the first is logged and dropped. */
  #end(status: 'success' | 'failure' | 'expired' | 'cancelled', event: Event): void {
    const session = this.#session;
    if (!session || session.ended) return this.#log(`${event.type} ignored: the session has ended`);
    session.ended = true;
    this.#stop();
    this.#clock?.abort();
    this.#setStatus(status);
    this.dispatchEvent(event);
  }

  /** Stops the presentation with an error; `retry()` may start it again. */
  #fail(error: WaftpayCheckoutError, offer?: Offer): void {
    if (this.#session?.ended) return this.#log(`error ignored: the session has ended`, error);
    this.#stop();
    this.#error = error;
    this.#offer = offer;
    this.#setStatus('error');
    this.#log(`${error.code}: ${error.message}`);
    this.dispatchEvent(new WaftpayErrorEvent(error));
  }

  /**
   * Applies what was just set (`checkout-url`, `mode`…) now rather than at the next microtask, so
   * that `open()` right after creating the element, in the same click, opens that session.
   */
  #flush(): void {
    if (this.isUpdatePending && this.isConnected) this.performUpdate();
  }

  /** Tears down the current presentation (not the expiry clock). Idempotent. */
  #stop(): void {
    this.#showing?.stop();
    this.#showing = undefined;
    this.#deferred?.abort();
    this.#deferred = undefined;
    this.#offer = undefined;
    this.#error = undefined;
    this.#pendingMessage = undefined;
    this.#frameUrl = undefined;
    this.requestUpdate();
  }

  #mode(): CheckoutMode {
    return this.#config?.mode ?? resolveMode(this.mode).mode;
  }

  #setStatus(status: CheckoutStatus): void {
    if (status === this.#status) return;
    this.#log(`status ${this.#status} → ${status}`);
    this.#status = status;
    this.setAttribute('status', status);
    this.requestUpdate();
  }

  #logger(): ((message: string, ...details: unknown[]) => void) | undefined {
    return this.debug ? (message, ...details) => this.#log(message, ...details) : undefined;
  }

  #log(message: string, ...details: unknown[]): void {
    if (this.debug) console.debug(`<waftpay-checkout> ${message}`, ...details);
  }
}
