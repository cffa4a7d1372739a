import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxClock } from './clock.js';
import type { FaultControl } from './faults.js';
import type { Fees } from './money.js';
import type { PhoneLines } from './phone.js';
import type { SessionStore } from './sessions.js';
import type { TokenStore } from './tokens.js';

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  match: RegExpExecArray,
) => Promise<void> | void;

export interface Route {
  readonly path: RegExp;
  readonly methods: Record<string, Handler>;
}

/** What the routes share: the sandbox's state and its settings. */
export interface SandboxContext {
  readonly clock: SandboxClock;
  readonly sessions: SessionStore;
  readonly tokens: TokenStore;
  readonly faults: FaultControl;
  readonly phones: PhoneLines;
  readonly fees: Fees;
  readonly webhookHosts: readonly string[];
  /** Requests a timeout (or lost reply) fault holds unanswered; their connections close after `ms` (0: at once). */
  hold(response: ServerResponse, ms: number): void;
  /** The server's origin, once it listens. */
  origin(): string;
}
