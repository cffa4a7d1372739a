import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { WaftpayCheckoutError, WaftpayErrorCode } from '../../src/shared/errors.js';
import {
  again,
  initialSession,
  outcomeEvents,
  toBeMade,
  transition,
  type SessionEffect,
  type SessionEvent,
  type SessionSignal,
  type SessionState,
} from '../../src/element/session.js';

// The session's rules, stated over any sequence of signals: whatever the customer, the hosted
// page, the clock and the page's scripts do, in whatever order.

const result = { status: 'SUCCESS', source: 'message' } as const;
// Deadlines in the first second of 1970, so that `expires-at` and the clock's `now` share a scale.
const expiry = fc
  .integer({ min: 1, max: 1000 })
  .map((deadline) => ({ expiresAt: new Date(deadline).toISOString(), deadline }));
const now = fc.integer({ min: 0, max: 1200 });
const retryable = new WaftpayCheckoutError(WaftpayErrorCode.LoadTimeout, 'load timeout');
const configuration = new WaftpayCheckoutError(WaftpayErrorCode.InvalidExpiresAt, 'bad expires-at');
const rejected = new WaftpayCheckoutError(WaftpayErrorCode.CreateSessionFailed, 'the shop said no');

/** A signal, or `reconnect`: the element leaving the page and coming back (disconnect, connect, start). */
type Step = SessionSignal | { readonly type: 'reconnect'; readonly start: SessionSignal };

const modes = ['iframe', 'overlay', 'popup', 'redirect'] as const;

/**
 * What the page gives the element: mostly the same checkout-url (or none, for `createSession` to
 * make one), now and then another.
 */
const configure = fc.record({
  type: fc.constant('configure' as const),
  checkoutUrl: fc.constantFrom(
    'https://pay.example/a',
    'https://pay.example/a',
    'https://pay.example/b',
    undefined,
  ),
  canAsk: fc.boolean(),
  mode: fc.constantFrom(...modes, 'sideways'),
  expiresAt: fc.oneof(
    expiry.map((e) => e.expiresAt),
    fc.constant(undefined),
    fc.constant('tomorrow'),
  ),
  opened: fc.boolean(),
});

const start = fc.record({
  type: fc.constant('start' as const),
  mode: fc.constantFrom(...modes),
  expiry: fc.option(expiry, { nil: undefined }),
  opened: fc.boolean(),
  now,
});

const customer = fc.constantFrom<SessionSignal>(
  { type: 'open' },
  { type: 'close' },
  { type: 'popupClosed' },
  { type: 'retry' },
  { type: 'openPopup' },
  { type: 'continueOnPage' },
);
const progress = fc.constantFrom<SessionSignal>({ type: 'loaded' }, { type: 'pending', info: {} });
const outcome = fc.constantFrom<SessionSignal>(
  { type: 'success', result },
  { type: 'failure', result: { ...result, status: 'FAILED' } },
  { type: 'pageExpired' },
  { type: 'cancel' },
);
/** What `createSession` answers, whenever it answers. */
const answer = fc.constantFrom<SessionSignal>(
  { type: 'made', session: { checkoutUrl: 'https://pay.example/made' } },
  { type: 'askFailed', error: rejected },
);
const trouble = fc.constantFrom<SessionSignal>(
  { type: 'refuse', error: configuration },
  { type: 'error', error: retryable },
  { type: 'error', error: configuration },
  { type: 'popupBlocked', error: retryable },
  { type: 'unusable' },
  { type: 'redirectAllowed' },
  { type: 'redirectVetoed' },
  { type: 'returned' },
);

/** Weighted towards what customers and pages do most, so that sessions live long enough to test. */
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: start, weight: 2 },
  { arbitrary: start.map((signal) => ({ type: 'reconnect' as const, start: signal })), weight: 1 },
  { arbitrary: customer, weight: 6 },
  { arbitrary: progress, weight: 3 },
  { arbitrary: outcome, weight: 1 },
  { arbitrary: trouble, weight: 2 },
  { arbitrary: now.map((at) => ({ type: 'tick' as const, now: at })), weight: 2 },
  { arbitrary: configure, weight: 2 },
  { arbitrary: answer, weight: 2 },
  { arbitrary: fc.constant({ type: 'connect' as const }), weight: 1 },
);

/** One transition as the element lives it: the signal, the state before and after, every effect. */
interface Trace {
  readonly signal: SessionSignal;
  readonly before: SessionState;
  readonly after: SessionState;
  readonly effects: readonly SessionEffect[];
}

/** The session and its clock between two steps. */
interface Snapshot {
  readonly state: SessionState;
  /** The deadline the clock is armed for, if it is. */
  readonly clock?: number;
}

/**
 * Runs `steps` as the element would: deferred signals are sent right after the transition that
 * asked for them, and the clock is followed through its effects.
 */
function run(steps: readonly Step[]): { state: SessionState; traces: Trace[]; snapshots: Snapshot[] } {
  let state = initialSession();
  let clock: number | undefined;
  const traces: Trace[] = [];
  const snapshots: Snapshot[] = [];
  const send = (signal: SessionSignal): void => {
    const before = state;
    const { state: after, effects } = transition(before, signal);
    state = after;
    traces.push({ signal, before, after, effects });
    for (const effect of effects) {
      if (effect.type === 'armClock') clock = effect.expiry.deadline;
      if (effect.type === 'stopClock') clock = undefined;
      if (effect.type === 'defer') send(effect.signal);
    }
  };
  for (const next of steps) {
    if (next.type === 'reconnect') {
      send({ type: 'disconnect' });
      send({ type: 'connect' });
      send(next.start);
    } else {
      send(next);
    }
    snapshots.push({ state, clock });
  }
  return { state, traces, snapshots };
}

const emitted = (effects: readonly SessionEffect[]): SessionEvent[] =>
  effects.flatMap((effect) => (effect.type === 'emit' ? [effect.event] : []));
const outcomesOf = (traces: readonly Trace[]): SessionEvent[] =>
  traces.flatMap((trace) => emitted(trace.effects)).filter((event) => outcomeEvents.has(event.type));
/** Sequences that begin as every session does: the element is configured, then starts it. */
const steps = fc
  .tuple(configure, start, fc.array(step, { maxLength: 40 }))
  .map(([given, first, rest]): Step[] => [given, first, ...rest]);
const runs = { numRuns: 500 };

describe('the session lifecycle (property tests)', function () {
  // Each runs hundreds of sequences: on a loaded two-core machine that can take seconds.
  this.timeout(20_000);

  it('no sequence of signals gives a session two outcomes, and nothing at all happens after the one', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const { traces } = run(sequence);
        for (const number of new Set(traces.map((trace) => trace.before.number)))
          expect(outcomesOf(traces.filter((t) => t.before.number === number)).length).to.be.at.most(1);
        for (const { before, after, effects } of traces) {
          if (!before.ended || after.number !== before.number) continue;
          expect(after.ended).to.equal(true);
          expect(after.status).to.equal(before.status);
          const acts = effects.filter((e) => !['log', 'stopShowing', 'stopClock'].includes(e.type));
          expect(acts, 'an ended session does nothing').to.deep.equal([]);
        }
      }),
      runs,
    );
  });

  it('a dismissal never gives an outcome: the session stays open, and says whether a prompt may be live', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        let prompted = false;
        for (const { signal, before, after, effects } of run(sequence).traces) {
          if (after.number !== before.number) prompted = false;
          if (signal.type === 'pending' && !before.ended) prompted = true;
          const events = emitted(effects);
          if (signal.type === 'close' || signal.type === 'popupClosed') {
            expect(events.filter((event) => outcomeEvents.has(event.type))).to.deep.equal([]);
          }
          for (const event of events.filter((e) => e.type === 'dismiss')) {
            // A configuration may also bring a malformed expires-at: an error after the dismissal.
            if (signal.type !== 'configure') expect(after.status).to.equal('dismissed');
            expect(after.ended).to.equal(false);
            expect(event).to.deep.equal({ type: 'dismiss', pending: prompted });
          }
        }
      }),
      runs,
    );
  });

  it('an open session always has its clock armed, and always ends at its deadline', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { state, clock } of run(sequence).snapshots) {
          expect(state.status === 'expired' && !state.ended, 'an expiry is never left unsaid').to.equal(
            false,
          );
          if (state.ended || state.mode === undefined || !state.expiry) continue;
          expect(clock, `the clock is armed for the deadline (${state.status})`).to.equal(
            state.expiry.deadline,
          );
          const { state: ended, effects } = transition(state, { type: 'tick', now: state.expiry.deadline });
          expect(ended.ended).to.equal(true);
          expect(ended.status).to.equal('expired');
          expect(emitted(effects)).to.deep.equal([{ type: 'expired', expiresAt: state.expiry.expiresAt }]);
        }
      }),
      runs,
    );
  });

  it('a tick before the deadline changes nothing', () => {
    fc.assert(
      fc.property(steps, now, (sequence, at) => {
        for (const { after: state } of run(sequence).traces) {
          if (!state.expiry || at >= state.expiry.deadline) continue;
          expect(transition(state, { type: 'tick', now: at })).to.deep.equal({ state, effects: [] });
        }
      }),
      runs,
    );
  });

  it('closing an overlay keeps its hosted page: resuming shows the same showing', () => {
    const overlay = start.map((signal) => ({ ...signal, mode: 'overlay' as const, opened: true }));
    fc.assert(
      fc.property(overlay, steps, (first, sequence) => {
        for (const { after: state } of run([first, ...sequence]).traces) {
          const shown = state.mode === 'overlay' && state.opened && state.showing === 'frame';
          if (!shown || state.ended || toBeMade(state)) continue;
          const closed = transition(state, { type: 'close' });
          expect(closed.effects.map((effect) => effect.type)).not.to.include('stopShowing');
          expect(closed.state.showing).to.equal('frame');
          const resumed = transition(closed.state, { type: 'open' });
          expect(resumed.effects.map((effect) => effect.type)).not.to.include('show');
          expect(resumed.state.showings).to.equal(state.showings);
          expect(resumed.state.status).to.equal(state.status);
        }
      }),
      runs,
    );
  });

  it('in redirect mode the hosted page is never shown in a frame: whatever the customer asks, they leave for it', () => {
    // Every configuration and start in redirect mode, so that the sessions stay there.
    const inRedirectMode = (next: Step): Step => {
      if (next.type === 'reconnect')
        return { ...next, start: { ...next.start, mode: 'redirect' } as SessionSignal };
      return next.type === 'configure' || next.type === 'start' ? { ...next, mode: 'redirect' } : next;
    };
    // Not `openPopup`: the one way into a popup, an offer, which redirect mode never makes.
    const asks: SessionSignal[] = [
      { type: 'open' },
      { type: 'retry' },
      { type: 'continueOnPage' },
      { type: 'close' },
    ];
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { after: state } of run(sequence.map(inRedirectMode)).traces) {
          if (state.mode !== 'redirect' || state.viaPopup) continue;
          for (const signal of asks)
            expect(
              transition(state, signal).effects,
              `${signal.type} when ${state.status}`,
            ).not.to.deep.include({
              type: 'show',
              in: 'frame',
            });
        }
      }),
      runs,
    );
  });

  it('ready is said once per session', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const readies = run(sequence)
          .traces.flatMap((trace) =>
            emitted(trace.effects).map((event) => ({ event, n: trace.before.number })),
          )
          .filter(({ event }) => event.type === 'ready');
        expect(readies.length).to.equal(new Set(readies.map(({ n }) => n)).size);
      }),
      runs,
    );
  });

  it('a new checkout-url is a new session, whatever came before: what the old one showed goes with it', () => {
    fc.assert(
      fc.property(steps, configure, (sequence, next) => {
        for (const { after: state } of run(sequence).traces) {
          const given = { ...next, checkoutUrl: `${state.given.checkoutUrl}/next` };
          const { state: fresh, effects } = transition(state, given);
          expect(fresh).to.deep.equal(initialSession(next.opened, state.number + 1, given));
          expect(fresh.startDue, 'the new session is started once configured').to.equal(true);
          expect(effects).to.deep.equal([{ type: 'stopShowing' }, { type: 'stopClock' }]);
        }
      }),
      runs,
    );
  });

  it('the same configuration again changes nothing: the same state, no effect', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { after: state } of run(sequence).traces) {
          const again = transition(state, { type: 'configure', ...state.given, opened: state.opened });
          expect(again.state, 'the very same state: no update follows').to.equal(state);
          expect(again.effects).to.deep.equal([]);
        }
      }),
      runs,
    );
  });

  it('the configuration is read again on connect, a new mode or createSession, a configuration error retried, or a session made; and only then', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { signal, before, after } of run(sequence).traces) {
          if (after.number !== before.number) continue;
          const newMode =
            signal.type === 'configure' &&
            (signal.mode !== before.given.mode || signal.canAsk !== before.given.canAsk);
          const made = signal.type === 'made' && before.asking && !before.made && !before.ended;
          const retried =
            signal.type === 'retry' &&
            !before.ended &&
            before.status === 'error' &&
            !toBeMade(before) &&
            (before.error?.retryable === false || before.mode === undefined);
          const read = (signal.type === 'start' || signal.type === 'refuse') && !before.ended;
          if (signal.type === 'connect' || newMode || retried || made) expect(after.startDue).to.equal(true);
          else if (read) expect(after.startDue).to.equal(false);
          else expect(after.startDue).to.equal(before.startDue);
        }
      }),
      runs,
    );
  });
});

describe('sessions made on demand (property tests)', function () {
  this.timeout(20_000);
  const emits = (effects: readonly SessionEffect[], type: SessionEffect['type']): number =>
    effects.filter((effect) => effect.type === type).length;

  it('createSession is called once per request to pay: never while an answer is on its way', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { before, after, effects } of run(sequence).traces) {
          const asks = emits(effects, 'ask');
          expect(asks).to.be.at.most(1);
          if (!asks) continue;
          expect(after.asking).to.equal(true);
          expect(before.asking && after.number === before.number, 'asked twice').to.equal(false);
        }
      }),
      runs,
    );
  });

  it("nothing of a session still to be made is shown in a frame: a popup shows the element's own page until it comes", () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { after, effects } of run(sequence).traces)
          if (toBeMade(after)) expect(effects).not.to.deep.include({ type: 'show', in: 'frame' });
      }),
      runs,
    );
  });

  it('what createSession made is kept until the session ends or another begins (or it breaks the rules)', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { signal, before, after } of run(sequence).traces) {
          if (!before.made || after.number !== before.number || signal.type === 'refuse') continue;
          expect(after.made).to.equal(before.made);
        }
      }),
      runs,
    );
  });

  it('a rejection is one retryable waftpay-error and nothing else; an answer nobody waits for changes nothing', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { signal, before, after, effects } of run(sequence).traces) {
          if (signal.type !== 'askFailed' && signal.type !== 'made') continue;
          const awaited = before.asking && !before.made && !before.ended;
          if (!awaited) {
            expect(after).to.equal(before);
            expect(effects.filter((effect) => effect.type !== 'log')).to.deep.equal([]);
          } else if (signal.type === 'askFailed') {
            expect(emitted(effects)).to.deep.equal([{ type: 'error', error: rejected }]);
            expect(after).to.include({ status: 'error', asking: false, showing: 'none' });
            expect(after.error?.retryable).to.equal(true);
          } else {
            expect(effects).to.deep.equal([]);
            expect(after).to.include({ made: signal.session, startDue: true });
          }
        }
      }),
      runs,
    );
  });

  it('after a failure, an expiry or a cancel, the next request to pay asks for a new session (not after a success)', () => {
    fc.assert(
      fc.property(steps, fc.constantFrom('open' as const, 'retry' as const), (sequence, type) => {
        for (const { after: state } of run(sequence).traces) {
          if (!state.ended) continue;
          const next = transition(state, { type });
          if (state.status === 'success' || !state.given.canAsk) {
            expect(again(state)).to.equal(false);
            expect(next.state.number).to.equal(state.number);
            expect(emits(next.effects, 'ask')).to.equal(0);
            continue;
          }
          expect(next.state).to.include({ number: state.number + 1, asking: true, ended: false });
          expect(next.state.made).to.equal(undefined);
          expect(emits(next.effects, 'ask')).to.equal(1);
        }
      }),
      runs,
    );
  });

  it('a popup closed while its session is made is a dismissal: the session that comes waits for open()', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        for (const { after: state } of run(sequence).traces) {
          const { mode } = state;
          if (!state.asking || state.made || state.status !== 'dismissed' || mode === undefined) continue;
          if (mode !== 'popup' && (mode !== 'overlay' || state.opened)) continue;
          const made = transition(state, { type: 'made', session: { checkoutUrl: 'https://pay.example/m' } });
          const started = transition(made.state, {
            type: 'start',
            mode,
            opened: state.opened,
            now: 0,
          });
          expect(started.effects.map((effect) => effect.type)).not.to.include('show');
          expect(started.state).to.include({ status: 'dismissed', showing: 'none', asking: false });
          const resumed = transition(started.state, { type: 'open' });
          expect(emits(resumed.effects, 'ask'), 'the same session, not a new one').to.equal(0);
        }
      }),
      runs,
    );
  });
});

describe('the session lifecycle (cases)', () => {
  const given = { checkoutUrl: 'https://pay.example/a', mode: 'overlay', expiresAt: undefined };
  const configured = (opened = false): SessionState =>
    transition(initialSession(), { type: 'configure', ...given, opened }).state;

  it('configured, the session waits for its start; started, it is numbered and no longer due', () => {
    const state = configured();
    expect(state).to.include({ number: 1, startDue: true, status: 'idle' });
    const after = transition(state, { type: 'start', mode: 'overlay', opened: false, now: 0 }).state;
    expect(after).to.include({ number: 1, startDue: false, mode: 'overlay' });
  });

  it('in overlay mode, the open attribute opens and closes the session; in the others it does nothing', () => {
    const state = transition(configured(), { type: 'start', mode: 'overlay', opened: false, now: 0 }).state;
    const opened = transition(state, { type: 'configure', ...given, opened: true });
    expect(opened.state).to.include({ opened: true, showing: 'frame', status: 'loading' });
    expect(opened.effects).to.deep.include({ type: 'show', in: 'frame' });
    const closed = transition(opened.state, { type: 'configure', ...given, opened: false });
    expect(closed.state).to.include({ opened: false, status: 'dismissed' });
    const popup = transition(configured(), { type: 'start', mode: 'popup', opened: false, now: 0 }).state;
    const ignored = transition(popup, { type: 'configure', ...given, opened: true });
    expect(ignored.state).to.include({ showing: 'none', status: 'idle' });
  });

  it('a new expires-at moves the deadline; a malformed one is an error, with no clock left running', () => {
    const state = transition(configured(), { type: 'start', mode: 'overlay', opened: false, now: 0 }).state;
    const later = transition(state, {
      type: 'configure',
      ...given,
      expiresAt: '1970-01-01T00:00:01Z',
      opened: false,
    });
    expect(later.effects).to.deep.equal([
      { type: 'armClock', expiry: { expiresAt: '1970-01-01T00:00:01Z', deadline: 1000 } },
    ]);
    const bad = transition(later.state, {
      type: 'configure',
      ...given,
      expiresAt: 'tomorrow',
      opened: false,
    });
    expect(bad.state).to.include({ status: 'error', expiry: undefined });
    expect(bad.state.error?.code).to.equal(WaftpayErrorCode.InvalidExpiresAt);
    expect(bad.effects.map((effect) => effect.type)).to.deep.equal(['stopShowing', 'emit', 'stopClock']);
  });

  const started = (mode: 'overlay' | 'popup' | 'redirect'): SessionState =>
    transition(initialSession(), { type: 'start', mode, opened: false, now: 0 }).state;

  it('a popup closed while pending: dismissed with pending; open() shows the popup again', () => {
    let state = transition(started('popup'), { type: 'open' }).state;
    state = transition(state, { type: 'pending', info: {} }).state;
    const closed = transition(state, { type: 'popupClosed' });
    expect(closed.state.status).to.equal('dismissed');
    expect(emitted(closed.effects)).to.deep.equal([{ type: 'dismiss', pending: true }]);
    const resumed = transition(closed.state, { type: 'open' });
    expect(resumed.effects).to.deep.include({ type: 'show', in: 'popup' });
    expect(resumed.state.status).to.equal('loading');
  });

  it('back from the back/forward cache after a redirect: no longer redirecting, and the button takes the customer again', () => {
    const state = transition(started('redirect'), { type: 'redirectAllowed' }).state;
    expect(state.status).to.equal('redirecting');
    const back = transition(state, { type: 'returned' });
    expect(back.state.status).to.equal('idle');
    expect(back.effects.filter((effect) => effect.type !== 'log')).to.deep.equal([]);
    expect(transition(back.state, { type: 'open' }).effects).to.deep.equal([{ type: 'askToRedirect' }]);
    // Anything but a redirect under way is left as it was.
    const pending = transition(started('overlay'), { type: 'pending', info: {} }).state;
    expect(transition(pending, { type: 'returned' }).state).to.equal(pending);
  });

  it('redirect mode: after the top window refused to leave, retry() asks to leave again', () => {
    let state = transition(started('redirect'), { type: 'redirectAllowed' }).state;
    const error = new WaftpayCheckoutError(WaftpayErrorCode.NavigationBlocked, 'sandboxed');
    state = transition(state, { type: 'error', error }).state;
    expect(state.status).to.equal('error');
    const retried = transition(state, { type: 'retry' });
    expect(retried.effects).to.deep.equal([{ type: 'askToRedirect' }]);
    expect(retried.state.showing).to.equal('none');
  });

  it('an outcome while dismissed is the one final event', () => {
    let state = transition(started('overlay'), { type: 'open' }).state;
    state = transition(state, { type: 'close' }).state;
    const paid = transition(state, { type: 'success', result });
    expect(paid.state.status).to.equal('success');
    expect(emitted(paid.effects)).to.deep.equal([{ type: 'success', result }]);
  });
});
