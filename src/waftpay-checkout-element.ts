import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { outcomeStatus, toCheckoutResult } from './checkout-result.js';
import { WaftpayCheckoutError, WaftpayErrorCode } from './errors.js';
import {
  WaftpayCancelEvent,
  WaftpayErrorEvent,
  WaftpayExpiredEvent,
  WaftpayFailureEvent,
  WaftpayPendingEvent,
  WaftpayReadyEvent,
  WaftpayRedirectEvent,
  WaftpaySuccessEvent,
} from './events.js';
import { startExpiryClock } from './expiry-clock.js';
import { framePermissions, frameReferrerPolicy, frameSandbox } from './frame-attributes.js';
import { FrameHeight } from './frame-height.js';
import { linkToHostedPage } from './hosted-page-link.js';
import type { CheckoutMode } from './mode.js';
import { afterListenersAttach } from './page-ready.js';
import type { HostMessage } from './protocol.js';
import { matchReturnUrl, readSameOriginHref, unseeableReturnUrls } from './return-url.js';
import { readExpiry, readSessionConfig, type Expiry, type SessionConfig } from './session-config.js';
import type { CheckoutStatus } from './status.js';
import { statusText } from './strings.js';
import { styles } from './styles.js';
import { own } from './untrusted.js';
import { parseCheckoutUrl } from './url-rules.js';

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
  | { kind: 'frame'; config: SessionConfig }
  | { kind: 'redirect'; config: SessionConfig };

const defaultLoadTimeoutMs = 20_000;

/**
 * Presents Waftpay's hosted checkout in a sandboxed iframe or by redirect, and turns what happens
 * there into DOM events, exactly once per session.
 *
 * @fires waftpay-ready - The hosted page has loaded (or completed the handshake). Once per session.
 * @fires waftpay-pending - The hosted page waits on the customer (`info`). Not an outcome.
 * @fires waftpay-success - The payment succeeded (`result`). Advisory: fulfil from your server.
 * @fires waftpay-failure - The payment failed or was declined (`result`).
 * @fires waftpay-expired - The session expired with no outcome (`expiresAt`).
 * @fires waftpay-cancel - The customer cancelled (`reason`).
 * @fires waftpay-error - Bad configuration, load timeout or blocked navigation (`error.code`).
 * @fires waftpay-redirect - Cancelable; just before the top window navigates to `url`.
 * @csspart frame - The iframe holding the hosted page.
 * @csspart status - The status line; also the live region that announces state changes.
 * @cssprop [--waftpay-checkout-height=640px] - Height of the frame until the page reports its own.
 * @cssprop [--waftpay-checkout-min-height=0] - The frame never gets shorter than this.
 * @cssprop [--waftpay-checkout-max-height=none] - The frame never gets taller than this.
 * @cssprop [--waftpay-checkout-radius=0] - Corner radius of the frame.
 */
export class WaftpayCheckoutElement extends LitElement {
  static override styles = styles;

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
  };

  /** `data.checkout_url` from Create Checkout Request. Setting a new one starts a new session. */
  declare checkoutUrl: string | undefined;
  /** How the hosted page is presented: `iframe` (default) or `redirect`. Unknown values fall back to `iframe`. */
  declare mode: CheckoutMode;
  /** `data.expires_at` (ISO-8601). Reached with no outcome, the session ends as expired. */
  declare expiresAt: string | undefined;
  /** The `success_redirect_url` your server sent: the frame landing there means success. */
  declare successRedirectUrl: string | undefined;
  /** The `fail_redirect_url` your server sent: the frame landing there means failure. */
  declare failRedirectUrl: string | undefined;
  /** Space-separated origins allowed to speak the protocol; by default the origin of `checkout-url`. */
  declare allowedOrigins: string | undefined;
  /** Milliseconds to wait for the hosted page to load before `waftpay-error` (`load-timeout`). */
  declare loadTimeout: number;
  /** Log state changes, the protocol, and refused messages to the console. */
  declare debug: boolean;
  /** Accessible name of the checkout (the iframe's `title`). */
  declare label: string;

  #status: CheckoutStatus = 'idle';
  #session?: Session;
  #startRequested = false;
  #plan?: StartPlan;
  /** Aborted when the current presentation stops: its timers, listeners and channel go with it. */
  #presentation?: AbortController;
  /** Whether a frame or a redirect is under way (not a deferred error or expiry). */
  #live = false;
  #clock?: AbortController;
  #config?: SessionConfig;
  /** The frame's URL while one is shown; each presentation gets a fresh frame (`#frameKey`). */
  #frameUrl?: string;
  #frameKey = 0;
  #frameLoaded = false;
  #frameHeight?: FrameHeight;
  #loadTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.mode = 'iframe';
    this.loadTimeout = defaultLoadTimeoutMs;
    this.debug = false;
    this.label = 'Waftpay checkout';
  }

  /** Current state, also reflected to the `status` attribute. Read-only. */
  get status(): CheckoutStatus {
    return this.#status;
  }

  /** Redirect mode: navigate to the checkout now (after `waftpay-redirect`). Other modes: nothing. */
  open(): void {
    if (this.mode !== 'redirect' || this.#session?.ended) return;
    try {
      this.#navigate(parseCheckoutUrl(this.checkoutUrl));
    } catch {
      // A bad URL was already reported as a waftpay-error when the session started.
    }
  }

  /** After a `waftpay-error`, present the same session again. */
  retry(): void {
    if (this.#status !== 'error') return this.#log(`retry() ignored: status is ${this.#status}`);
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
    if (['loading', 'ready', 'pending', 'redirecting'].includes(this.#status)) this.#setStatus('idle');
  }

  /**
   * Called instead of disconnect + connect when the element is moved with `moveBefore()`:
   * the frame keeps its page, so the session simply carries on.
   */
  connectedMoveCallback(): void {
    // Nothing to do: not being disconnected is the point.
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.#session || this.#session.url !== this.checkoutUrl) {
      this.#session = { url: this.checkoutUrl, ended: false, readyAnnounced: false };
      this.#startRequested = true;
    }
    if (changed.has('mode')) this.#startRequested = true;
    if (this.#startRequested && this.isConnected) {
      this.#startRequested = false;
      this.#plan = this.#prepare(this.#session);
    }
  }

  protected override render(): TemplateResult {
    const framed = this.#frameUrl !== undefined;
    const frame = keyed(
      this.#frameKey,
      html`<iframe
        part="frame"
        src=${this.#frameUrl}
        title=${this.label}
        sandbox=${frameSandbox}
        allow=${framePermissions}
        referrerpolicy=${frameReferrerPolicy}
        @load=${this.#onFrameLoad}
      ></iframe>`,
    );
    return html`${framed ? frame : nothing}
      <p part="status" role="status" class=${framed ? 'behind-frame' : ''}>${statusText[this.#status]}</p>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const plan = this.#plan;
    this.#plan = undefined;
    if (!plan) {
      if (changed.has('expiresAt') && this.#live) this.#rearmClock();
      return;
    }
    if (plan.kind === 'none') return;
    const signal = (this.#presentation = new AbortController()).signal;
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
      case 'frame':
        this.#live = true;
        this.#armClock(plan.config.expiry);
        this.#startLoadTimer(signal);
        this.#linkFrame(plan.config, signal);
        break;
      case 'redirect':
        this.#live = true;
        this.#armClock(plan.config.expiry);
        void afterListenersAttach(signal).then((heard) => heard && this.#navigate(plan.config.url));
        break;
    }
  }

  /** Validates the configuration and sets up what render shows; no events yet. */
  #prepare(session: Session): StartPlan {
    this.#stop();
    if (session.ended) return { kind: 'none' };
    let config: SessionConfig;
    try {
      config = readSessionConfig(this);
    } catch (error) {
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
    if (config.mode === 'redirect') {
      this.#setStatus('idle');
      return { kind: 'redirect', config };
    }
    this.#frameUrl = config.url.href;
    this.#frameKey++;
    this.#setStatus('loading');
    return { kind: 'frame', config };
  }

  /** Opens the protocol channel to the page in the frame just rendered. */
  #linkFrame(config: SessionConfig, signal: AbortSignal): void {
    const frame = this.renderRoot.querySelector('iframe');
    if (!frame?.contentWindow) return;
    const log = this.debug
      ? (message: string, ...details: unknown[]) => this.#log(message, ...details)
      : undefined;
    this.#frameHeight = new FrameHeight(frame, log);
    linkToHostedPage(
      {
        remoteWindow: frame.contentWindow,
        allowedOrigins: config.allowedOrigins,
        onMessage: (message) => this.#onHostMessage(message),
        log,
      },
      signal,
    );
  }

  #onHostMessage(message: HostMessage): void {
    if (this.#session?.ended) return this.#log(`${message.type} ignored: the session has ended`);
    this.#log(`received ${message.type}`, message);
    switch (message.type) {
      case 'ready':
        return this.#markReady();
      case 'pending':
        this.#setStatus('pending');
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
      case 'resize':
        return this.#frameHeight?.report(message.height);
    }
  }

  #onFrameLoad(event: Event): void {
    // A frame already torn down (its removal is a render away) has nothing more to say.
    if (this.#frameUrl === undefined) return;
    const href = readSameOriginHref(event.currentTarget as HTMLIFrameElement);
    const landing = href === undefined ? undefined : matchReturnUrl(href, this.#config?.returnUrls ?? {});
    if (landing?.outcome === 'success') {
      return this.#end('success', new WaftpaySuccessEvent(landing.result));
    }
    if (landing?.outcome === 'failure') {
      return this.#end('failure', new WaftpayFailureEvent(landing.result));
    }
    if (this.#frameLoaded) return this.#log(`frame navigated to ${href ?? 'a page of another origin'}`);
    this.#markReady();
  }

  /** The page is there: by its first load, or by its handshake, whichever comes first. */
  #markReady(): void {
    if (this.#frameLoaded) return;
    this.#frameLoaded = true;
    clearTimeout(this.#loadTimer);
    this.#setStatus('ready');
    if (this.#session && !this.#session.readyAnnounced) {
      this.#session.readyAnnounced = true;
      this.dispatchEvent(new WaftpayReadyEvent());
    }
  }

  #startLoadTimer(signal: AbortSignal): void {
    const ms =
      Number.isFinite(this.loadTimeout) && this.loadTimeout > 0 ? this.loadTimeout : defaultLoadTimeoutMs;
    this.#loadTimer = setTimeout(() => {
      this.#fail(
        new WaftpayCheckoutError(
          WaftpayErrorCode.LoadTimeout,
          `The hosted checkout page did not load within ${ms} ms (load-timeout).`,
        ),
      );
    }, ms);
    signal.addEventListener('abort', () => clearTimeout(this.#loadTimer), { once: true });
  }

  #armClock(expiry: Expiry | undefined): void {
    this.#clock?.abort();
    this.#clock = undefined;
    if (!expiry) return;
    this.#clock = new AbortController();
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
    this.#setStatus(status);
    this.dispatchEvent(event);
  }

  /** Stops the presentation with an error; `retry()` may start it again. */
  #fail(error: WaftpayCheckoutError): void {
    if (this.#session?.ended) return this.#log(`error ignored: the session has ended`, error);
    this.#stop();
    this.#setStatus('error');
    this.#log(`${error.code}: ${error.message}`);
    this.dispatchEvent(new WaftpayErrorEvent(error));
  }

  /** Tears down the current presentation: timers, listeners, channel, clock and frame. Idempotent. */
  #stop(): void {
    this.#presentation?.abort();
    this.#presentation = undefined;
    this.#live = false;
    this.#clock?.abort();
    this.#clock = undefined;
    this.#frameHeight = undefined;
    if (this.#frameUrl !== undefined) {
      this.#frameUrl = undefined;
      this.#frameLoaded = false;
      this.requestUpdate();
    }
  }

  #setStatus(status: CheckoutStatus): void {
    if (status === this.#status) return;
    this.#log(`status ${this.#status} → ${status}`);
    this.#status = status;
    this.setAttribute('status', status);
    this.requestUpdate();
  }

  #log(message: string, ...details: unknown[]): void {
    if (this.debug) console.debug(`<waftpay-checkout> ${message}`, ...details);
  }
}
