// `node scripts/check-doc-links.mjs`: every relative link and #anchor in README.md and docs/*.md
// must point somewhere. Pages move and headings get renamed; a dead link in the docs is a bug a
// reader finds before we do. External links (http:, https:, mailto:) are not followed: the tests
// run offline.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Markdown without fenced code blocks and inline code, whose brackets are not links. */
function prose(markdown) {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/(`+)[\s\S]*?\1/g, (code) => code.replace(/[[\]()]/g, ' '));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file offers: one per heading (repeats get -1, -2, …), and explicit ids. */
export function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, text] of withoutCode.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const id = slug(text);
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    anchors.add(count === 0 ? id : `${id}-${count}`);
  }
  for (const [, id] of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id);
  return anchors;
}

/** Link targets in a Markdown file: inline links and images, and reference definitions. */
export function linksOf(markdown) {
  const text = prose(markdown);
  const targets = [];
  for (const [, target] of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(target);
  for (const [, target] of text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(target);
  return targets;
}

/** Every problem with the links of `files` (paths relative to `base`, the repository root). */
export function checkLinks(files, base = root) {
  const problems = [];
  const anchorCache = new Map();
  const anchorsIn = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(file, 'utf8')));
    return anchorCache.get(file);
  };
  for (const file of files) {
    const path = join(base, file);
    for (const target of linksOf(readFileSync(path, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [pathPart, anchor] = target.split('#', 2);
      const linked = pathPart === '' ? path : resolve(dirname(path), decodeURIComponent(pathPart));
      if (relative(base, linked).startsWith('..')) {
        problems.push(`${file}: ${target} points outside the repository`);
        continue;
      }
      if (!existsSync(linked)) {
        problems.push(`${file}: ${target} points to ${relative(base, linked)}, which does not exist`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!linked.endsWith('.md') || statSync(linked).isDirectory()) {
        problems.push(
          `${file}: ${target} has an anchor, but ${relative(base, linked)} is not a Markdown file`,
        );
      } else if (!anchorsIn(linked).has(anchor)) {
        problems.push(`${file}: ${target}: ${relative(base, linked)} has no heading #${anchor}`);
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const files = ['README.md', ...docs];
  const problems = checkLinks(files);
  for (const problem of problems) console.error(`✗ ${problem}`);
  console.log(
    `${files.length} files checked: ${problems.length} broken link${problems.length === 1 ? '' : 's'}`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
