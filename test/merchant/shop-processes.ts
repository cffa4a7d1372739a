// Shop servers in processes of their own (shop-process.ts), for tests that kill one (SIGKILL) or
// run two side by side: started, watched (what they log, where they stopped), killed.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ShopProcessConfig, StopPoint } from './shop-process.js';
import { eventually } from './shop.js';

export interface ShopProcess {
  readonly url: string;
  /** What it logged so far. */
  readonly output: () => string;
  /** Resolves when it has stopped dead at its `stopAt` point. */
  stopped(): Promise<StopPoint>;
  /** Sets its clock `aheadMs` ahead of the machine's; resolves once it runs on it. */
  moveClock(aheadMs: number): Promise<void>;
  /** SIGKILL, and its end. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startShopProcess(config: ShopProcessConfig): Promise<ShopProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./shop-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: { url?: string }) => {
      if (message.url) resolve(message.url);
    });
    void exited.then(() => reject(new Error(`the shop process ended before it listened:\n${output}`)));
    child.send(config);
  });
  return {
    url,
    output: () => output,
    async stopped() {
      const file = config.stopFile ?? '';
      await eventually(`the shop to stop at ${config.stopAt}`, async () => existsSync(file));
      return readFileSync(file, 'utf8') as StopPoint;
    },
    moveClock(aheadMs) {
      return new Promise<void>((resolve) => {
        const moved = (message: { aheadMs?: number }) => {
          if (message.aheadMs !== aheadMs) return;
          child.off('message', moved);
          resolve();
        };
        child.on('message', moved);
        child.send({ aheadMs });
      });
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
