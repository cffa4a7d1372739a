// `npm test`: every check, in order, each reported; then one line `N passed, N failed` that
// counts every test case run (element, end-to-end, Node) plus each whole-project check (type
// check, lint, format, build, size) as one. A step that fails does not stop the others, so one
// run shows everything that is wrong. The browser suites run once per engine (Chromium, Firefox,
// WebKit), each a step of its own on the one build; their lines also count skipped tests and say
// why each was skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium } from './chromium.mjs';
import { findFirefox } from './firefox.mjs';
import { findWebKit } from './webkit.mjs';

/** The shared end-to-end scenarios in one engine, reported as node:test reports them. */
const engineScenarios = (engine) =>
  `node --import tsx --test-reporter=spec --test-reporter-destination=stdout --test-reporter=./scripts/node-counts-reporter.mjs --test-reporter-destination=reports/e2e-${engine}.json test/e2e/engines/run.ts ${engine}`;

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
  ['element tests · Chromium', 'wtr', 'reports/element.json', { browser: 'chromium' }],
  [
    'element tests · Firefox',
    'wtr --config web-test-runner.firefox.config.mjs',
    'reports/element-firefox.json',
    { browser: 'firefox' },
  ],
  [
    'element tests · WebKit',
    'wtr --config web-test-runner.webkit.config.mjs',
    'reports/element-webkit.json',
    { browser: 'webkit' },
  ],
  [
    'end-to-end tests · Chromium (Playwright)',
    'playwright test',
    'reports/e2e.json',
    { browser: 'chromium' },
  ],
  [
    'end-to-end tests · Firefox (puppeteer-core)',
    engineScenarios('firefox'),
    'reports/e2e-firefox.json',
    { browser: 'firefox' },
  ],
  [
    'end-to-end tests · WebKit (WebDriver)',
    engineScenarios('webkit'),
    'reports/e2e-webkit.json',
    { browser: 'webkit' },
  ],
];

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });

function readCounts(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // Playwright's JSON report keeps its totals under `stats`.
  if (report.stats) {
    return {
      passed: report.stats.expected + report.stats.flaky,
      failed: report.stats.unexpected,
      skipped: report.stats.skipped,
    };
  }
  return report;
}

/** Why each engine cannot run here, if it cannot. */
const browserProblems = {};
for (const [engine, find] of Object.entries({
  chromium: findChromium,
  firefox: findFirefox,
  webkit: findWebKit,
})) {
  try {
    find();
  } catch (error) {
    browserProblems[engine] = error.message;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const [name, command, countsFile, { browser } = {}] of steps) {
  console.log(`\n━━ ${name}: ${command}`);
  if (browser && browserProblems[browser]) {
    console.error(browserProblems[browser]);
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
  totals.skipped += counts.skipped ?? 0;
  const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
  const browsers = counts.browsers?.length ? ` [${counts.browsers.join(', ')}]` : '';
  lines.push(
    `${status === 0 ? '✓' : '✗'} ${name}: ${counts.passed} passed, ${counts.failed} failed${skipped} (${seconds} s)${browsers}`,
    ...(counts.skips ?? []).map((reason) => `    skipped: ${reason}`),
  );
}

console.log(`\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed === 0 ? 0 : 1;
