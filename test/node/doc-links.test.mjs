// The docs link check (scripts/check-doc-links.mjs), on pages written for the test.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { anchorsOf, checkLinks, slug } from '../../scripts/check-doc-links.mjs';

function site(pages) {
  const dir = mkdtempSync(join(tmpdir(), 'doc-links-'));
  mkdirSync(join(dir, 'docs'));
  for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, name), text);
  return dir;
}

test('headings become GitHub anchors', () => {
  assert.equal(slug('The host helper: `waftpay-checkout/host`'), 'the-host-helper-waftpay-checkouthost');
  assert.equal(
    slug('Where the sandbox differs from Waftpay’s documents'),
    'where-the-sandbox-differs-from-waftpays-documents',
  );
  assert.equal(slug('See [Errors](errors.md) now'), 'see-errors-now');
  assert.deepEqual([...anchorsOf('# Setup\n## Setup\n```\n# not a heading\n```\n')], ['setup', 'setup-1']);
});

test('links that point somewhere pass', (t) => {
  const dir = site({
    'README.md':
      '[a](docs/a.md) [b](docs/a.md#second-part) [top](#intro) [web](https://example.com/x#y)\n# Intro\n',
    'docs/a.md':
      '# A\n## Second part\n[back](../README.md#intro) `[not](a-link.md)`\n```\n[nor](this.md)\n```\n',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(checkLinks(['README.md', 'docs/a.md'], dir), []);
});

test('a missing file, a missing anchor and a link out of the repository are each reported', (t) => {
  const dir = site({
    'README.md': '# Intro\n[gone](docs/gone.md) [no such heading](docs/a.md#nowhere) [self](#missing)\n',
    'docs/a.md': '# A\n[out](../../elsewhere.md)\n',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const problems = checkLinks(['README.md', 'docs/a.md'], dir);
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems[0], /docs\/gone\.md.*does not exist/);
  assert.match(problems[1], /has no heading #nowhere/);
  assert.match(problems[2], /has no heading #missing/);
  assert.match(problems[3], /outside the repository/);
});
