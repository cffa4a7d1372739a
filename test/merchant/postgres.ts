// A real PostgreSQL for the tests, started here and stopped by them: a cluster of its own in a
// temporary folder, listening on loopback on a free port, its socket in that folder. PostgreSQL
// refuses to run as root, so as root (sessions and CI) its programs run as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian puts PostgreSQL's programs (the newest version there), or `PG_BIN`. */
function binaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length)
    throw new Error(
      "No PostgreSQL for the tests: install Debian's postgresql (`sudo apt-get install postgresql`; .ci/run does), or set PG_BIN to a folder with initdb and pg_ctl.",
    );
  return join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  /** A URL for a new, empty database of its own on this server. */
  newDatabase(): Promise<string>;
  stop(): void;
}

/**
 * Starts a PostgreSQL server; `stop()` ends it and removes its folder. For the tests it does not
 * wait for the disk (fsync off); `durable` keeps PostgreSQL's defaults, as the bench measures a
 * shop that keeps its payments through a power cut.
 */
export async function startPostgres({ durable = false } = {}): Promise<TestPostgres> {
  const bin = binaries();
  const folder = mkdtempSync(join(tmpdir(), 'waftpay-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(folder, uid, gid);
  }
  const run = (program: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, program),
      asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args,
      {
        stdio: 'pipe',
        cwd: folder,
      },
    );
  const data = join(folder, 'data');
  run('initdb', ['-D', data, '-U', 'shop', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      run('pg_ctl', [
        '-D',
        data,
        '-l',
        join(folder, 'server.log'),
        '-w',
        '-o',
        `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=200${durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'}`,
        'start',
      ]);
      break;
    } catch (error) {
      // Another program took the port between the look and the start: try another.
      if (attempt === 3) throw error;
    }
  }
  const admin = `postgres://shop@127.0.0.1:${port}/postgres`;
  let databases = 0;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return {
    async newDatabase() {
      const name = `shop_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://shop@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
