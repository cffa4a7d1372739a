// A Web Test Runner reporter that writes how many tests passed, failed and were skipped to a
// JSON file, for the summary that scripts/test.mjs prints: with the browser's name and each
// skip's reason (the line test/element/engine-support.ts logs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const skipMark = '[skipped] ';

function countSuite(suite, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) counts.skipped++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const child of suite.suites ?? []) countSuite(child, counts);
}

function skipReasons(session) {
  const reasons = [];
  for (const args of session.logs ?? []) {
    const line = args.map(String).join(' ');
    if (line.startsWith(skipMark)) reasons.push(line.slice(skipMark.length));
  }
  return reasons;
}

export function countsReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, browsers: [], skips: [] };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, counts);
        // A file that failed to load or threw outside a test is a failure of its own.
        if (!session.passed && (session.errors?.length || !session.testResults)) counts.failed++;
        if (!counts.browsers.includes(session.browser.name)) counts.browsers.push(session.browser.name);
        counts.skips.push(...skipReasons(session));
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(counts, null, 2));
    },
  };
}
