// The sandbox's command line, run from source: --faults <file.json> sets every merchant's faults,
// --webhooks and the fees reach the server, a bad setting stops it with the usage, and
// --host 0.0.0.0 says what it exposes.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { until } from './helpers.js';

const cli = resolve(import.meta.dirname, '../../sandbox/cli.ts');
const started: ChildProcess[] = [];
after(() => {
  for (const child of started) child.kill('SIGTERM');
});

/** Starts the CLI; resolves its API base URL and what it wrote, or its exit code and output. */
function run(
  args: string[],
): Promise<{ baseUrl?: string; code?: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const output: { baseUrl?: string; code?: number | null; stdout: string; stderr: string } = {
    stdout: '',
    stderr: '',
  };
  return new Promise((done, failed) => {
    child.stdout!.on('data', (chunk) => {
      output.stdout += String(chunk);
      const match = /API base URL: (http:\/\/\S+\/api)/.exec(output.stdout);
      if (match) done(Object.assign(output, { baseUrl: match[1] }));
    });
    child.stderr!.on('data', (chunk) => (output.stderr += String(chunk)));
    child.on('close', (code) => done(Object.assign(output, { code })));
    child.on('error', failed);
  });
}

async function call(baseUrl: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

test(
  '--faults file.json: every merchant’s status query fails as the file says',
  { timeout: 60_000 },
  async () => {
    const folder = mkdtempSync(join(tmpdir(), 'waftpay-faults-'));
    const file = join(folder, 'faults.json');
    writeFileSync(file, JSON.stringify({ seed: 7, statusQuery: { error: 1 } }));
    const { baseUrl, stdout } = await run(['--faults', file]);
    assert.ok(baseUrl, stdout);
    const { body } = await call(baseUrl, '/authentication-service/v1/api/generate-token', {
      consumer_key: 'shop',
      consumer_secret: 'secret',
    });
    const query = await call(
      baseUrl,
      '/payments-tsq-service/v1/query/payments',
      { payment_uuid: '1' },
      body.token,
    );
    assert.equal(query.status, 503);
  },
);

test('a fault setting it does not understand stops it, naming the key', { timeout: 60_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'waftpay-faults-'));
  const file = join(folder, 'faults.json');
  writeFileSync(file, JSON.stringify({ webhooks: { drop: 3 } }));
  const { code, stderr } = await run(['--faults', file]);
  assert.equal(code, 2);
  assert.match(stderr, /--faults: webhooks\.drop: webhooks\.drop must be a probability/);
  const missing = await run(['--faults', join(folder, 'none.json')]);
  assert.equal(missing.code, 2);
  const webhooks = await run(['--webhooks', 'some']);
  assert.equal(webhooks.code, 2);
  assert.match(webhooks.stderr, /--webhooks must be final, pending or all/);
});

test(
  '--host 0.0.0.0 warns on the error stream that the phone and its Approve buttons are exposed',
  { timeout: 60_000 },
  async () => {
    const output = await run(['--host', '0.0.0.0']);
    assert.ok(output.baseUrl);
    // The warning comes first, on the other stream: wait for it to be read.
    await until(() => output.stderr.includes('Approve'), 10_000);
    assert.match(output.stderr, /WARNING: listening on 0\.0\.0\.0/);
  },
);
