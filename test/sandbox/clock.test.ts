// The clock the sandbox runs on: the machine's, or a ManualClock that tests and simulations move
// themselves, so time passes without waiting for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, realClock } from '../../sandbox/clock.js';

test('ManualClock runs what falls due, in time order (then in the order asked), and nothing early', () => {
  const clock = new ManualClock(1_000);
  const ran: string[] = [];
  clock.schedule(() => ran.push('b@300'), 300);
  clock.schedule(() => ran.push('a@100'), 100);
  clock.schedule(() => ran.push('c@300'), 300);
  clock.advance(99);
  assert.deepEqual(ran, []);
  assert.equal(clock.now(), 1_099);
  clock.advance(201);
  assert.deepEqual(ran, ['a@100', 'b@300', 'c@300']);
  assert.equal(clock.pending, 0);
});

test('what a run schedules within the span runs in the same advance, at its own time', () => {
  const clock = new ManualClock(0);
  const at: number[] = [];
  const tick = (): void => {
    at.push(clock.now());
    if (at.length < 4) clock.schedule(tick, 60_000);
  };
  clock.schedule(tick, 60_000);
  clock.advance(10 * 60_000);
  assert.deepEqual(at, [60_000, 120_000, 180_000, 240_000]);
  assert.equal(clock.now(), 600_000);
});

test('a cancelled run never runs; nextAt says when the next one is due', () => {
  const clock = new ManualClock(0);
  let ran = false;
  const run = clock.schedule(() => (ran = true), 10);
  clock.schedule(() => undefined, 20);
  run.cancel();
  assert.equal(clock.nextAt, 20);
  clock.advance(100);
  assert.equal(ran, false);
  assert.equal(clock.nextAt, undefined);
});

test('10 000 runs at random times come out in order', () => {
  const clock = new ManualClock(0);
  const seen: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const ms = (i * 7919) % 100_000;
    clock.schedule(() => seen.push(ms), ms);
  }
  clock.advance(100_000);
  assert.equal(seen.length, 10_000);
  assert.ok(seen.every((ms, index) => index === 0 || seen[index - 1] <= ms));
});

test('the real clock waits longer than setTimeout can (2^31 ms) in steps, and can be cancelled', () => {
  const run = realClock.schedule(() => assert.fail('ran'), 2 ** 31 + 5);
  run.cancel();
});
