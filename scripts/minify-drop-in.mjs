// A Vite plugin for the drop-in files: terser compresses the bundle and renames the properties that
// no code outside the file reads (scripts/internal-properties.mjs), as minifiers rename variables;
// Rolldown's minifier, which renames no property, runs after it. Together they make a smaller file
// than either alone.
import { minify } from 'terser';
import { internalProperties } from './internal-properties.mjs';

const regex = new RegExp(`^(${internalProperties.join('|')})$`);

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

export function minifyDropInPlugin() {
  return {
    name: 'minify-drop-in',
    async renderChunk(code) {
      const result = await minify(code, {
        module: true,
        compress: { passes: 3 },
        // builtins: terser's own list of the DOM's names would keep some of ours (`effects`); the
        // list is ours, and checked against the DOM's names by its test.
        mangle: { properties: { regex, builtins: true } },
        format: { comments: false, preamble: licenceNotices(code).join('\n') },
        sourceMap: true,
      });
      return { code: result.code, map: result.map };
    },
  };
}
