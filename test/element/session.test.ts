import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { WaftpayCheckoutError, WaftpayErrorCode } from '../../src/shared/errors.js';
import {
  initialSession,
  outcomeEvents,
  transition,
  type SessionEffect,
  type SessionEvent,
  type SessionSignal,
  type SessionState,
} from '../../src/element/session.js';

// The session's rules, stated over any sequence of signals: whatever the customer, the hosted
// page, the clock and the page's scripts do, in whatever order.

const result = { status: 'SUCCESS', source: 'message' } as const;
const expiry = fc
  .integer({ min: 1, max: 1000 })
  .map((deadline) => ({ expiresAt: `at ${deadline}`, deadline }));
const now = fc.integer({ min: 0, max: 1200 });
const retryable = new WaftpayCheckoutError(WaftpayErrorCode.LoadTimeout, 'load timeout');
const configuration = new WaftpayCheckoutError(WaftpayErrorCode.InvalidExpiresAt, 'bad expires-at');

/** A signal, or `reconnect`: the element leaving the page and coming back (disconnect, then start). */
type Step = SessionSignal | { readonly type: 'reconnect'; readonly start: SessionSignal };

const start = fc.record({
  type: fc.constant('start' as const),
  mode: fc.constantFrom('iframe' as const, 'overlay' as const, 'popup' as const, 'redirect' as const),
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
  {
    arbitrary: fc
      .option(expiry, { nil: undefined })
      .map((next) => ({ type: 'deadline' as const, expiry: next })),
    weight: 1,
  },
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
/** Sequences that begin as every session does: the element starts it. */
const steps = fc
  .tuple(start, fc.array(step, { maxLength: 40 }))
  .map(([first, rest]): Step[] => [first, ...rest]);
const runs = { numRuns: 500 };

describe('the session lifecycle (property tests)', function () {
  // Each runs hundreds of sequences: on a loaded two-core machine that can take seconds.
  this.timeout(20_000);

  it('no sequence of signals gives two outcomes, and nothing at all happens after the one', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const { traces } = run(sequence);
        expect(outcomesOf(traces).length).to.be.at.most(1);
        for (const { before, after, effects } of traces) {
          if (!before.ended) continue;
          expect(after.ended).to.equal(true);
          expect(after.status).to.equal(before.status);
          const acts = effects.filter((e) => !['log', 'stopPresenting', 'stopClock'].includes(e.type));
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
          if (signal.type === 'pending' && !before.ended) prompted = true;
          const events = emitted(effects);
          if (signal.type === 'close' || signal.type === 'popupClosed') {
            expect(events.filter((event) => outcomeEvents.has(event.type))).to.deep.equal([]);
          }
          for (const event of events.filter((e) => e.type === 'dismiss')) {
            expect(after.status).to.equal('dismissed');
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
          if (state.mode !== 'overlay' || !state.opened || state.stage !== 'frame' || state.ended) continue;
          const closed = transition(state, { type: 'close' });
          expect(closed.effects.map((effect) => effect.type)).not.to.include('stopPresenting');
          expect(closed.state.stage).to.equal('frame');
          const resumed = transition(closed.state, { type: 'open' });
          expect(resumed.effects.map((effect) => effect.type)).not.to.include('present');
          expect(resumed.state.showings).to.equal(state.showings);
          expect(resumed.state.status).to.equal(state.status);
        }
      }),
      runs,
    );
  });

  it('ready is said once per session', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const readies = run(sequence)
          .traces.flatMap((trace) => emitted(trace.effects))
          .filter((event) => event.type === 'ready');
        expect(readies.length).to.be.at.most(1);
      }),
      runs,
    );
  });
});

describe('the session lifecycle (cases)', () => {
  const started = (mode: 'overlay' | 'popup'): SessionState =>
    transition(initialSession(), { type: 'start', mode, opened: false, now: 0 }).state;

  it('a popup closed while pending: dismissed with pending; open() presents the popup again', () => {
    let state = transition(started('popup'), { type: 'open' }).state;
    state = transition(state, { type: 'pending', info: {} }).state;
    const closed = transition(state, { type: 'popupClosed' });
    expect(closed.state.status).to.equal('dismissed');
    expect(emitted(closed.effects)).to.deep.equal([{ type: 'dismiss', pending: true }]);
    const resumed = transition(closed.state, { type: 'open' });
    expect(resumed.effects).to.deep.include({ type: 'present', in: 'popup' });
    expect(resumed.state.status).to.equal('loading');
  });

  it('back from the back/forward cache after a redirect: no longer redirecting, and the button takes the customer again', () => {
    let state = transition(initialSession(), {
      type: 'start',
      mode: 'redirect',
      opened: false,
      now: 0,
    }).state;
    state = transition(state, { type: 'redirectAllowed' }).state;
    expect(state.status).to.equal('redirecting');
    const back = transition(state, { type: 'returned' });
    expect(back.state.status).to.equal('idle');
    expect(back.effects.filter((effect) => effect.type !== 'log')).to.deep.equal([]);
    expect(transition(back.state, { type: 'open' }).effects).to.deep.equal([{ type: 'askToRedirect' }]);
    // Anything but a redirect under way is left as it was.
    const pending = transition(started('overlay'), { type: 'pending', info: {} }).state;
    expect(transition(pending, { type: 'returned' }).state).to.equal(pending);
  });

  it('an outcome while dismissed is the one final event', () => {
    let state = transition(started('overlay'), { type: 'open' }).state;
    state = transition(state, { type: 'close' }).state;
    const paid = transition(state, { type: 'success', result });
    expect(paid.state.status).to.equal('success');
    expect(emitted(paid.effects)).to.deep.equal([{ type: 'success', result }]);
  });
});
