// A Vite plugin for the drop-in files: renames the properties that no code outside the file reads
// (scripts/internal-properties.mjs), as the minifier renames variables. Rolldown's minifier does
// not rename properties; terser does, and this runs it for that alone, before that minifier.
import { minify } from 'terser';
import { internalProperties } from './internal-properties.mjs';

const regex = new RegExp(`^(${internalProperties.join('|')})$`);

export function mangleInternalPropertiesPlugin() {
  return {
    name: 'mangle-internal-properties',
    async renderChunk(code) {
      const result = await minify(code, {
        module: true,
        compress: false,
        // builtins: terser's own list of the DOM's names would keep some of ours (`effects`); the
        // list is ours, and checked against the DOM's names by its test.
        mangle: { properties: { regex, builtins: true } },
        format: { comments: 'all' },
        sourceMap: true,
      });
      return { code: result.code, map: result.map };
    },
  };
}
