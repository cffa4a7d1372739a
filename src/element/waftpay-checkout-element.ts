import { LitElement, type TemplateResult } from 'lit';
import { effectiveLang } from './lang.js';
import type { CheckoutMode } from './mode.js';
import type { CreatedSession } from './session-config.js';
import { defaultLoadTimeoutMs, SessionController } from './session-controller.js';
import { again } from './session.js';
import type { CheckoutStatus } from './status.js';
import { announcement, stringsFor, type CheckoutStrings } from './strings.js';
import { styles } from './styles.js';
import { FrameKeys, renderCheckout } from './template.js';
import { renderView } from './views.js';

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
    createSession: { attribute: false },
  };

  /** `data.checkout_url` from Create Checkout Request. Setting a new one starts a new session. */
  declare checkoutUrl: string | undefined;
  /**
   * Makes the session on demand, instead of `checkout-url`: asks the shop's server to create it and
   * resolves to its fields. Called when the customer asks to pay (`open()` from a click, the
   * element's pay button; in iframe mode, once the element is in the page), once per request
   * however many clicks; after a failure, an expiry or a cancel, the next request calls it again.
   * A rejection is a retryable `waftpay-error` (`create-session-failed`, your reason as `cause`).
   */
  declare createSession: (() => Promise<CreatedSession>) | undefined;
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

  /** The session, run in step with the element's updates (see session-controller.ts). */
  readonly #session = new SessionController(this);
  readonly #frameKeys = new FrameKeys();

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
    return this.#session.state.status;
  }

  /**
   * Overlay: open it. Popup: open the window (call it from a click: browsers block windows opened
   * later). Either way, a dismissed session is resumed at the same `checkout-url`. Redirect:
   * navigate now. Iframe: nothing (it is open already).
   */
  open(): void {
    this.#session.act({ type: 'open' });
  }

  /**
   * Overlay and popup: close them. A session still open is dismissed (`waftpay-dismiss`), not
   * ended: it can still end (a prompt approved on the phone) or expire, and `open()` resumes it.
   */
  close(): void {
    this.#session.act({ type: 'close' });
  }

  /** After a `waftpay-error`, show the same session again (popup mode: call it from a click). */
  retry(): void {
    this.#session.act({ type: 'retry' });
  }

  /** Called instead of disconnect + connect by `moveBefore()`: the frame keeps its page. */
  connectedMoveCallback(): void {
    // Nothing to do: not being disconnected is the point.
  }

  protected override render(): TemplateResult {
    const session = this.#session;
    const { state } = session;
    const strings = stringsFor(effectiveLang(this), this.strings);
    const mode = session.mode;
    const frame = session.frame();
    const view = renderView({
      status: state.status,
      strings,
      showing: state.showing,
      serverFrame: !!frame?.adopted,
      needsOpen: mode !== 'iframe' && !(mode === 'overlay' && state.opened),
      offer: state.offer,
      pending: state.pending,
      pendingMessage: state.pendingMessage,
      error: state.error,
      again: again(state),
      open: () => this.open(),
      retry: () => this.retry(),
      openPopup: () => session.act({ type: 'openPopup' }),
      continueOnPage: () => session.act({ type: 'continueOnPage' }),
      showPopup: () => session.popup?.focus(),
      close: () => this.close(),
    });
    return renderCheckout({
      mode,
      opened: state.opened,
      label: this.label,
      frame,
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
}
