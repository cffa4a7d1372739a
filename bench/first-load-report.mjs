// `node bench/first-load-report.mjs`: the figures of docs/performance.md's "First load on a phone",
// as Markdown, read from bench/results.json (after `npm run bench -- --only first-load`), so that
// no figure on that page is copied by hand. Each goal of issues 15 and 21 is judged here, from the
// same figures: ≤ 1.05× the plain iframe (server-rendered), ≤ 1.8× for the request on slow 4G
// (the drop-in alone), ≤ 1.5× main thread, ≤ 16 kB brotli before the hosted page in iframe mode.
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
const { firstLoad, loadAverage, dates } = results;

const navigationGoal = 1.05;
/** Issue 21's goal for the drop-in alone on slow 4G: the hosted page requested ≤ 1.8× as late. */
const dropInGoal = { network: 'slow 4G', ratio: 1.8 };
const mainThreadGoal = 1.5;
const bytesGoal = 16_000;

/** 1207 → "1 207", as the page writes numbers. */
const number = (value) => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
const spread = (s) => `${number(s.median)} (${number(s.p25)}–${number(s.p75)})`;
/** A ratio as measured; bold when it misses `goal`. */
const ratioText = (r, goal) => (goal !== undefined && r > goal ? `**${r}**` : String(r));
const table = (header, rows) =>
  [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
const range = (values) => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${low}×` : `${low}–${high}×`;
};
const verdict = (met) => (met ? 'met' : '**not met**');

const out = [];
const load = loadAverage?.['first-load'];
out.push(
  `Measured ${dates['first-load'].slice(0, 10)} in Chromium ${firstLoad.chromium}; the machine's load ` +
    `average (over 1 and 5 minutes) was ${load.start.slice(0, 2).join(' and ')} at the start, ` +
    `${load.end.slice(0, 2).join(' and ')} at the end.`,
);

// 7. Navigation → the hosted page.
const scenarios = Object.keys(firstLoad.navigation.brotli['slow 4G']);
const label = (scenario) => (scenario === 'plain-iframe' ? 'plain iframe (baseline)' : scenario);
for (const encoding of ['brotli', 'gzip']) {
  out.push('', `Served with ${encoding}:`, '');
  const rows = [];
  for (const [network, byScenario] of Object.entries(firstLoad.navigation[encoding])) {
    scenarios.forEach((scenario, i) => {
      const { requestStart, domContentLoaded } = byScenario[scenario];
      const goal = scenario.startsWith('server-rendered') ? navigationGoal : undefined;
      rows.push([
        i === 0 ? network : '',
        label(scenario),
        spread(requestStart),
        ratioText(requestStart.ratio, goal),
        spread(domContentLoaded),
        ratioText(domContentLoaded.ratio, goal),
      ]);
    });
  }
  out.push(
    table(['network', 'page', 'hosted page requested', 'ratio', 'its DOMContentLoaded', 'ratio'], rows),
  );
}

const ratiosOf = (scenario, measure, encodings = Object.keys(firstLoad.navigation)) =>
  encodings.flatMap((encoding) =>
    Object.values(firstLoad.navigation[encoding]).map((byScenario) => byScenario[scenario][measure].ratio),
  );
const later = (measure) =>
  Object.values(firstLoad.navigation).flatMap((byNetwork) =>
    Object.values(byNetwork).map(
      (byScenario) => byScenario['drop-in'][measure].median - byScenario['plain-iframe'][measure].median,
    ),
  );
const msRange = (values) => `${number(Math.min(...values))}–${number(Math.max(...values))} ms`;
/** The goal judged per encoding: "met (1.02–1.04×)", or which encodings miss it. */
const judged = (scenario, measure) => {
  const encodings = Object.keys(firstLoad.navigation);
  const all = ratiosOf(scenario, measure);
  if (Math.max(...all) <= navigationGoal) return `met (${range(all)})`;
  return encodings
    .map((encoding) => {
      const ratios = ratiosOf(scenario, measure, [encoding]);
      return `${verdict(Math.max(...ratios) <= navigationGoal)} with ${encoding} (${range(ratios)})`;
    })
    .join(', ');
};
out.push('', 'Against the plain iframe, over both networks and both encodings:', '');
for (const scenario of scenarios.slice(1)) {
  const request = ratiosOf(scenario, 'requestStart');
  const parsed = ratiosOf(scenario, 'domContentLoaded');
  if (scenario.startsWith('server-rendered')) {
    out.push(
      `- ${scenario}: goal ≤ ${navigationGoal}×: the request ${judged(scenario, 'requestStart')}; ` +
        `DOMContentLoaded ${judged(scenario, 'domContentLoaded')}.`,
    );
  } else {
    out.push(
      `- ${scenario}: request ${range(request)}, ${msRange(later('requestStart'))} later; ` +
        `DOMContentLoaded ${range(parsed)}, ${msRange(later('domContentLoaded'))} later.`,
    );
  }
}

const dropInOnGoalNetwork = Object.values(firstLoad.navigation).map(
  (byNetwork) => byNetwork[dropInGoal.network]['drop-in'].requestStart.ratio,
);
out.push(
  `- drop-in on ${dropInGoal.network}: goal ≤ ${dropInGoal.ratio}× for the request: ` +
    `${verdict(Math.max(...dropInOnGoalNetwork) <= dropInGoal.ratio)} (${range(dropInOnGoalNetwork)}).`,
);

// 8. Main thread.
const mt = firstLoad.mainThread;
out.push('', `Main thread at ${mt.cpuSlowdown}× CPU slowdown, brotli:`, '');
const mtScenarios = Object.keys(mt).filter((key) => key !== 'cpuSlowdown');
out.push(
  table(
    ['page', 'all tasks, ms', 'ratio', 'script, ms', 'ratio'],
    mtScenarios.map((scenario) => [
      label(scenario),
      `${spread(mt[scenario].task)}, n = ${mt[scenario].task.n}`,
      ratioText(mt[scenario].task.ratio, mainThreadGoal),
      spread(mt[scenario].script),
      ratioText(mt[scenario].script.ratio, mainThreadGoal),
    ]),
  ),
);
const taskRatios = mtScenarios.slice(1).map((scenario) => `${scenario} ${mt[scenario].task.ratio}×`);
out.push(
  '',
  `Goal ≤ ${mainThreadGoal}× (all tasks): ${verdict(mtScenarios.every((s) => mt[s].task.ratio <= mainThreadGoal))} (${taskRatios.join(', ')}).`,
);

// 9. Bytes before the hosted page is requested.
const bytes = firstLoad.bytesBeforeHostedPage;
out.push('', 'Bytes before the hosted page is requested:', '');
out.push(
  table(
    ['mode', 'brotli: total', 'of which the drop-in', 'gzip: total', 'of which the drop-in'],
    Object.keys(bytes.brotli).map((mode) => [
      mode,
      number(bytes.brotli[mode].total),
      number(bytes.brotli[mode].dropIn),
      number(bytes.gzip[mode].total),
      number(bytes.gzip[mode].dropIn),
    ]),
  ),
);
const iframeDropIn = bytes.brotli.iframe.total;
const iframeServer = bytes.brotli['server-rendered'].total;
out.push(
  '',
  `The drop-in file: ${number(bytes.brotli.iframe.dropInBody)} B brotli, ${number(bytes.gzip.iframe.dropInBody)} B gzip ` +
    `(Paystack's inline.js: ${number(bytes.paystackInlineGzip)} B gzip). Goal ≤ ${number(bytesGoal)} B brotli in ` +
    `iframe mode: drop-in ${verdict(iframeDropIn <= bytesGoal)} (${number(iframeDropIn)} B), ` +
    `server-rendered ${verdict(iframeServer <= bytesGoal)} (${number(iframeServer)} B).`,
);

// `--readme`: the README's one paragraph instead, with the run's date.
if (process.argv.includes('--readme')) {
  const date = dates['first-load'].slice(0, 10);
  out.length = 0;
  out.push(
    `Rendered on your server ([\`renderCheckoutMarkup\`](docs/server-rendering.md)), the checkout ` +
      `starts loading during the HTML parse: measured ${date} on emulated slow 4G and 3G, its hosted ` +
      `page is requested at ${range(ratiosOf('server-rendered', 'requestStart'))} and parsed at ` +
      `${range(ratiosOf('server-rendered', 'domContentLoaded'))} the time of a plain \`<iframe>\` ` +
      `(the drop-in alone: ${range(ratiosOf('drop-in', 'requestStart'))} and ` +
      `${range(ratiosOf('drop-in', 'domContentLoaded'))}; see [performance](docs/performance.md#first-load-on-a-phone)).`,
  );
}

/** Prose wrapped at 100 columns, as the docs are (list items indented under their dash). */
function wrap(line) {
  if (line.startsWith('|') || line.length <= 100) return line;
  const indent = line.startsWith('- ') ? '  ' : '';
  const lines = [];
  let current = '';
  // A space before three digits groups a number's thousands ("16 000"): no break there.
  for (const word of line.split(/ (?!\d{3}(?!\d))/)) {
    if (current && current.length + 1 + word.length > 100) {
      lines.push(current);
      current = indent + word;
    } else current = current ? `${current} ${word}` : word;
  }
  return [...lines, current].join('\n');
}

console.log(out.join('\n').split('\n').map(wrap).join('\n'));
