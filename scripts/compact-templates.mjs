// Minifiers keep template literals as written, so Lit's `html`, `svg` and `css` templates would
// ship with the indentation of their source. This Vite plugin drops the whitespace a browser
// ignores, and keeps the source maps true.
import MagicString from 'magic-string';
import { parseAst } from 'vite';

/** Whitespace that spans a line break: indentation, never a space the author typed on purpose. */
const lineBreakSpace = /\s*\n\s*/g;

/**
 * The static text of one part of an `html` or `svg` template, compacted. `first` and `last` say
 * whether it begins or ends the whole template (rather than follow or precede a `${…}`).
 *
 * A line break with its indentation becomes nothing where it only separates markup (after the
 * template's start or a `>`, before a `<` or its end, between markup and a `${…}`, and before the
 * `>` that closes a tag), and one space elsewhere: between attributes, between words, and
 * between two `${…}`, where a space can show. Whitespace within a line is kept as it is.
 */
export function compactMarkup(text, { first, last }) {
  return text.replace(lineBreakSpace, (run, offset) => {
    const end = offset + run.length;
    const before = offset === 0 ? (first ? 'start' : 'expression') : text[offset - 1];
    const after = end === text.length ? (last ? 'end' : 'expression') : text[end];
    // Between two expressions the run may separate two words of text: keep a space.
    if (before === 'expression' && after === 'expression') return ' ';
    if (after === '>') return '';
    const afterMarkup = before === 'start' || before === '>' || (before === 'expression' && after === '<');
    const beforeMarkup = after === 'end' || after === '<' || (after === 'expression' && before === '>');
    return afterMarkup && beforeMarkup ? '' : ' ';
  });
}

/** A whole `css` template (no `${…}`) without comments and without the spaces CSS ignores. */
export function compactCss(text) {
  return (
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      // The last declaration of a block needs no semicolon, a fraction no leading zero.
      .replace(/;}/g, '}')
      .replace(/(^|[^\w.])0\.(\d)/g, '$1.$2')
      .trim()
  );
}

/**
 * Every template tagged `html`, `svg` or `css` in `node`'s tree, with its tag; a stylesheet given
 * to `unsafeCSS` as a template literal counts as `css`.
 */
function* taggedTemplates(node) {
  if (!node || typeof node.type !== 'string') return;
  if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier') {
    const tag = node.tag.name;
    if (tag === 'html' || tag === 'svg' || tag === 'css') yield { tag, quasi: node.quasi };
  }
  if (
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'unsafeCSS' &&
    node.arguments[0]?.type === 'TemplateLiteral'
  ) {
    yield { tag: 'css', quasi: node.arguments[0] };
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) yield* taggedTemplates(child);
    else if (value && typeof value === 'object' && typeof value.type === 'string')
      yield* taggedTemplates(value);
  }
}

/**
 * `code` (TypeScript or JavaScript) with its `html`, `svg` and `css` templates (and `unsafeCSS`
 * template literals) compacted, and a source map; `undefined` when there is nothing to change. A
 * stylesheet with `${…}` in it is left alone (a value may sit where a space matters).
 */
export function compactTemplates(code, id = 'module.ts') {
  if (!/\b(html|svg|css)`|\bunsafeCSS\(`/.test(code)) return undefined;
  const ast = parseAst(code, { lang: id.endsWith('.ts') ? 'ts' : 'js' });
  const output = new MagicString(code);
  for (const { tag, quasi } of taggedTemplates(ast)) {
    if (tag === 'css' && quasi.quasis.length > 1) continue;
    quasi.quasis.forEach((part, index) => {
      // Parsers differ on whether a part's span includes its delimiters (a backtick or `}` before,
      // `${` or a backtick after): find the raw text itself.
      const raw = part.value.raw;
      const start = code.startsWith(raw, part.start) ? part.start : part.start + 1;
      const end = start + raw.length;
      const compact =
        tag === 'css' ? compactCss(raw) : compactMarkup(raw, { first: index === 0, last: part.tail });
      if (compact === raw) return;
      if (compact === '') output.remove(start, end);
      else output.overwrite(start, end, compact);
    });
  }
  if (!output.hasChanged()) return undefined;
  return { code: output.toString(), map: output.generateMap({ hires: true, source: id }) };
}

/** The Vite plugin: compacts the templates of the package's sources (src/) in every build. */
export function compactTemplatesPlugin() {
  return {
    name: 'compact-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id)) return undefined;
      return compactTemplates(code, id);
    },
  };
}
