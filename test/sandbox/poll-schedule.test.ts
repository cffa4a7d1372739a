// The hosted page's polling: back-off with a cap, and never forever.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PollSchedule, defaultPollTiming } from '../../sandbox/client/poll-schedule.js';

const delays = (steps: Array<{ delayMs: number } | { stop: string }>) =>
  steps.map((step) => ('delayMs' in step ? step.delayMs : step.stop));

test('while nothing changes, each wait is longer, up to the cap; a change or an action starts again', () => {
  const schedule = new PollSchedule();
  const quiet = delays(Array.from({ length: 6 }, () => schedule.answered(false)));
  assert.deepEqual(quiet, [1500, 2250, 3375, 4000, 4000, 4000]);
  assert.deepEqual(schedule.answered(true), { delayMs: 1000 });
  schedule.answered(false);
  assert.deepEqual(schedule.reset(), { delayMs: 1000 });
});

test('the server unreachable: waits double up to 15 s, then it stops after two minutes', () => {
  const schedule = new PollSchedule();
  let now = 0;
  const steps = [];
  for (;;) {
    const step = schedule.failed(now);
    steps.push(step);
    if ('stop' in step) break;
    now += step.delayMs;
  }
  assert.deepEqual(delays(steps).slice(0, 6), [1000, 2000, 4000, 8000, 15000, 15000]);
  assert.equal(delays(steps).at(-1), 'unreachable');
  assert.ok(now >= defaultPollTiming.giveUpAfterMs && now < defaultPollTiming.giveUpAfterMs + 15_000);
  // Fewer than a dozen requests in two minutes, where a fixed 0.7 s poll made 170.
  assert.ok(steps.length < 14, `${steps.length} requests`);
});

test('an answer after failures clears them: the next failure waits one second again', () => {
  const schedule = new PollSchedule();
  schedule.failed(0);
  schedule.failed(1000);
  schedule.failed(3000);
  schedule.answered(false);
  assert.deepEqual(schedule.failed(200_000), { delayMs: 1000 });
});
