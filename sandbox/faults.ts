import { createHash } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import { SandboxError } from './errors.js';
import { type DelayRange, type EndpointName, type FaultSetting } from './fault-setting.js';
import { RecentMap } from './recent-map.js';

/** Subjects whose counts one merchant's faults keep (the most recent); an older one starts again from 0. */
export const subjectsKept = 100_000;
/** Merchants whose faults are kept (the most recently set or used). */
export const merchantsKept = 10_000;

/** What was injected so far, under a setting. */
export interface InjectedCounts {
  webhooks: { dropped: number; duplicated: number; delayed: number; reordered: number };
  statusQuery: EndpointCounts;
  token: EndpointCounts;
  checkout: EndpointCounts;
  refund: EndpointCounts;
  throttled: number;
}

export interface EndpointCounts {
  errors: number;
  timeouts: number;
  /** Requests done whose reply was then lost. */
  lostReplies: number;
  delayed: number;
}

/** What to do with one webhook. */
export interface WebhookFault {
  readonly drop: boolean;
  readonly copies: 1 | 2;
  readonly delayMs: number;
  readonly reorder: boolean;
}

/** What to do with one request to an endpoint. */
export type EndpointFault =
  | { readonly kind: 'none'; readonly delayMs: number }
  | { readonly kind: 'error' }
  | { readonly kind: 'timeout'; readonly hangMs: number }
  | { readonly kind: 'lostReply'; readonly hangMs: number };

const noWebhookFault: WebhookFault = { drop: false, copies: 1, delayMs: 0, reorder: false };

function emptyCounts(): InjectedCounts {
  const endpoint = (): EndpointCounts => ({ errors: 0, timeouts: 0, lostReplies: 0, delayed: 0 });
  return {
    webhooks: { dropped: 0, duplicated: 0, delayed: 0, reordered: 0 },
    statusQuery: endpoint(),
    token: endpoint(),
    checkout: endpoint(),
    refund: endpoint(),
    throttled: 0,
  };
}

/**
 * One merchant's faults: its setting, what was injected so far, and the choices. Every choice is
 * a function of the seed and of what it is about (a webhook: its checkout_reference and how many
 * webhooks that session sent before; a request: the checkout_reference of the payment it names,
 * as `faultSubject` finds it, and how many such requests came before), never of the order in which
 * unrelated requests arrived: the same seed and the same requests give the same faults, however
 * they interleave.
 */
export class MerchantFaults {
  readonly counts = emptyCounts();
  readonly #seen = new RecentMap<string, number>(subjectsKept);
  #window = { start: -Infinity, count: 0 };

  constructor(
    readonly setting: FaultSetting,
    private readonly clock: SandboxClock,
  ) {}

  /** The report of `GET /api/sandbox/v1/faults`. */
  report(): { setting: FaultSetting; injected: InjectedCounts } {
    return { setting: this.setting, injected: this.counts };
  }

  /**
   * @throws {SandboxError} `throttled` when the merchant is over `throttle.perSecond`; the
   *   `retryAfter` seconds are in its message and returned by {@link MerchantFaults.retryAfter}.
   */
  throttle(): void {
    const limit = this.setting.throttle?.perSecond;
    if (!limit) return;
    const now = this.clock.now();
    if (now - this.#window.start >= 1000) this.#window = { start: now, count: 0 };
    if (++this.#window.count <= limit) return;
    this.counts.throttled++;
    throw new SandboxError(
      'throttled',
      `Too many requests: this merchant may make ${limit} per second (a fault on purpose); retry after ${this.retryAfter()} s.`,
    );
  }

  /** Whole seconds until the throttle's window ends (at least 1). */
  retryAfter(): number {
    return Math.max(1, Math.ceil((this.#window.start + 1000 - this.clock.now()) / 1000));
  }

  /** The fault for a request to `endpoint` about `subject` (a reference, or the consumer key). */
  endpoint(endpoint: EndpointName, subject: string): EndpointFault {
    const faults = this.setting[endpoint];
    if (!faults) return { kind: 'none', delayMs: 0 };
    const key = this.#next(`${endpoint}|${subject}`);
    const draw = this.#draw(key);
    const counts = this.counts[endpoint];
    if (draw < (faults.error ?? 0)) {
      counts.errors++;
      return { kind: 'error' };
    }
    if (draw < (faults.error ?? 0) + (faults.timeout ?? 0)) {
      counts.timeouts++;
      return { kind: 'timeout', hangMs: faults.hangMs ?? 60_000 };
    }
    if (draw < (faults.error ?? 0) + (faults.timeout ?? 0) + (faults.lostReply ?? 0)) {
      counts.lostReplies++;
      return { kind: 'lostReply', hangMs: faults.hangMs ?? 60_000 };
    }
    const delayMs = this.#pick(faults.delayMs, `${key}|delay`);
    if (delayMs > 0) counts.delayed++;
    return { kind: 'none', delayMs };
  }

  /** The fault for a webhook of the session `reference` announcing `status`. */
  webhook(reference: string, status: string, final: boolean): WebhookFault {
    const faults = this.setting.webhooks;
    if (!faults || (faults.references && !faults.references.includes(reference))) return noWebhookFault;
    const key = `${this.#next(`webhook|${reference}`)}|${status}`;
    const counts = this.counts.webhooks;
    if (this.#draw(`${key}|drop`) < (faults.drop ?? 0)) {
      counts.dropped++;
      return { ...noWebhookFault, drop: true };
    }
    const copies = this.#draw(`${key}|duplicate`) < (faults.duplicate ?? 0) ? 2 : 1;
    if (copies === 2) counts.duplicated++;
    const delayMs = this.#pick(faults.delayMs, `${key}|delay`);
    if (delayMs > 0) counts.delayed++;
    const reorder = !final && this.#draw(`${key}|reorder`) < (faults.reorder ?? 0);
    if (reorder) counts.reordered++;
    return { drop: false, copies, delayMs, reorder };
  }

  /** `subject` and how many times it came before: `…|0`, `…|1`, … */
  #next(subject: string): string {
    const seen = this.#seen.get(subject) ?? 0;
    this.#seen.set(subject, seen + 1);
    return `${subject}|${seen}`;
  }

  /** A number in [0, 1) that depends only on the seed and `key`. */
  #draw(key: string): number {
    const digest = createHash('sha256').update(`${this.setting.seed}|${key}`).digest();
    return digest.readUIntBE(0, 6) / 2 ** 48;
  }

  #pick(range: DelayRange | undefined, key: string): number {
    if (!range) return 0;
    const [min, max] = range;
    return min + Math.floor(this.#draw(key) * (max - min + 1));
  }
}

/** Each merchant's faults: its own setting once it PUT one, else the sandbox's default (if any). */
export class FaultControl {
  /** `null`: the merchant ended its faults (the default's too). */
  readonly #merchants = new RecentMap<string, MerchantFaults | null>(merchantsKept);

  constructor(
    private readonly clock: SandboxClock,
    private readonly defaultSetting?: FaultSetting,
  ) {}

  /** The merchant's faults now (none: `undefined`). */
  of(consumerKey: string): MerchantFaults | undefined {
    let faults = this.#merchants.get(consumerKey);
    if (faults === undefined && this.defaultSetting) {
      faults = new MerchantFaults(this.defaultSetting, this.clock);
      this.#merchants.set(consumerKey, faults);
    }
    return faults ?? undefined;
  }

  /** From now on the merchant's faults follow `setting`, counted from zero. */
  set(consumerKey: string, setting: FaultSetting): MerchantFaults {
    const faults = new MerchantFaults(setting, this.clock);
    this.#merchants.set(consumerKey, faults);
    return faults;
  }

  /** The merchant's faults end (the default too, for this merchant); returns what they were. */
  clear(consumerKey: string): MerchantFaults | undefined {
    const faults = this.of(consumerKey);
    this.#merchants.set(consumerKey, null);
    return faults;
  }
}
