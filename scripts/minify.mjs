// Vite plugins that make the built files smaller than Rolldown's minifier alone: terser renames the
// properties that no code outside the package reads (scripts/internal-properties.mjs), as
// minifiers rename variables, and for the drop-in files also compresses the code before Rolldown's
// minifier runs (together they make a smaller file than either alone: about 140 B brotli of the
// drop-in, measured on 2026-12-07).
import { minify } from 'terser';
import { internalProperties } from './internal-properties.mjs';

// builtins: terser's own list of the DOM's names would keep some of ours (`effects`); the list is
// ours, and checked against the DOM's names by test/node/minify.test.mjs.
const properties = { regex: new RegExp(`^(${internalProperties.join('|')})$`), builtins: true };

/**
 * The licence notices in `code` (lit's, one per module), each distinct one once, as it is written
 * (without its indentation): terser drops a comment with the statement it is attached to.
 */
export function licenceNotices(code) {
  const notices = (code.match(/\/\*\*?\s*\n[^/]*?@license[\s\S]*?\*\//g) ?? []).map((notice) =>
    notice.replace(/\n\s+\*/g, '\n*'),
  );
  return [...new Set(notices)];
}

/** For a drop-in file (one chunk, the whole program): compressed, its properties renamed. */
export function minifyDropInPlugin() {
  return {
    name: 'minify-drop-in',
    async renderChunk(code) {
      const result = await minify(code, {
        module: true,
        compress: { passes: 3 },
        mangle: { properties },
        format: { comments: false, preamble: licenceNotices(code).join('\n') },
        sourceMap: true,
      });
      return { code: result.code, map: result.map };
    },
  };
}

/**
 * The same name for each property in every chunk: a chunk is minified on its own, and a property
 * set in one chunk may be read in another (the transport's options, set by the element's chunk or
 * the host helper's and read in the chunk they share).
 */
export const renamedProperties = Object.fromEntries(
  internalProperties.map((name, index) => [name, `$${index.toString(36)}`]),
);

/**
 * For the npm build (several entries, chunks shared between them): the properties renamed, each to
 * its name in `renamedProperties`; the rest (compressing, renaming variables) is left to Rolldown's
 * minifier, after this, and to the app's bundler (compressing here made the npm entries larger).
 */
export function renamePropertiesPlugin() {
  return {
    name: 'rename-properties',
    async renderChunk(code) {
      const cached = Object.entries(renamedProperties).map(([name, to]) => [`$${name}`, to]);
      const result = await minify(code, {
        module: true,
        compress: false,
        mangle: { properties },
        nameCache: { props: { props: Object.fromEntries(cached) } },
        format: { comments: 'all' },
        sourceMap: true,
      });
      return { code: result.code, map: result.map };
    },
  };
}
