/**
 * The lifecycle of one checkout session, as data: `transition(state, signal)` returns what the
 * session becomes and what the element must do about it (effects). Nothing here touches the DOM,
 * a timer or an event: the element carries the effects out, so the rules below hold for any
 * sequence of signals and are tested that way (test/element/session.test.ts):
 * - a session ends once: after an outcome (success, failure, expired, cancel) nothing is emitted;
 * - closing the overlay or the popup is a dismissal, never an outcome: the session stays open,
 *   its clock keeps running, `open` resumes it, and what the page reports later still counts;
 * - an open session with a deadline always has its clock armed, and the deadline ends it;
 * - a new `checkout-url` is a new session, and the configuration is read again whenever the
 *   element (re)connects, its `mode` changes, or a configuration error is retried (`startDue`);
 * - with `createSession` and no `checkout-url`, the session is asked for (`ask`) once per request
 *   to pay, whatever happens while the answer is on its way; after a failure, an expiry or a
 *   cancel, the next request to pay asks for a new one.
 */
import type { CheckoutResult } from '../shared/checkout-result.js';
import type { WaftpayCheckoutError } from '../shared/errors.js';
import type { PendingInfo } from '../shared/protocol.js';
import type { FallbackReason } from './events.js';
import { resolveMode, type CheckoutMode } from './mode.js';
import { readExpiry, type CreatedSession, type Expiry } from './session-config.js';
import type { CheckoutStatus } from './status.js';

/** What the customer is offered when the chosen mode could not be used. */
export type Offer = 'fallback' | 'popup-blocked';

/** Where a showing of the hosted page is: in the element's frame, or in a popup. */
export type ShowingPlace = 'frame' | 'popup';

/** How far the page of the showing has got; what a resumed overlay shows again. */
export type Progress = 'loading' | 'ready' | 'pending';

/** What the page gave the element, as it was when last looked at (the last `configure` signal). */
export interface Given {
  readonly checkoutUrl?: string;
  readonly mode?: string;
  readonly expiresAt?: string;
  /** The page gave `createSession`: a session can be asked for. */
  readonly canAsk?: boolean;
}

export interface SessionState {
  /** Which session of the element this is (from 1): each new `checkout-url` is a new one. */
  readonly number: number;
  readonly given: Given;
  /** The configuration is to be read (again), and the session started with it. */
  readonly startDue: boolean;
  /** `createSession` was called for this session and has not answered yet. */
  readonly asking: boolean;
  /** What `createSession` answered: the session is that one, not the page's `checkout-url`. */
  readonly made?: CreatedSession;
  /** What the element reflects as `status`. */
  readonly status: CheckoutStatus;
  /** An outcome was dispatched: the session is over, whatever comes next. */
  readonly ended: boolean;
  /** The mode in use; `undefined` until the session has started with a valid configuration. */
  readonly mode?: CheckoutMode;
  readonly expiry?: Expiry;
  /** Overlay mode: the dialog is open. */
  readonly opened: boolean;
  /** Where the hosted page is shown now. */
  readonly showing: ShowingPlace | 'none';
  /** How many showings the session has had: each one is a fresh frame or window. */
  readonly showings: number;
  readonly progress: Progress;
  /** The customer moved to a popup from a fallback offer: resuming opens the popup again. */
  readonly viaPopup: boolean;
  readonly offer?: Offer;
  readonly error?: WaftpayCheckoutError;
  /** The hosted page reported pending in this session: a prompt may be live on the phone. */
  readonly pending: boolean;
  readonly pendingMessage?: string;
  readonly readyAnnounced: boolean;
}

/** What happened: the customer, the page, the clock, or the element's own life. */
export type SessionSignal =
  /** What the page has given the element now (looked at before each of its renders). */
  | {
      readonly type: 'configure';
      readonly checkoutUrl?: string;
      readonly mode?: string;
      readonly expiresAt?: string;
      readonly canAsk?: boolean;
      readonly opened: boolean;
    }
  /** The element was put in the page. */
  | { readonly type: 'connect' }
  /** The configuration was read and is valid: show the session (again) in `mode`. */
  | {
      readonly type: 'start';
      readonly mode: CheckoutMode;
      readonly expiry?: Expiry;
      readonly opened: boolean;
      readonly now: number;
    }
  /** The configuration was refused. */
  | { readonly type: 'refuse'; readonly error: WaftpayCheckoutError }
  /** `createSession` answered with a session (checked once the configuration is read again). */
  | { readonly type: 'made'; readonly session: CreatedSession }
  /** `createSession` failed (it threw or its promise was rejected). */
  | { readonly type: 'askFailed'; readonly error: WaftpayCheckoutError }
  /** `open()`, the `open` attribute, the open or resume button. */
  | { readonly type: 'open' }
  /** `close()`, Esc, the close button, removing the `open` attribute. */
  | { readonly type: 'close' }
  /** The popup window was closed, by the customer or by its page. */
  | { readonly type: 'popupClosed' }
  /** The customer chose the popup that a fallback offer proposed. */
  | { readonly type: 'openPopup' }
  /** The customer chose to leave for the payment page. */
  | { readonly type: 'continueOnPage' }
  | { readonly type: 'retry' }
  /** The hosted page is there (it loaded, or said hello). */
  | { readonly type: 'loaded' }
  | { readonly type: 'pending'; readonly info: PendingInfo }
  | { readonly type: 'success'; readonly result: CheckoutResult }
  | { readonly type: 'failure'; readonly result: CheckoutResult }
  /** The hosted page says the session expired. */
  | { readonly type: 'pageExpired' }
  /** The customer cancelled on the hosted page. */
  | { readonly type: 'cancel' }
  /** Showing failed (load timeout, unreachable, navigation refused, bad `expires-at`). */
  | { readonly type: 'error'; readonly error: WaftpayCheckoutError }
  | { readonly type: 'popupBlocked'; readonly error: WaftpayCheckoutError }
  /** The frame loaded but never said hello although its server answers: it refused framing. */
  | { readonly type: 'unusable' }
  | { readonly type: 'redirectAllowed' }
  | { readonly type: 'redirectVetoed' }
  /**
   * The page came back from the back/forward cache after the redirect (the customer pressed Back
   * on the payment page): as it was when it left, so a redirect under way is over.
   */
  | { readonly type: 'returned' }
  /** The clock looked at the time. */
  | { readonly type: 'tick'; readonly now: number }
  /** The element left the document. */
  | { readonly type: 'disconnect' };

/** The element's events, as data. */
export type SessionEvent =
  | { readonly type: 'ready' }
  | { readonly type: 'pending'; readonly info: PendingInfo }
  | { readonly type: 'success'; readonly result: CheckoutResult }
  | { readonly type: 'failure'; readonly result: CheckoutResult }
  | { readonly type: 'expired'; readonly expiresAt: string }
  | { readonly type: 'cancel' }
  | { readonly type: 'dismiss'; readonly pending: boolean }
  | { readonly type: 'error'; readonly error: WaftpayCheckoutError }
  | {
      readonly type: 'fallback';
      readonly from: CheckoutMode;
      readonly to: CheckoutMode;
      readonly reason: FallbackReason;
    };

/** The events that end a session. */
export const outcomeEvents: ReadonlySet<SessionEvent['type']> = new Set([
  'success',
  'failure',
  'expired',
  'cancel',
]);

/** What the element must do. */
export type SessionEffect =
  | { readonly type: 'emit'; readonly event: SessionEvent }
  /** A new showing of the hosted page at the session's URL, in a fresh frame or a new window (synchronously). */
  | { readonly type: 'show'; readonly in: ShowingPlace }
  /** Tear the current showing down (its frame goes, its window closes). */
  | { readonly type: 'stopShowing' }
  | { readonly type: 'armClock'; readonly expiry: Expiry }
  | { readonly type: 'stopClock' }
  /** Dispatch the cancelable `waftpay-redirect`, then signal `redirectAllowed` or `redirectVetoed`. */
  | { readonly type: 'askToRedirect' }
  /** Navigate the top window to the session's URL. */
  | { readonly type: 'navigate' }
  | { readonly type: 'focusPopup' }
  /** Call `createSession` (once: its answer comes back as `made` or `askFailed`). */
  | { readonly type: 'ask' }
  /** Send `signal` once the page's scripts have had their chance to listen to the element. */
  | { readonly type: 'defer'; readonly signal: SessionSignal }
  /** Say in debug mode why a signal changed nothing. */
  | { readonly type: 'log'; readonly message: string };

export interface Transition {
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}

/** A session for a new `checkout-url`, before it starts (`number` 0: before the element's first). */
export function initialSession(opened = false, number = 0, given: Given = {}): SessionState {
  return {
    number,
    given,
    startDue: true,
    asking: false,
    status: 'idle',
    ended: false,
    opened,
    showing: 'none',
    showings: 0,
    progress: 'loading',
    viaPopup: false,
    pending: false,
    readyAnnounced: false,
  };
}

const emit = (event: SessionEvent): SessionEffect => ({ type: 'emit', event });
const stopShowing: SessionEffect = { type: 'stopShowing' };
const stopClock: SessionEffect = { type: 'stopClock' };
const stay = (state: SessionState, message?: string): Transition => ({
  state,
  effects: message ? [{ type: 'log', message }] : [],
});
/** Nothing is shown any more: no frame, no window, no offer. */
const unshown = { showing: 'none', offer: undefined } as const;

/** Where this session shows the hosted page. */
function placeOf(state: SessionState): ShowingPlace {
  return state.mode === 'popup' || state.viaPopup ? 'popup' : 'frame';
}

/** A new showing of the hosted page (a previous one goes first). */
function show(state: SessionState, where: ShowingPlace, ...more: SessionEffect[]): Transition {
  return {
    state: {
      ...state,
      showing: where,
      showings: state.showings + 1,
      progress: 'loading',
      status: 'loading',
      offer: undefined,
      error: undefined,
    },
    effects: [stopShowing, { type: 'show', in: where }, ...more],
  };
}

/** Ends the session with an outcome. */
function end(state: SessionState, status: CheckoutStatus, event: SessionEvent): Transition {
  return {
    state: { ...state, ...unshown, status, ended: true, error: undefined },
    effects: [stopShowing, stopClock, emit(event)],
  };
}

/** Showing failed: the session goes on (its clock too), and `retry()` may show it again. */
function fail(state: SessionState, error: WaftpayCheckoutError, ...more: SessionEffect[]): Transition {
  return {
    state: { ...state, ...unshown, status: 'error', error },
    effects: [stopShowing, emit({ type: 'error', error }), ...more],
  };
}

/** Closing the overlay or the popup before an outcome: the session goes on without being shown. */
function dismiss(state: SessionState, unshow: boolean): Transition {
  const event = emit({ type: 'dismiss', pending: state.pending });
  return unshow
    ? { state: { ...state, showing: 'none', status: 'dismissed' }, effects: [stopShowing, event] }
    : { state: { ...state, status: 'dismissed' }, effects: [event] };
}

/**
 * The session is still to be made: `createSession` is (or is to be) asked for it when the customer
 * asks to pay, and nothing of it can be shown before it answers but a popup's own page.
 */
export function toBeMade(state: SessionState): boolean {
  return !state.made && (state.asking || (!state.given.checkoutUrl && !!state.given.canAsk));
}

/**
 * A request to pay for a session still to be made: `createSession` is asked (once; a request while
 * it is on its way shows what is waiting again); the overlay opens at once in its loading state,
 * and a popup opens now, within the customer's click, on the element's own page until the session
 * comes.
 */
function ask(state: SessionState): Transition {
  const { mode } = state;
  if (state.asking)
    return mode === 'popup' && state.showing !== 'popup'
      ? show(state, 'popup')
      : stay(mode === 'overlay' ? { ...state, opened: true, status: 'loading' } : state);
  const asked: SessionState = { ...state, asking: true, opened: mode === 'overlay' || state.opened };
  const call: SessionEffect = { type: 'ask' };
  return mode === 'popup'
    ? show(asked, 'popup', call)
    : { state: { ...asked, ...unshown, status: 'loading', error: undefined }, effects: [stopShowing, call] };
}

/** A configuration error: retrying or resuming cannot help until an attribute changes. */
function refused(state: SessionState): boolean {
  return state.status === 'error' && state.error?.retryable === false;
}

function start(state: SessionState, signal: Extract<SessionSignal, { type: 'start' }>): Transition {
  const { mode, expiry, opened, now } = signal;
  /** `createSession` has answered: this start is the session's first. */
  const arrived = state.asking && !!state.made;
  const restarted: SessionState = {
    ...state,
    ...unshown,
    mode,
    expiry,
    opened,
    progress: 'loading',
    viaPopup: false,
    error: undefined,
    status: state.status === 'dismissed' ? 'dismissed' : arrived ? 'loading' : 'idle',
    startDue: false,
    asking: state.asking && !state.made,
  };
  const askNow = mode === 'iframe' || (mode === 'overlay' && opened);
  if (toBeMade(state))
    // Asked for when the customer asks to pay (in a frame, or an open overlay: that is now).
    return askNow
      ? ask({ ...restarted, expiry: undefined, status: state.asking ? 'loading' : 'idle' })
      : { state: { ...restarted, expiry: undefined }, effects: [stopShowing, stopClock] };
  if (expiry && now >= expiry.deadline) {
    // Said once the page can listen; until then the element already shows it.
    return {
      state: { ...restarted, status: 'expired' },
      effects: [stopShowing, stopClock, { type: 'defer', signal: { type: 'tick', now } }],
    };
  }
  const clock: SessionEffect = expiry ? { type: 'armClock', expiry } : stopClock;
  // The popup opened while the session was being made is sent to the checkout, as it is.
  if (arrived && state.showing === 'popup')
    return { state: { ...restarted, showing: 'popup' }, effects: [clock, { type: 'show', in: 'popup' }] };
  if (askNow) return show(restarted, 'frame', clock);
  if (mode !== 'redirect') return { state: restarted, effects: [stopShowing, clock] };
  return {
    state: { ...restarted, status: arrived ? 'loading' : 'idle' },
    effects: [stopShowing, clock, { type: 'defer', signal: { type: 'open' } }],
  };
}

function open(state: SessionState): Transition {
  const { mode, showing, status } = state;
  if (mode === undefined) return stay({ ...state, opened: true });
  if (toBeMade(state)) return ask(state);
  if (status === 'redirecting' || (mode === 'overlay' && state.opened)) return stay(state);
  if (mode === 'overlay') {
    const opened: SessionState = { ...state, opened: true };
    // The page stayed loaded, hidden: show it again as it is now.
    if (showing !== 'none')
      return stay({ ...opened, status: status === 'dismissed' ? state.progress : status });
    if (state.offer) return stay({ ...opened, status: status === 'dismissed' ? 'idle' : status });
    return refused(state) ? stay(opened) : show(opened, placeOf(state));
  }
  if (refused(state)) return stay(state);
  if (mode === 'redirect') return { state, effects: [{ type: 'askToRedirect' }] };
  if (placeOf(state) === 'frame') return stay(state);
  return showing === 'popup' ? { state, effects: [{ type: 'focusPopup' }] } : show(state, 'popup');
}

function close(state: SessionState): Transition {
  if (state.mode === 'overlay' && state.opened) {
    const closed: SessionState = { ...state, opened: false };
    return refused(state) ? stay(closed) : dismiss(closed, state.showing === 'popup');
  }
  if (state.showing === 'popup') return dismiss(state, true);
  return stay({ ...state, opened: state.mode === undefined ? false : state.opened });
}

/** After its ending, a request to pay asks for a new session (not after a success: it is paid). */
export function again(state: SessionState): boolean {
  return state.ended && state.status !== 'success' && !!state.given.canAsk;
}

/** Both transitions, one after the other. */
function then(first: Transition, next: (state: SessionState) => Transition): Transition {
  const second = next(first.state);
  return { state: second.state, effects: [...first.effects, ...second.effects] };
}

/** `expires-at` changed during the session: the clock follows the new deadline (none: removed). */
function deadline(state: SessionState, expiresAt: string | undefined): Transition {
  if (state.mode === undefined) return stay(state);
  let expiry: Expiry | undefined;
  try {
    expiry = readExpiry(expiresAt);
  } catch (error) {
    return fail({ ...state, expiry: undefined }, error as WaftpayCheckoutError, stopClock);
  }
  return { state: { ...state, expiry }, effects: [expiry ? { type: 'armClock', expiry } : stopClock] };
}

/**
 * What the page gave the element, against what it gave before: a new `checkout-url` is a new
 * session (what the old one showed goes with it); a new `mode` shows the session again; in overlay
 * mode the `open` attribute opens or closes it; a new `expires-at` moves the deadline.
 */
function configure(state: SessionState, signal: Extract<SessionSignal, { type: 'configure' }>): Transition {
  const { checkoutUrl, mode, expiresAt, canAsk, opened } = signal;
  const before = state.given;
  if (!state.number || checkoutUrl !== before.checkoutUrl)
    return {
      state: initialSession(opened, state.number + 1, signal),
      effects: state.number ? [stopShowing, stopClock] : [],
    };
  const same = mode === before.mode && expiresAt === before.expiresAt && canAsk === before.canAsk;
  let next = stay(same ? state : { ...state, given: signal });
  if (mode !== before.mode || canAsk !== before.canAsk) return stay({ ...next.state, startDue: true });
  if (state.startDue) return next;
  if (opened !== state.opened && (state.mode ?? resolveMode(mode).mode) === 'overlay')
    next = transition(next.state, { type: opened ? 'open' : 'close' });
  if (expiresAt !== before.expiresAt && !state.ended) next = then(next, (s) => deadline(s, expiresAt));
  return next;
}

/** After an outcome, only the overlay can still be closed (it shows the outcome until then). */
function afterTheEnd(state: SessionState, signal: SessionSignal): Transition {
  if (signal.type === 'close' && state.opened) return stay({ ...state, opened: false });
  // A payment that failed, expired or was cancelled: the next request to pay is for a new session.
  if ((signal.type === 'open' || signal.type === 'retry') && again(state))
    return ask({
      ...initialSession(state.opened, state.number + 1, state.given),
      mode: state.mode,
      startDue: false,
    });
  const quiet = signal.type === 'start' || signal.type === 'tick' || signal.type === 'disconnect';
  return stay(state, quiet ? undefined : `${signal.type} ignored: the session has ended`);
}

/**
 * The session after `signal`, and what the element must do. Pure: the same state and signal
 * always give the same transition.
 */
export function transition(state: SessionState, signal: SessionSignal): Transition {
  if (signal.type === 'configure') return configure(state, signal);
  if (signal.type === 'connect') return stay({ ...state, startDue: true });
  if (state.ended) return afterTheEnd(state, signal);
  switch (signal.type) {
    case 'start':
      return start(state, signal);
    case 'refuse':
      return {
        state: {
          ...state,
          ...unshown,
          status: 'error',
          error: signal.error,
          expiry: undefined,
          startDue: false,
          // A session made on demand that breaks the rules is dropped: the next request asks again.
          made: undefined,
          asking: false,
        },
        effects: [stopShowing, stopClock, { type: 'defer', signal: { type: 'error', error: signal.error } }],
      };
    case 'made':
      // An answer the session no longer waits for (asked for another session) is not this one's.
      return state.asking && !state.made
        ? stay({ ...state, made: signal.session, startDue: true })
        : stay(state);
    case 'askFailed':
      return state.asking && !state.made ? fail({ ...state, asking: false }, signal.error) : stay(state);
    case 'open':
      return open(state);
    case 'close':
      return close(state);
    case 'popupClosed':
      return state.showing === 'popup' ? dismiss(state, true) : stay(state);
    case 'openPopup':
      return show({ ...state, viaPopup: state.mode !== 'popup' }, 'popup');
    case 'continueOnPage':
      return { state, effects: [{ type: 'askToRedirect' }] };
    case 'retry':
      if (state.status !== 'error') return stay(state, `retry() ignored: status is ${state.status}`);
      if (toBeMade(state)) return ask(state);
      // A configuration error: the merchant may have fixed the attributes since.
      if (refused(state) || state.mode === undefined) return stay({ ...state, startDue: true });
      // The top window refused to leave: ask again, as the open button does; the page is never framed.
      if (state.mode === 'redirect') return { state, effects: [{ type: 'askToRedirect' }] };
      return show({ ...state, opened: state.mode === 'overlay' || state.opened }, placeOf(state));
    case 'loaded': {
      if (state.showing === 'none') return stay(state);
      const progress = state.progress === 'loading' ? 'ready' : state.progress;
      const status = state.status === 'loading' ? 'ready' : state.status;
      const next = { ...state, progress, status, readyAnnounced: true } as const;
      return { state: next, effects: state.readyAnnounced ? [] : [emit({ type: 'ready' })] };
    }
    case 'pending': {
      const status = state.status === 'dismissed' ? 'dismissed' : 'pending';
      return {
        state: { ...state, pending: true, pendingMessage: signal.info.message, progress: 'pending', status },
        effects: [emit({ type: 'pending', info: signal.info })],
      };
    }
    case 'success':
    case 'failure':
      return end(state, signal.type, signal);
    case 'pageExpired':
      return end(state, 'expired', { type: 'expired', expiresAt: state.expiry?.expiresAt ?? '' });
    case 'cancel':
      return end(state, 'cancelled', signal);
    case 'tick':
      if (!state.expiry || signal.now < state.expiry.deadline) return stay(state);
      return end(state, 'expired', { type: 'expired', expiresAt: state.expiry.expiresAt });
    case 'error':
      return fail(state, signal.error);
    case 'popupBlocked': {
      const blocked = fail(
        state,
        signal.error,
        emit({ type: 'fallback', from: 'popup', to: 'redirect', reason: 'popup-blocked' }),
      );
      return { ...blocked, state: { ...blocked.state, offer: 'popup-blocked' } };
    }
    case 'unusable':
      if (state.mode === undefined) return stay(state);
      return {
        state: {
          ...state,
          showing: 'none',
          offer: 'fallback',
          status: state.status === 'dismissed' ? 'dismissed' : 'idle',
        },
        effects: [
          stopShowing,
          emit({ type: 'fallback', from: state.mode, to: 'popup', reason: 'no-handshake' }),
        ],
      };
    case 'redirectVetoed':
      // Back to where the customer chose to leave from: the open button, or the offer.
      return stay(
        state.showing === 'none' ? { ...state, status: 'idle' } : state,
        'redirect cancelled by a waftpay-redirect listener',
      );
    case 'returned':
      // Back where the customer chose to leave from; the same session, resumed by the open button.
      return state.status === 'redirecting' ? stay({ ...state, status: 'idle' }) : stay(state);
    case 'redirectAllowed':
      return {
        state: { ...state, ...unshown, status: 'redirecting' },
        effects: [stopShowing, { type: 'navigate' }],
      };
    case 'disconnect': {
      const live = ['loading', 'ready', 'pending', 'redirecting'].includes(state.status);
      return {
        state: { ...state, showing: 'none', progress: 'loading', status: live ? 'idle' : state.status },
        effects: [stopShowing, stopClock],
      };
    }
  }
}
