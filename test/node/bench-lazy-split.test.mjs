// The bench's lazy-split experiment builds the drop-in without its rarely used parts, from the
// real sources: it must still build when those sources change (a function added to the popup's
// module once made it fail, and the bench with it), and each file must hold what it claims.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { buildLazySplitVariants, doNothingStub } from '../../bench/lazy-split.mjs';

test('a stub has a function for each function its module exports', () => {
  const stub = doNothingStub('src/element/popup.ts');
  for (const name of ['openCentredPopup', 'writeWaitingPage', 'watchPopup'])
    assert.match(stub, new RegExp(`export const ${name} = `));
});

test('the core and the part build from the sources, each with only its own sentences', async () => {
  const { dir, files } = await buildLazySplitVariants();
  try {
    const core = readFileSync(files.core, 'utf8');
    const part = readFileSync(files.part, 'utf8');
    assert.match(core, /Pay with Waftpay/);
    assert.doesNotMatch(core, /Lipa kwa Waftpay|Payer avec Waftpay/);
    assert.match(part, /Lipa kwa Waftpay/);
    assert.match(part, /Payer avec Waftpay/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
