// `npm run soak -- --schedules N [--seed S] [--postgres]`: runs N seeded schedules of the shop's
// whole-system simulation (test/merchant/simulation.ts), from seed S (default 1), and prints
// `N schedules, N payments, N faults injected, lost 0, invented 0, fulfilled twice 0`.
// `--seed S` alone replays schedule S (and prints what it found). Exits 1 if any schedule failed.
import { parseArgs } from 'node:util';
import { sqlitePlace } from '../test/merchant/sim-world.js';
import { describeFailure, soak, summaryLine } from '../test/merchant/soak.js';
import { startPostgres } from '../test/merchant/postgres.js';

const { values } = parseArgs({
  options: {
    schedules: { type: 'string' },
    seed: { type: 'string' },
    postgres: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const schedules = Number(values.schedules ?? (values.seed !== undefined ? 1 : 1000));
const firstSeed = Number(values.seed ?? 1);
if (!Number.isInteger(schedules) || schedules < 1 || !Number.isInteger(firstSeed)) {
  console.error('usage: npm run soak -- [--schedules N] [--seed S] [--postgres]');
  process.exit(2);
}

const postgres = values.postgres ? await startPostgres() : undefined;
const started = Date.now();
let reported = started;
try {
  const totals = await soak({
    schedules,
    firstSeed,
    place: postgres ? async () => ({ databaseUrl: await postgres.newDatabase() }) : sqlitePlace,
    progress: (report, sofar) => {
      if (values.verbose || schedules === 1) console.log(JSON.stringify(report));
      if (values.verbose && schedules === 1) console.log(report.logs?.join('\n'));
      if (report.lost.length + report.invented.length + report.fulfilledTwice.length + report.problems.length)
        console.log(describeFailure(report, postgres !== undefined));
      if (Date.now() - reported > 30_000) {
        reported = Date.now();
        console.log(`… ${summaryLine(sofar)} (${Math.round((reported - started) / 1000)} s)`);
      }
    },
  });
  console.log(summaryLine(totals));
  console.log(
    Object.entries(totals.happened)
      .map(([what, times]) => `${what} ${times}`)
      .join(', '),
  );
  console.log(
    `${postgres ? 'PostgreSQL' : 'SQLite'}, seeds ${firstSeed}–${firstSeed + schedules - 1}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exitCode = totals.failed.length ? 1 : 0;
} finally {
  await postgres?.stop();
}
