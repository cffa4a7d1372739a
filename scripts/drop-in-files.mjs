// The drop-in files (dist/cdn/) are loaded with one <script type="module">: each must be the whole
// program. An import of another file (a shared chunk, a lazy part) costs the customer one more
// round trip before the checkout can start, so `npm test` refuses any (run: node scripts/drop-in-files.mjs).
import { init, parse } from 'es-module-lexer';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The files a shop or a hosted page loads with <script type="module" src>. */
export const dropInFiles = ['waftpay-checkout.js', 'host.js'];

/**
 * Every import in an ES module's source: static (`import … from`, `export … from`), dynamic
 * (`import(…)`, whatever its argument) and `import.meta` (the usual way to reach a file beside
 * this one). Each as `{ kind, specifier }`, the specifier as written (or the expression).
 */
export async function importsOf(code) {
  await init;
  const [imports] = parse(code);
  return imports.map((entry) => {
    if (entry.d === -2) return { kind: 'import.meta', specifier: 'import.meta' };
    const kind = entry.d === -1 ? 'static' : 'dynamic';
    return { kind, specifier: entry.n ?? code.slice(entry.s, entry.e) };
  });
}

/** What is wrong with the drop-in folder `dir`: files that import, and files that should not be there. */
export async function dropInProblems(dir = 'dist/cdn') {
  const problems = [];
  for (const name of dropInFiles) {
    let code;
    try {
      code = readFileSync(join(dir, name), 'utf8');
    } catch {
      problems.push(`${name} is missing from ${dir} (run the build first)`);
      continue;
    }
    for (const { kind, specifier } of await importsOf(code)) {
      problems.push(`${name} has a ${kind} import of ${specifier}`);
    }
  }
  const expected = new Set(dropInFiles.flatMap((name) => [name, `${name}.map`]));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!expected.has(entry.name)) problems.push(`${dir}/${entry.name} is not a drop-in file`);
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = await dropInProblems();
  if (problems.length > 0) {
    console.error(`The drop-in files must be one file each, importing nothing:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`${dropInFiles.join(', ')}: one file each, no imports.`);
  }
}
