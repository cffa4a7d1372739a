// `npm test`: every check, in order, each reported; then one line `N passed, N failed` that
// counts every test case run (element, end-to-end, Node) plus each whole-project check (type
// check, lint, format, build, size) as one. A step that fails does not stop the others, so one
// run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

/** [name, command, counts file written by the step (a test suite), or none (a check)] */
const steps = [
  ['type check', 'tsc -p tsconfig.json && tsc -p tsconfig.node.json && tsc -p tsconfig.sandbox.json'],
  ['lint', 'eslint .'],
  ['format', 'prettier --check .'],
  ['docs links', 'node scripts/check-doc-links.mjs'],
  ['build', 'npm run build --silent'],
  ['drop-in files import nothing', 'node scripts/drop-in-files.mjs'],
  ['size', 'size-limit'],
  ['package checks', 'publint --strict && attw --pack . --profile esm-only'],
  ['type tests (the published types accept and refuse)', 'tsc -p test/types'],
  [
    'node tests (package imports, sandbox API, merchant server)',
    'node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=./scripts/node-counts-reporter.mjs --test-reporter-destination=reports/node.json test/node/*.test.mjs test/sandbox/*.test.ts test/merchant/*.test.ts',
    'reports/node.json',
  ],
  ['element tests', 'wtr', 'reports/element.json', { browser: true }],
  ['end-to-end tests', 'playwright test', 'reports/e2e.json', { browser: true }],
];

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });

function readCounts(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // Playwright's JSON report keeps its totals under `stats`.
  if (report.stats) {
    return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected };
  }
  return report;
}

let browserProblem;
try {
  findChromium();
} catch (error) {
  browserProblem = error.message;
}

const totals = { passed: 0, failed: 0 };
const lines = [];
for (const [name, command, countsFile, { browser = false } = {}] of steps) {
  console.log(`\n━━ ${name}: ${command}`);
  if (browser && browserProblem) {
    console.error(browserProblem);
    totals.failed++;
    lines.push(`✗ ${name}: no browser`);
    continue;
  }
  const started = Date.now();
  const { status } = spawnSync(command, {
    stdio: 'inherit',
    shell: true,
    env: { ...process.env, FORCE_COLOR: '1' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counts = status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  if (countsFile) {
    try {
      counts = readCounts(countsFile);
      // A runner that failed without a failing test (a crash, a coverage threshold) still fails.
      if (status !== 0 && counts.failed === 0) counts.failed = 1;
    } catch {
      counts = { passed: 0, failed: 1 };
    }
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  lines.push(
    `${status === 0 ? '✓' : '✗'} ${name}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s)`,
  );
}

console.log(`\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed === 0 ? 0 : 1;
