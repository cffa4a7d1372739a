// 1b. Where the drop-in's bytes go: each byte of the minified file is attributed, through the
// build's source map, to the module it came from; lit's four modules count as one row, penpal as
// another, and the developer-facing prose of our modules (error messages, warnings, debug log) as
// "messages", so that each can be weighed against the rest. A row's brotli and gzip figures are
// its marginal cost: the whole file compressed, less the file without that row's bytes compressed
// (what removing it would save; the rows do not add up to the whole, as compression shares
// repeats between them).
import { decode } from '@jridgewell/sourcemap-codec';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { parseAst } from 'vite';

const brotli = (text) =>
  brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

/** The row of a source of the map (`../../node_modules/lit-html/lit-html.js` → `lit`). */
function rowOf(source) {
  if (source === undefined) return 'not mapped (licence notices, glue)';
  if (/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(source)) return 'lit';
  if (source.includes('node_modules/penpal/')) return 'penpal';
  if (source.endsWith('src/element/styles.ts')) return 'styles';
  if (source.endsWith('src/element/strings.ts')) return 'strings (three languages)';
  return source.replace(/^(\.\.\/)*/, '');
}

/** A literal's text that is a sentence for a developer, not markup, a path, a name or a list of names. */
export function isProse(text) {
  if (!/[A-Za-z][\w'’-]* [A-Za-z(][\w'’-]* [A-Za-z(]/.test(text)) return false;
  if (/="|<\/|<(div|p|span|button|slot|iframe|dialog|svg|path)\b/.test(text)) return false;
  // A list of names (the frame's sandbox tokens, the attributes it may carry) reads like words.
  const words = text.split(' ');
  const functionWords = ['the', 'a', 'is', 'of', 'to', 'not', 'no', 'for', 'and', 'its'];
  return !words.every((w) => /^[a-z]+(-[a-z]+)*$/.test(w)) || words.some((w) => functionWords.includes(w));
}

/** The string literals and template parts of `code`, as [start, end, text]. */
function literals(code) {
  const found = [];
  const walk = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Literal' && typeof node.value === 'string')
      found.push([node.start, node.end, node.value]);
    if (node.type === 'TemplateElement') found.push([node.start, node.end, node.value.raw]);
    for (const [key, value] of Object.entries(node)) if (key !== 'type') walk(value);
  };
  walk(parseAst(code));
  return found;
}

/** The row of each character of `code`, from its source map. */
function attribute(code, map) {
  const rows = new Array(code.length).fill(rowOf(undefined));
  const lines = code.split('\n');
  let offset = 0;
  decode(map.mappings).forEach((segments, index) => {
    const length = lines[index]?.length ?? 0;
    segments.forEach((segment, i) => {
      const end = i + 1 < segments.length ? segments[i + 1][0] : length;
      const row = rowOf(segment.length > 1 ? map.sources[segment[1]] : undefined);
      for (let c = segment[0]; c < end; c++) rows[offset + c] = row;
    });
    offset += length + 1;
  });
  const shared = new Set(['lit', 'penpal', 'styles', 'strings (three languages)', rowOf(undefined)]);
  for (const [start, end, text] of literals(code)) {
    if (shared.has(rows[start]) || !isProse(text)) continue;
    for (let c = start; c < end; c++) rows[c] = 'messages';
  }
  return rows;
}

/**
 * Below this many minified bytes a module's marginal cost is lost in brotli's noise (taking out
 * even five characters can move the output by tens of bytes either way): such modules share a row.
 */
const smallModule = 500;

/**
 * The rows of `file` (built with its source map beside it): name, minified bytes, and marginal
 * brotli and gzip bytes, largest first; `whole` is the file's own size, `smallModules` the
 * modules that share a row.
 */
export function measureModules(file = 'dist/cdn/waftpay-checkout.js') {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const rows = attribute(code, map);
  const counts = new Map();
  for (const row of rows) counts.set(row, (counts.get(row) ?? 0) + 1);
  const small = [...counts].filter(([name, count]) => name.startsWith('src/') && count < smallModule);
  const smallRow = `${small.length} smaller modules (under ${smallModule} B each)`;
  const smallNames = new Set(small.map(([name]) => name));
  for (let c = 0; c < rows.length; c++) if (smallNames.has(rows[c])) rows[c] = smallRow;
  const whole = { min: code.length, brotli: brotli(code), gzip: gzip(code) };
  const names = [...new Set(rows)];
  const modules = names.map((name) => {
    let without = '';
    let min = 0;
    for (let c = 0; c < code.length; c++) {
      if (rows[c] === name) min++;
      else without += code[c];
    }
    return { name, min, brotli: whole.brotli - brotli(without), gzip: whole.gzip - gzip(without) };
  });
  modules.sort((a, b) => b.brotli - a.brotli);
  return { file, whole, modules, smallModules: small.map(([name]) => name) };
}
