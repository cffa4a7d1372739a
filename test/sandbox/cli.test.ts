// `npx waftpay-sandbox` in a fresh clone, right after `npm install`: the bin lives in dist/, which a
// clone does not have, so `prepare` must build it. The clone here is the files git would commit
// (tracked, or new and not ignored), as they are now, with the installed node_modules linked in
// (installing packages is not what is tested, and this machine may not reach the registry).
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const root = resolve(import.meta.dirname, '../..');
let clone: string;
let sandbox: ChildProcess | undefined;

before(() => {
  clone = mkdtempSync(join(tmpdir(), 'waftpay-clone-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(root, file), join(clone, file));
  }
  assert.equal(existsSync(join(clone, 'dist')), false);
  try {
    // Hard links: fast. npm replaces package files (the original keeps its own), but writes its
    // hidden lockfile in place: that one is a real copy.
    execFileSync('cp', ['-al', join(root, 'node_modules'), join(clone, 'node_modules')]);
    const lockfile = join(clone, 'node_modules/.package-lock.json');
    rmSync(lockfile, { force: true });
    if (existsSync(join(root, 'node_modules/.package-lock.json')))
      cpSync(join(root, 'node_modules/.package-lock.json'), lockfile);
  } catch {
    // Another file system: a real copy (never a symbolic link, which npm could write through).
    cpSync(join(root, 'node_modules'), join(clone, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
});

after(() => {
  // npx runs the bin in a process of its own: stop the whole group it leads.
  try {
    if (sandbox?.pid) process.kill(-sandbox.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  rmSync(clone, { recursive: true, force: true });
});

test(
  'npm install, then npx waftpay-sandbox: it starts, prints its API base URL and answers',
  { timeout: 120_000 },
  async () => {
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: clone,
      stdio: 'pipe',
    });
    assert.ok(existsSync(join(clone, 'dist/sandbox/cli.js')), 'prepare built the bin');

    sandbox = spawn('npx', ['waftpay-sandbox', '--port', '0', '--throttle', '1'], {
      cwd: clone,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so the sandbox npx starts in it can be stopped with it.
      detached: true,
    });
    let output = '';
    sandbox.stdout!.on('data', (chunk) => (output += String(chunk)));
    sandbox.stderr!.on('data', (chunk) => (output += String(chunk)));
    const baseUrl = await new Promise<string>((found, failed) => {
      const timer = setTimeout(() => failed(new Error(`no base URL printed:\n${output}`)), 60_000);
      sandbox!.stdout!.on('data', () => {
        const match = /API base URL: (http:\/\/\S+\/api)/.exec(output);
        if (match) {
          clearTimeout(timer);
          found(match[1]);
        }
      });
      sandbox!.on('exit', (code) => failed(new Error(`exited ${code}:\n${output}`)));
    });
    const token = () =>
      fetch(`${baseUrl}/authentication-service/v1/api/generate-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ consumer_key: 'shop', consumer_secret: 'secret' }),
      });
    const [first, second] = await Promise.all([token(), token()]);
    assert.deepEqual([first.status, second.status].sort(), [200, 429], '--throttle 1 took effect');
  },
);
