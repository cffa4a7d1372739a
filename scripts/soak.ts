// `npm run soak -- --schedules N [--seed S] [--workers W] [--postgres]`: runs N seeded schedules of
// the shop's whole-system simulation (test/merchant/simulation.ts), seeds S (default 1) to S+N-1,
// in W processes at once (default 1), and prints
// `N schedules, N payments, N faults injected, lost 0, invented 0, fulfilled twice 0`.
// `--seed S` alone replays schedule S (and prints what it found; `--verbose`: what the servers
// logged too). Exits 1 if any schedule failed.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { sqlitePlace } from '../test/merchant/sim-world.js';
import { describeFailure, soak, summaryLine, type SoakTotals } from '../test/merchant/soak.js';
import { startPostgres } from '../test/merchant/postgres.js';

const { values } = parseArgs({
  options: {
    schedules: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string', default: '1' },
    postgres: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const schedules = Number(values.schedules ?? (values.seed !== undefined ? 1 : 1000));
const firstSeed = Number(values.seed ?? 1);
const workers = Math.min(Number(values.workers), schedules);
if (!Number.isInteger(schedules) || schedules < 1 || !Number.isInteger(firstSeed) || !(workers >= 1)) {
  console.error('usage: npm run soak -- [--schedules N] [--seed S] [--workers W] [--postgres] [--verbose]');
  process.exit(2);
}
const started = Date.now();
const failures = (totals: SoakTotals) => totals.failed;

/** Runs this script for `count` schedules from `seed` in another process; its totals. */
function worker(seed: number, count: number): Promise<SoakTotals> {
  const args = [
    ...process.execArgv,
    process.argv[1],
    '--json',
    '--schedules',
    String(count),
    '--seed',
    String(seed),
  ];
  if (values.postgres) args.push('--postgres');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as SoakTotals);
      } catch {
        reject(new Error(`worker for seeds ${seed}–${seed + count - 1} ended without its totals:\n${out}`));
      }
    });
  });
}

async function inThisProcess(): Promise<SoakTotals> {
  const postgres = values.postgres ? await startPostgres() : undefined;
  let reported = started;
  try {
    return await soak({
      schedules,
      firstSeed,
      place: postgres ? async () => ({ databaseUrl: await postgres.newDatabase() }) : sqlitePlace,
      progress: (report, sofar) => {
        if (values.json) return;
        if (values.verbose || schedules === 1) console.log(JSON.stringify({ ...report, logs: undefined }));
        if (values.verbose && schedules === 1 && report.logs) console.log(report.logs.join('\n'));
        if (
          report.lost.length +
          report.invented.length +
          report.fulfilledTwice.length +
          report.problems.length
        )
          console.log(describeFailure(report, values.postgres));
        if (Date.now() - reported > 30_000) {
          reported = Date.now();
          console.log(`… ${summaryLine(sofar)} (${Math.round((reported - started) / 1000)} s)`);
        }
      },
    });
  } finally {
    await postgres?.stop();
  }
}

let totals: SoakTotals;
if (workers > 1) {
  const share = Math.ceil(schedules / workers);
  const parts: Promise<SoakTotals>[] = [];
  for (let seed = firstSeed; seed < firstSeed + schedules; seed += share)
    parts.push(worker(seed, Math.min(share, firstSeed + schedules - seed)));
  const all = await Promise.all(parts);
  totals = all.reduce((sum, part) => {
    for (const key of [
      'schedules',
      'payments',
      'faults',
      'lost',
      'invented',
      'fulfilledTwice',
      'problems',
    ] as const)
      sum[key] += part[key];
    for (const [what, times] of Object.entries(part.happened))
      sum.happened[what] = (sum.happened[what] ?? 0) + times;
    sum.failed.push(...part.failed);
    return sum;
  });
  for (const report of failures(totals)) console.log(describeFailure(report, values.postgres));
} else totals = await inThisProcess();

if (values.json) {
  console.log(
    JSON.stringify({ ...totals, failed: totals.failed.map((report) => ({ ...report, logs: undefined })) }),
  );
} else {
  console.log(summaryLine(totals));
  console.log(
    Object.entries(totals.happened)
      .map(([what, times]) => `${what} ${times}`)
      .join(', '),
  );
  console.log(
    `${values.postgres ? 'PostgreSQL' : 'SQLite'}, seeds ${firstSeed}–${firstSeed + schedules - 1}, ${workers} process${workers > 1 ? 'es' : ''}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
process.exitCode = totals.failed.length ? 1 : 0;
