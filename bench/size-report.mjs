// `node bench/size-report.mjs`: the table of docs/performance.md's "Where the drop-in's bytes
// go", as Markdown, read from bench/results.json (after `npm run bench -- --only sizes`), so that
// no figure of it is copied by hand.
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
const { whole, modules, smallModules } = results.modules;

/** 1207 → "1 207", as the page writes numbers. */
const number = (value) => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
const name = (row) => (row.startsWith('src/') ? `\`${row.slice('src/'.length)}\`` : row);

console.log(
  `Measured ${results.dates.sizes.slice(0, 10)}: the drop-in is ${number(whole.min)} B minified, ` +
    `${number(whole.brotli)} B brotli, ${number(whole.gzip)} B gzip.\n`,
);
console.log('| module | minified | brotli | gzip |');
console.log('| --- | --- | --- | --- |');
for (const row of modules)
  console.log(`| ${name(row.name)} | ${number(row.min)} | ${number(row.brotli)} | ${number(row.gzip)} |`);
console.log(
  `\nThe smaller modules: ${smallModules.map((module) => `\`${module.slice('src/'.length)}\``).join(', ')}.`,
);
