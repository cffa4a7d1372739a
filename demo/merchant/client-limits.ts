import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { Clock } from './clock.js';

/** `burst` requests at once, then `perMinute`. */
export interface Rate {
  readonly burst: number;
  readonly perMinute: number;
}

/** The /64 an IPv6 address is in, which one subscriber usually holds whole. */
function prefix64(address: string): string {
  const [head, tail] = address.replace(/%.*$/, '').toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** A client's key for limits: its address, an IPv6 one by its /64. */
export function clientKey(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.)/, '');
  return isIPv6(plain) ? prefix64(plain) : plain;
}

/**
 * Who sent a request, for limits: its address (the last `X-Forwarded-For` hop when the shop sits
 * behind a proxy it trusts).
 */
export function clientOf(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? String(request.headers['x-forwarded-for'] ?? '')
        .split(',')
        .pop()
        ?.trim()
    : '';
  return clientKey(forwarded || request.socket.remoteAddress || '');
}

/**
 * A token bucket per client, in this server's memory (each shop server limits what reaches it).
 * At most `maxClients` are remembered: the longest idle is forgotten first.
 */
export class ClientLimit {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: Rate,
    private readonly clock: Clock,
    private readonly maxClients = 10_000,
  ) {}

  /** Takes one request for `client`: 0 when it may go on, else the milliseconds until it may. */
  take(client: string): number {
    const now = this.clock.now();
    const bucket = this.#buckets.get(client) ?? { tokens: this.rate.burst, at: now };
    bucket.tokens = Math.min(
      this.rate.burst,
      bucket.tokens + ((now - bucket.at) * this.rate.perMinute) / 60_000,
    );
    bucket.at = now;
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > this.maxClients)
      this.#buckets.delete(this.#buckets.keys().next().value as string);
    if (bucket.tokens < 1) return Math.ceil(((1 - bucket.tokens) * 60_000) / this.rate.perMinute);
    bucket.tokens -= 1;
    return 0;
  }
}
