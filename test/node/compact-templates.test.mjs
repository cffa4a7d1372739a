// The build drops the indentation of the element's Lit templates (scripts/compact-templates.mjs):
// only whitespace a browser ignores, never a space that can show or that separates attributes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compactCss, compactMarkup, compactTemplates } from '../../scripts/compact-templates.mjs';

const whole = { first: true, last: true };

test('indentation between tags goes; attributes on their own lines keep one space', () => {
  assert.equal(
    compactMarkup('\n  <div\n    class="a"\n    id="b"\n  >\n    <p>x</p>\n  </div>\n', whole),
    '<div class="a" id="b"><p>x</p></div>',
  );
});

test('text keeps its spaces: within a line, and one for a line break between words', () => {
  assert.equal(compactMarkup('<p>Pay  now,\n    please</p>', whole), '<p>Pay  now, please</p>');
  assert.equal(compactMarkup('<b>a</b> <b>b</b>', whole), '<b>a</b> <b>b</b>');
});

test('around expressions: markup-side whitespace goes, text-side and expression-to-expression stays', () => {
  // `<button>\n  ${label}\n</button>`: the parts around the expression.
  assert.equal(compactMarkup('<button>\n  ', { first: true, last: false }), '<button>');
  assert.equal(compactMarkup('\n</button>', { first: false, last: true }), '</button>');
  // Two expressions on two lines may be two words.
  assert.equal(compactMarkup('\n  ', { first: false, last: false }), ' ');
  // Text after an expression: `${count}\n  items`.
  assert.equal(compactMarkup('\n  items</p>', { first: false, last: true }), ' items</p>');
  // An attribute binding's tag closed on the next line: `@load=${fn}\n>`.
  assert.equal(compactMarkup('\n></iframe>', { first: false, last: true }), '></iframe>');
  // An attribute after an attribute binding: `src=${url}\n  title="x"`.
  assert.equal(compactMarkup('\n  title="x">', { first: false, last: false }), ' title="x">');
});

test('css: comments and the spaces CSS ignores go', () => {
  assert.equal(
    compactCss('\n  :host {\n    /* why */\n    display: block;\n  }\n  a > b, c { color: red; }\n'),
    ':host{display:block}a>b,c{color:red}',
  );
});

test('css: no semicolon ends a block, no fraction starts with a zero, other numbers keep theirs', () => {
  assert.equal(
    compactCss('a { opacity: 0.4; margin: 0 0.5rem 10.5px; inset: 0; }\n@media (x) { b { c: d; } }'),
    'a{opacity:.4;margin:0 .5rem 10.5px;inset:0}@media (x){b{c:d}}',
  );
  assert.equal(
    compactCss('a { color: rgb(0 0 0 / 0.55); width: calc(1px * 0.66); }'),
    'a{color:rgb(0 0 0 / .55);width:calc(1px * .66)}',
  );
});

test('rewrites only html, svg and css templates and unsafeCSS stylesheets, with a source map', () => {
  const code = [
    "import { html, css } from 'lit';",
    'const label: string = `a\n  b`;',
    'export const view = (x: string) => html`<div>\n  ${x}\n  <span\n    class="y"\n  ></span>\n</div>`;',
    'export const style = css`:host {\n  display: block;\n}`;',
    'export const themed = css`:host {\n  color: ${unsafeCSS(c)};\n}`;',
    'export const sheet = unsafeCSS(`:host {\n  margin: 0;\n}`);',
    'export const nested = html`<ul>\n  ${[1].map((i) => html`<li>\n    ${i}\n  </li>`)}\n</ul>`;',
  ].join('\n');
  const result = compactTemplates(code, 'view.ts');
  assert.ok(result);
  assert.match(result.code, /const label: string = `a\n {2}b`;/);
  assert.match(result.code, /html`<div>\$\{x\}<span class="y"><\/span><\/div>`/);
  assert.match(result.code, /css`:host\{display:block\}`/);
  assert.match(result.code, /html`<ul>\$\{\[1\]\.map\(\(i\) => html`<li>\$\{i\}<\/li>`\)\}<\/ul>`/);
  assert.match(result.code, /css`:host \{\n {2}color: \$\{unsafeCSS\(c\)\};\n\}`/);
  assert.match(result.code, /unsafeCSS\(`:host\{margin:0\}`\)/);
  assert.equal(result.map.sources[0], 'view.ts');
  assert.ok(result.map.mappings.length > 0);
});

test('a module with nothing to compact is left alone', () => {
  assert.equal(compactTemplates("export const a = 'html';", 'a.ts'), undefined);
  assert.equal(compactTemplates('export const v = html`<p>x</p>`;', 'a.ts'), undefined);
});

test('the built drop-in carries no indentation of its templates', () => {
  const code = readFileSync('dist/cdn/waftpay-checkout.js', 'utf8');
  // The only line breaks left are those of the licence notices, and no line is indented.
  assert.equal(code.match(/\n[ \t]+/g), null);
  assert.equal(code.match(/>\n/g), null);
});
