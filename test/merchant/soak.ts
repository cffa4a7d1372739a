// Many seeded schedules of the simulation (simulation.ts), each on a sandbox and a clock of its
// own (so that any one replays alone exactly as it ran among the others), and their totals.
import { rmSync } from 'node:fs';
import type { StoreOptions } from '../../demo/merchant/open-store.js';
import { ManualClock, startSandbox } from '../../sandbox/server.js';
import { runSchedule, type ScheduleReport, type SimSandbox } from './simulation.js';

export interface SoakTotals {
  schedules: number;
  payments: number;
  faults: number;
  lost: number;
  invented: number;
  fulfilledTwice: number;
  problems: number;
  /** Summed over the schedules: see {@link ScheduleReport.happened}. */
  readonly happened: Record<string, number>;
  /** The schedules that broke a rule, with what they found. */
  readonly failed: ScheduleReport[];
}

/** The line `npm test` and `npm run soak` print. */
export const summaryLine = (totals: SoakTotals): string =>
  `${totals.schedules} schedules, ${totals.payments} payments, ${totals.faults} faults injected, lost ${totals.lost}, invented ${totals.invented}, fulfilled twice ${totals.fulfilledTwice}`;

/** What to tell of a schedule that broke a rule: its seed (to replay it) and what it found. */
export const describeFailure = (report: ScheduleReport, postgres = false): string =>
  [
    `schedule ${report.seed} failed (replay: npm run soak -- --seed ${report.seed}${postgres ? ' --postgres' : ''}):`,
    ...[...report.lost, ...report.invented, ...report.fulfilledTwice, ...report.problems].map(
      (line) => `  ${line}`,
    ),
  ].join('\n');

/** Runs one schedule: a fresh sandbox on a fresh clock, the shop's store at `place`. */
export async function runOne(seed: number, place: StoreOptions): Promise<ScheduleReport> {
  const clock = new ManualClock();
  const sandbox = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    clock,
    log: () => undefined,
    warn: () => undefined,
  });
  try {
    return await runSchedule(sandbox as SimSandbox, seed, place);
  } finally {
    await sandbox.close();
  }
}

/** Runs schedules `firstSeed`, `firstSeed + 1`, …; `progress` hears each report. */
export async function soak(options: {
  schedules: number;
  firstSeed: number;
  place: () => Promise<StoreOptions> | StoreOptions;
  progress?: (report: ScheduleReport, totals: SoakTotals) => void;
}): Promise<SoakTotals> {
  const totals: SoakTotals = {
    schedules: 0,
    payments: 0,
    faults: 0,
    lost: 0,
    invented: 0,
    fulfilledTwice: 0,
    problems: 0,
    happened: {},
    failed: [],
  };
  for (let index = 0; index < options.schedules; index++) {
    const place = await options.place();
    const report = await runOne(options.firstSeed + index, place);
    // A schedule's SQLite folder is of no use once it is checked.
    if (place.dataDir) rmSync(place.dataDir, { recursive: true, force: true });
    totals.schedules++;
    totals.payments += report.payments;
    totals.faults += report.faults;
    totals.lost += report.lost.length;
    totals.invented += report.invented.length;
    totals.fulfilledTwice += report.fulfilledTwice.length;
    totals.problems += report.problems.length;
    for (const [what, times] of Object.entries(report.happened))
      totals.happened[what] = (totals.happened[what] ?? 0) + times;
    if (report.lost.length + report.invented.length + report.fulfilledTwice.length + report.problems.length)
      totals.failed.push(report);
    options.progress?.(report, totals);
  }
  return totals;
}
