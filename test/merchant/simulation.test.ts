// The proof that no shilling is lost or invented: seeded schedules of the whole system (two shop
// servers on one real store over real HTTP, the sandbox with its faults on, customers, staff
// refunds, reversals, a server killed and restarted at random points; see simulation.ts), each
// checked against Waftpay's record once the faults stop and reconciliation has run. A failing
// schedule prints its seed; `npm run soak -- --seed S` replays it. SIM_SCHEDULES and SIM_SEED
// choose how many and from which seed (default 200 from 1); `npm run soak` runs many more.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqlitePlace } from './sim-world.js';
import { storeKinds } from './stores.js';
import { describeFailure, soak, summaryLine } from './soak.js';

const schedules = Number(process.env.SIM_SCHEDULES ?? 200);
const firstSeed = Number(process.env.SIM_SEED ?? 1);
/** On PostgreSQL (started by this file), fewer: each schedule makes a database of its own. */
const postgresSchedules = Number(process.env.SIM_POSTGRES_SCHEDULES ?? 20);
const [, postgres] = storeKinds();

test(`${schedules} seeded schedules of the whole system on SQLite: lost 0, invented 0, fulfilled twice 0`, async () => {
  const totals = await soak({ schedules, firstSeed, place: sqlitePlace });
  console.log(summaryLine(totals));
  for (const failed of totals.failed) console.log(describeFailure(failed));
  assert.deepEqual(
    totals.failed.map((report) => report.seed),
    [],
    'seeds of the schedules that broke a rule (replay one: npm run soak -- --seed S)',
  );
  // The schedules did what the rules are about, or they proved nothing.
  for (const [what, times] of Object.entries(totals.happened))
    assert.ok(times > 0, `no schedule had ${what}`);
});

test(`${postgresSchedules} seeded schedules of the whole system on PostgreSQL: lost 0, invented 0, fulfilled twice 0`, async () => {
  const totals = await soak({ schedules: postgresSchedules, firstSeed, place: () => postgres.place() });
  console.log(`PostgreSQL: ${summaryLine(totals)}`);
  for (const failed of totals.failed) console.log(describeFailure(failed, true));
  assert.deepEqual(
    totals.failed.map((report) => report.seed),
    [],
    'seeds of the schedules that broke a rule (replay one: npm run soak -- --postgres --seed S)',
  );
});
