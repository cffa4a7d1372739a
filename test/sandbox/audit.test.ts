// The audit of the sandbox against Waftpay's documents, in two lists: what the documents say, each
// item with its test (audit/documented.ts), and what the sandbox decided where they are silent or
// disagree with themselves, each written down in docs/sandbox.md (audit/decided.ts). Both counts
// are in the last test's name, and docs/sandbox.md states them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decided } from './audit/decided.js';
import { documented } from './audit/documented.js';
import { setUp, tearDown } from './audit/fixture.js';

/** docs/sandbox.md, its lines joined (a phrase may be wrapped anywhere). */
const sandboxPage = readFileSync(new URL('../../docs/sandbox.md', import.meta.url), 'utf8').replace(
  /\s+/g,
  ' ',
);

before(setUp);
after(tearDown);

/** A check that hangs (a webhook never answered, say) fails rather than stopping the run. */
const timeout = 30_000;

describe('what Waftpay’s documents say, each with its test', () => {
  documented.forEach(([page, statement, check], index) =>
    test(`D${index + 1}. ${statement} (${page})`, { timeout }, check),
  );
});

describe('what the sandbox decided, each written down in docs/sandbox.md', () => {
  decided.forEach(([topic, decision, written, check], index) =>
    test(`S${index + 1}. ${decision} (${topic})`, { timeout }, async () => {
      assert.ok(sandboxPage.includes(written), `docs/sandbox.md does not write down: ${written}`);
      await check?.();
    }),
  );
});

test(`the audit: ${documented.length} documented items, ${decided.length} decisions`, () => {
  assert.match(sandboxPage, new RegExp(`\\b${documented.length} documented items\\b`));
  assert.match(sandboxPage, new RegExp(`\\b${decided.length} decisions\\b`));
});
