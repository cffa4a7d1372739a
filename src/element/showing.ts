import { FrameHeight } from './frame-height.js';
import { linkToHostedPage } from './hosted-page-link.js';
import { Liveness } from './liveness.js';
import { watchPopup } from './popup.js';
import type { HostMessage } from '../shared/protocol.js';
import { afterListenersAttach } from './page-ready.js';
import { readSameOriginHref } from './return-url.js';
import { loadedAlready } from './server-frame.js';

/** What a showing of the hosted page tells the element. */
export interface ShowingHandlers {
  /** The page is there: loaded or said hello (with `expectHandshake`: said hello). Once. */
  ready(): void;
  /** The checkout arrived at `href`, on this page's origin. Returns whether that ended the session. */
  landed(href: string): boolean;
  /** A protocol message other than `ready`, `resize` and `leaving`, which the showing handles itself. */
  message(message: HostMessage): void;
  /** The popup was closed. */
  closed(): void;
  /** Nothing came within `load-timeout` (of the first load, or of a reload after a crash). */
  timedOut(ms: number): void;
  /** With `expectHandshake`: the frame never said hello and its server cannot be reached. */
  unreachable(): void;
  /** With `expectHandshake`: the frame never said hello, but its server answers: it refused framing. */
  unusable(): void;
}

export interface ShowingOptions {
  /** The hosted page's URL. */
  readonly url: string;
  readonly allowedOrigins: readonly string[];
  readonly loadTimeoutMs: number;
  readonly expectHandshake: boolean;
  readonly handlers: ShowingHandlers;
  readonly log?: (message: string, ...details: unknown[]) => void;
}

/** A page that speaks the protocol says hello while it parses; this long after its load, it never will. */
const handshakeGraceMs = 2000;
/** How long the reachability probe may take. */
const probeTimeoutMs = 5000;

/**
 * Whether the server at `url` answers at all. The browser loads an error page into a frame both
 * when the server refused to be framed and when it could not be reached, and tells the embedding
 * page neither; a no-cors request tells the second apart (it fails). Needs `connect-src` for the
 * checkout origin under a Content Security Policy. `unknown`: no answer before `signal` aborted.
 */
async function reachable(url: string, signal: AbortSignal): Promise<'up' | 'down' | 'unknown'> {
  try {
    await fetch(url, { method: 'HEAD', mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal });
    return 'up';
  } catch {
    return signal.aborted ? 'unknown' : 'down';
  }
}

/**
 * One showing of the hosted page, in a frame or a popup, from start to stop: its load timer, its
 * channel, its height, its window. `stop()` tears all of it down, and closes a popup.
 */
export class Showing {
  readonly #controller = new AbortController();
  readonly #options: ShowingOptions;
  #loadTimer?: ReturnType<typeof setTimeout>;
  /** `ready` was reported (a page that navigates afterwards is the same showing). */
  #readyReported = false;
  #handshaken = false;
  /** The frame fired `load` (or, in Firefox, `error`), or was adopted having loaded. */
  #loaded = false;
  /** `unreachable` or `unusable` was reported: once is enough. */
  #judged = false;
  #height?: FrameHeight;
  #frame?: HTMLIFrameElement;
  #popup?: Window;
  /** Set while a page reloaded after a crash has not connected again. */
  #reloadTimer?: ReturnType<typeof setTimeout>;

  constructor(options: ShowingOptions) {
    this.#options = options;
    this.#loadTimer = this.#after(options.loadTimeoutMs, () =>
      options.handlers.timedOut(options.loadTimeoutMs),
    );
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get popup(): Window | undefined {
    return this.#popup;
  }

  /** Shows the page in `frame` (just rendered): its channel, its height, its loads. */
  inFrame(frame: HTMLIFrameElement): void {
    // WebKit makes no window for a frame whose URL it will not load (a port browsers block).
    if (!frame.contentWindow) return void this.#stillLoading();
    this.#frame = frame;
    this.#height = new FrameHeight(frame, this.#options.log);
    frame.addEventListener('load', () => this.#frameLoaded(frame), { signal: this.signal });
    this.#link(frame.contentWindow);
    if (!this.#options.expectHandshake) return;
    // How each engine shows a frame whose server cannot be reached: Chromium loads an error page
    // (`load`); Firefox and WebKit load nothing and fire nothing (Firefox fires `error` for a
    // blocked port). So an `error` is judged at once, and a frame still loading after the grace
    // asks its server whether it is up.
    frame.addEventListener(
      'error',
      () => {
        this.#loaded = true;
        void this.#silent();
      },
      { once: true, signal: this.signal },
    );
    this.#after(handshakeGraceMs, () => void this.#stillLoading());
  }

  /**
   * Shows the page in a frame the shop's server rendered, which has been loading since the HTML
   * was parsed and may have loaded: its page may be there, or say hello, at once, so it is linked
   * once the page's scripts have had their chance to listen to the element. The frame goes when
   * this stops, if it is still in the page (taken out with the element, it has lost its page
   * already, and loads it again when the element is put back).
   */
  adopt(frame: HTMLIFrameElement): void {
    const { signal } = this;
    signal.addEventListener('abort', () => frame.isConnected && frame.remove());
    // Still on its first, empty document (or put back with the element): its page loads from now
    // on, and its load event says when; what the page's timings say is of an earlier load.
    const fresh = frame.contentDocument?.URL === 'about:blank';
    let loaded = false;
    frame.addEventListener('load', () => (loaded = true), { once: true, signal });
    void afterListenersAttach(signal).then((listening) => {
      if (!listening) return;
      this.inFrame(frame);
      if (loaded || (!fresh && loadedAlready(frame))) this.#frameLoaded(frame);
      // A page loaded unseen: the document's own load waits for its frames.
      else if (!fresh && document.readyState !== 'complete')
        addEventListener('load', () => this.#loaded || this.#frameLoaded(frame), { signal });
    });
  }

  /** The frame loaded a page: a return URL ends the session; otherwise the page is there. */
  #frameLoaded(frame: HTMLIFrameElement): void {
    this.#loaded = true;
    const href = readSameOriginHref(frame);
    if (href !== undefined && this.#options.handlers.landed(href)) return;
    if (this.#readyReported)
      return this.#options.log?.(`frame navigated to ${href ?? 'a page of another origin'}`);
    this.#markReady(false);
    if (this.#options.expectHandshake && !this.#handshaken) {
      // The page loaded: what is left of the load timeout is the grace for its hello.
      clearTimeout(this.#loadTimer);
      this.#after(handshakeGraceMs, () => void this.#silent());
    }
  }

  /** Shows the page in `popup` (just opened): watched, linked, and closed when this stops. */
  inPopup(popup: Window): void {
    this.#popup = popup;
    this.signal.addEventListener('abort', () => popup.closed || popup.close(), { once: true });
    const { handlers } = this.#options;
    const watch = {
      closed: handlers.closed,
      landed: (href: string) => handlers.landed(href),
      loading: () => this.#markReady(false),
    };
    watchPopup(popup, watch, this.signal);
    this.#link(popup);
  }

  stop(): void {
    this.#controller.abort();
  }

  /** The frame loaded but never said hello: down, or refusing to be framed? */
  async #silent(): Promise<void> {
    if (this.#handshaken) return;
    const answer = await this.#probe();
    if (this.signal.aborted || this.#handshaken || this.#judged) return;
    this.#judged = true;
    // A server that keeps the probe waiting is as good as down: the customer cannot pay there.
    if (answer === 'up') this.#options.handlers.unusable();
    else this.#options.handlers.unreachable();
  }

  /**
   * The frame has neither loaded nor said hello after the grace: a server that cannot be reached
   * is reported now (WebKit never tells the frame's embedder); a slow one keeps its load timeout.
   */
  async #stillLoading(): Promise<void> {
    if (this.#loaded || this.#handshaken) return;
    const answer = await this.#probe();
    if (this.signal.aborted || this.#loaded || this.#handshaken || this.#judged) return;
    if (answer !== 'down') return;
    this.#judged = true;
    this.#options.handlers.unreachable();
  }

  #probe(): Promise<'up' | 'down' | 'unknown'> {
    // Not AbortSignal.timeout and .any: they came after the browsers we support (Firefox 100/124,
    // Safari 16/17.4).
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    setTimeout(abort, probeTimeoutMs);
    this.signal.addEventListener('abort', abort);
    return reachable(this.#options.url, controller.signal);
  }

  #link(remoteWindow: Window): void {
    const { allowedOrigins, loadTimeoutMs, log } = this.#options;
    const liveness = new Liveness(
      { ping: (ms) => link.ping(ms), timeoutMs: loadTimeoutMs, onSilent: () => this.#reload(), log },
      this.signal,
    );
    const onMessage = (message: HostMessage): void => {
      log?.(`received ${message.type}`, message);
      if (message.type === 'ready') {
        clearTimeout(this.#reloadTimer);
        this.#markReady(true);
        liveness.watch();
      } else if (message.type === 'leaving') liveness.pause();
      else if (message.type === 'resize') this.#height?.report(message.height);
      else this.#options.handlers.message(message);
    };
    const link = linkToHostedPage({ remoteWindow, allowedOrigins, onMessage, log }, this.signal);
  }

  /** The page fell silent without leaving (its renderer crashed): load it again, as it began. */
  #reload(): void {
    const { url, loadTimeoutMs, log } = this.#options;
    log?.('loading the hosted page again');
    if (this.#frame) this.#frame.src = url;
    else if (this.#popup && !this.#popup.closed) this.#popup.location.replace(url);
    else return;
    this.#reloadTimer = this.#after(loadTimeoutMs, () => this.#options.handlers.timedOut(loadTimeoutMs));
  }

  #markReady(byHandshake: boolean): void {
    if (byHandshake) this.#handshaken = true;
    if (this.#readyReported || (this.#options.expectHandshake && !this.#handshaken)) return;
    this.#readyReported = true;
    clearTimeout(this.#loadTimer);
    this.#options.handlers.ready();
  }

  /** A timer that goes with this showing. */
  #after(ms: number, run: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(run, ms);
    this.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    return timer;
  }
}
