/**
 * The lifecycle of one checkout session, as data: `transition(state, signal)` returns what the
 * session becomes and what the element must do about it (effects). Nothing here touches the DOM,
 * a timer or an event: the element carries the effects out, so the rules below hold for any
 * sequence of signals and are tested that way (test/element/session.test.ts):
 * - a session ends once: after an outcome (success, failure, expired, cancel) nothing is emitted;
 * - closing the overlay or the popup is a dismissal, never an outcome: the session stays open,
 *   its clock keeps running, `open` resumes it, and what the page reports later still counts;
 * - an open session with a deadline always has its clock armed, and the deadline ends it.
 */
import type { CheckoutResult } from '../shared/checkout-result.js';
import type { WaftpayCheckoutError } from '../shared/errors.js';
import type { PendingInfo } from '../shared/protocol.js';
import type { FallbackReason } from './events.js';
import type { CheckoutMode } from './mode.js';
import type { Expiry } from './session-config.js';
import type { CheckoutStatus } from './status.js';

/** What the customer is offered when the chosen mode could not be used. */
export type Offer = 'fallback' | 'popup-blocked';

/** Where the hosted page is shown: nowhere, in the element's frame, or in a popup. */
export type Stage = 'none' | 'frame' | 'popup';

/** How far the page being shown has got; what a resumed overlay shows again. */
export type Progress = 'loading' | 'ready' | 'pending';

export interface SessionState {
  /** What the element reflects as `status`. */
  readonly status: CheckoutStatus;
  /** An outcome was dispatched: the session is over, whatever comes next. */
  readonly ended: boolean;
  /** The mode in use; `undefined` until the session has started with a valid configuration. */
  readonly mode?: CheckoutMode;
  readonly expiry?: Expiry;
  /** Overlay mode: the dialog is open. */
  readonly opened: boolean;
  readonly stage: Stage;
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
  /** The configuration was read and is valid: present the session (again) in `mode`. */
  | {
      readonly type: 'start';
      readonly mode: CheckoutMode;
      readonly expiry?: Expiry;
      readonly opened: boolean;
      readonly now: number;
    }
  /** The configuration was refused. */
  | { readonly type: 'refuse'; readonly error: WaftpayCheckoutError }
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
  /** Presenting failed (load timeout, unreachable, navigation refused, bad `expires-at`). */
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
  /** `expires-at` changed during the session (`undefined`: removed). */
  | { readonly type: 'deadline'; readonly expiry?: Expiry }
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
  /** Show the hosted page at the session's URL, in a fresh frame or a new window (synchronously). */
  | { readonly type: 'present'; readonly in: 'frame' | 'popup' }
  /** Tear the current showing down (its frame goes, its window closes). */
  | { readonly type: 'stopPresenting' }
  | { readonly type: 'armClock'; readonly expiry: Expiry }
  | { readonly type: 'stopClock' }
  /** Dispatch the cancelable `waftpay-redirect`, then signal `redirectAllowed` or `redirectVetoed`. */
  | { readonly type: 'askToRedirect' }
  /** Navigate the top window to the session's URL. */
  | { readonly type: 'navigate' }
  | { readonly type: 'focusPopup' }
  /** Read the attributes again and start over (`start`, or `refuse` if they are still wrong). */
  | { readonly type: 'reconfigure' }
  /** Send `signal` once the page's scripts have had their chance to listen to the element. */
  | { readonly type: 'defer'; readonly signal: SessionSignal }
  /** Say in debug mode why a signal changed nothing. */
  | { readonly type: 'log'; readonly message: string };

export interface Transition {
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}

/** A session for a new `checkout-url`, before it starts. */
export function initialSession(opened = false): SessionState {
  return {
    status: 'idle',
    ended: false,
    opened,
    stage: 'none',
    showings: 0,
    progress: 'loading',
    viaPopup: false,
    pending: false,
    readyAnnounced: false,
  };
}

const emit = (event: SessionEvent): SessionEffect => ({ type: 'emit', event });
const stopPresenting: SessionEffect = { type: 'stopPresenting' };
const stopClock: SessionEffect = { type: 'stopClock' };
const stay = (state: SessionState, message?: string): Transition => ({
  state,
  effects: message ? [{ type: 'log', message }] : [],
});
/** Nothing is shown any more: no frame, no window, no offer. */
const unshown = { stage: 'none', offer: undefined } as const;

/** Where this session shows the hosted page when it presents it. */
function presenter(state: SessionState): 'frame' | 'popup' {
  return state.mode === 'popup' || state.viaPopup ? 'popup' : 'frame';
}

/** A fresh showing of the hosted page (a previous one goes first). */
function present(state: SessionState, where: 'frame' | 'popup', ...more: SessionEffect[]): Transition {
  return {
    state: {
      ...state,
      stage: where,
      showings: state.showings + 1,
      progress: 'loading',
      status: 'loading',
      offer: undefined,
      error: undefined,
    },
    effects: [stopPresenting, { type: 'present', in: where }, ...more],
  };
}

/** Ends the session with an outcome. */
function end(state: SessionState, status: CheckoutStatus, event: SessionEvent): Transition {
  return {
    state: { ...state, ...unshown, status, ended: true, error: undefined },
    effects: [stopPresenting, stopClock, emit(event)],
  };
}

/** Presenting failed: the session goes on (its clock too), and `retry()` may present it again. */
function fail(state: SessionState, error: WaftpayCheckoutError, ...more: SessionEffect[]): Transition {
  return {
    state: { ...state, ...unshown, status: 'error', error },
    effects: [stopPresenting, emit({ type: 'error', error }), ...more],
  };
}

/** Closing the overlay or the popup before an outcome: the session goes on without being shown. */
function dismiss(state: SessionState, stopShowing: boolean): Transition {
  const event = emit({ type: 'dismiss', pending: state.pending });
  return stopShowing
    ? { state: { ...state, stage: 'none', status: 'dismissed' }, effects: [stopPresenting, event] }
    : { state: { ...state, status: 'dismissed' }, effects: [event] };
}

/** A configuration error: retrying or resuming cannot help until an attribute changes. */
function refused(state: SessionState): boolean {
  return state.status === 'error' && state.error?.retryable === false;
}

function start(state: SessionState, signal: Extract<SessionSignal, { type: 'start' }>): Transition {
  const { mode, expiry, opened, now } = signal;
  const restarted: SessionState = {
    ...state,
    ...unshown,
    mode,
    expiry,
    opened,
    progress: 'loading',
    viaPopup: false,
    error: undefined,
    status: state.status === 'dismissed' ? 'dismissed' : 'idle',
  };
  if (expiry && now >= expiry.deadline) {
    // Said once the page can listen; until then the element already shows it.
    return {
      state: { ...restarted, status: 'expired' },
      effects: [stopPresenting, stopClock, { type: 'defer', signal: { type: 'tick', now } }],
    };
  }
  const clock: SessionEffect = expiry ? { type: 'armClock', expiry } : stopClock;
  if (mode === 'iframe' || (mode === 'overlay' && opened)) return present(restarted, 'frame', clock);
  if (mode !== 'redirect') return { state: restarted, effects: [stopPresenting, clock] };
  return {
    state: { ...restarted, status: 'idle' },
    effects: [stopPresenting, clock, { type: 'defer', signal: { type: 'open' } }],
  };
}

function open(state: SessionState): Transition {
  const { mode, stage, status } = state;
  if (mode === undefined) return stay({ ...state, opened: true });
  if (status === 'redirecting' || (mode === 'overlay' && state.opened)) return stay(state);
  if (mode === 'overlay') {
    const opened: SessionState = { ...state, opened: true };
    // The page stayed loaded, hidden: show it again as it is now.
    if (stage !== 'none')
      return stay({ ...opened, status: status === 'dismissed' ? state.progress : status });
    if (state.offer) return stay({ ...opened, status: status === 'dismissed' ? 'idle' : status });
    return refused(state) ? stay(opened) : present(opened, presenter(state));
  }
  if (refused(state)) return stay(state);
  if (mode === 'redirect') return { state, effects: [{ type: 'askToRedirect' }] };
  if (presenter(state) === 'frame') return stay(state);
  return stage === 'popup' ? { state, effects: [{ type: 'focusPopup' }] } : present(state, 'popup');
}

function close(state: SessionState): Transition {
  if (state.mode === 'overlay' && state.opened) {
    const closed: SessionState = { ...state, opened: false };
    return refused(state) ? stay(closed) : dismiss(closed, state.stage === 'popup');
  }
  if (state.stage === 'popup') return dismiss(state, true);
  return stay({ ...state, opened: state.mode === undefined ? false : state.opened });
}

/** After an outcome, only the overlay can still be closed (it shows the outcome until then). */
function afterTheEnd(state: SessionState, signal: SessionSignal): Transition {
  if (signal.type === 'close' && state.opened) return stay({ ...state, opened: false });
  const quiet = signal.type === 'start' || signal.type === 'tick' || signal.type === 'disconnect';
  return stay(state, quiet ? undefined : `${signal.type} ignored: the session has ended`);
}

/**
 * The session after `signal`, and what the element must do. Pure: the same state and signal
 * always give the same transition.
 */
export function transition(state: SessionState, signal: SessionSignal): Transition {
  if (state.ended) return afterTheEnd(state, signal);
  switch (signal.type) {
    case 'start':
      return start(state, signal);
    case 'refuse':
      return {
        state: { ...state, ...unshown, status: 'error', error: signal.error, expiry: undefined },
        effects: [
          stopPresenting,
          stopClock,
          { type: 'defer', signal: { type: 'error', error: signal.error } },
        ],
      };
    case 'open':
      return open(state);
    case 'close':
      return close(state);
    case 'popupClosed':
      return state.stage === 'popup' ? dismiss(state, true) : stay(state);
    case 'openPopup':
      return present({ ...state, viaPopup: state.mode !== 'popup' }, 'popup');
    case 'continueOnPage':
      return { state, effects: [{ type: 'askToRedirect' }] };
    case 'retry':
      if (state.status !== 'error') return stay(state, `retry() ignored: status is ${state.status}`);
      // A configuration error: the merchant may have fixed the attributes since.
      if (refused(state) || state.mode === undefined) return { state, effects: [{ type: 'reconfigure' }] };
      return present({ ...state, opened: state.mode === 'overlay' || state.opened }, presenter(state));
    case 'loaded': {
      if (state.stage === 'none') return stay(state);
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
          stage: 'none',
          offer: 'fallback',
          status: state.status === 'dismissed' ? 'dismissed' : 'idle',
        },
        effects: [
          stopPresenting,
          emit({ type: 'fallback', from: state.mode, to: 'popup', reason: 'no-handshake' }),
        ],
      };
    case 'redirectVetoed':
      // Back to where the customer chose to leave from: the open button, or the offer.
      return stay(
        state.stage === 'none' ? { ...state, status: 'idle' } : state,
        'redirect cancelled by a waftpay-redirect listener',
      );
    case 'returned':
      // Back where the customer chose to leave from; the same session, resumed by the open button.
      return state.status === 'redirecting' ? stay({ ...state, status: 'idle' }) : stay(state);
    case 'redirectAllowed':
      return {
        state: { ...state, ...unshown, status: 'redirecting' },
        effects: [stopPresenting, { type: 'navigate' }],
      };
    case 'deadline':
      if (state.mode === undefined) return stay(state);
      return {
        state: { ...state, expiry: signal.expiry },
        effects: [signal.expiry ? { type: 'armClock', expiry: signal.expiry } : stopClock],
      };
    case 'disconnect': {
      const live = ['loading', 'ready', 'pending', 'redirecting'].includes(state.status);
      return {
        state: { ...state, stage: 'none', progress: 'loading', status: live ? 'idle' : state.status },
        effects: [stopPresenting, stopClock],
      };
    }
  }
}
