import { randomInt } from 'node:crypto';
import { SandboxError } from './errors.js';

/** A wait drawn from `[min, max]` ms (a single number: always that long). */
export type DelayRange = readonly [min: number, max: number];

/** How one endpoint misbehaves; probabilities from 0 to 1. */
export interface EndpointFaults {
  /** Answer HTTP 503 in Waftpay's error shape (`service_error`). */
  readonly error?: number;
  /** Answer nothing: the request is held until `hangMs`, then the connection is closed. */
  readonly timeout?: number;
  /**
   * Do what was asked, then answer nothing (held until `hangMs`, then closed): Waftpay did it, and
   * its reply was lost. Meant for `checkout` and `refund`, whose requests change something.
   */
  readonly lostReply?: number;
  /** Answer, but only after a wait drawn from this range. */
  readonly delayMs?: DelayRange;
  /** How long a request that times out (or whose reply is lost) is held before its connection is closed. Default 60 000; 0 closes it at once. */
  readonly hangMs?: number;
}

/** How webhooks misbehave; probabilities from 0 to 1. */
export interface WebhookFaults {
  /** The webhook is never sent (nor retried). */
  readonly drop?: number;
  /** The webhook is delivered twice. */
  readonly duplicate?: number;
  /** The first attempt waits this long. */
  readonly delayMs?: DelayRange;
  /** A PENDING, CREATED or ESCALATED webhook is held back and sent after the session's next one. */
  readonly reorder?: number;
  /** Only the webhooks of these `checkout_reference`s misbehave (default: all). */
  readonly references?: readonly string[];
}

/**
 * How the sandbox misbehaves on purpose, for one merchant: `PUT /api/sandbox/v1/faults`, or
 * `--faults <file.json>` for every merchant. Every key is optional; the same seed and the same
 * requests give the same faults.
 */
export interface FaultSetting {
  /** The seed of every random choice; chosen by the sandbox (and reported) when not given. */
  readonly seed: number;
  readonly webhooks?: WebhookFaults;
  readonly statusQuery?: EndpointFaults;
  readonly token?: EndpointFaults;
  readonly checkout?: EndpointFaults;
  readonly refund?: EndpointFaults;
  /** At most this many API requests per second for the merchant, then 429 with `Retry-After`. */
  readonly throttle?: { readonly perSecond: number };
}

export const endpointNames = ['statusQuery', 'token', 'checkout', 'refund'] as const;
export type EndpointName = (typeof endpointNames)[number];

const maxDelayMs = 10 * 60_000;

function invalid(param: string, message: string): never {
  throw new SandboxError('invalidValue', message, param);
}

function object(value: unknown, param: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid(param, `${param} must be an object`);
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], param: string): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key))
      invalid(
        `${param}${param ? '.' : ''}${key}`,
        `${key} is not a fault setting (expected one of ${allowed.join(', ')})`,
      );
}

function probability(value: unknown, param: string): number | undefined {
  if (value === undefined) return undefined;
  if (value === true) return 1;
  if (value === false) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    invalid(param, `${param} must be a probability from 0 to 1`);
  return value;
}

function milliseconds(value: unknown, param: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > maxDelayMs)
    invalid(param, `${param} must be a whole number of milliseconds from 0 to ${maxDelayMs}`);
  return value;
}

function delay(value: unknown, param: string): DelayRange | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    const ms = milliseconds(value, param);
    return [ms, ms];
  }
  if (!Array.isArray(value) || value.length !== 2)
    invalid(param, `${param} must be [min, max] in milliseconds, or one number`);
  const [min, max] = [milliseconds(value[0], `${param}[0]`), milliseconds(value[1], `${param}[1]`)];
  if (min > max) invalid(param, `${param} must be [min, max] with min ≤ max`);
  return [min, max];
}

function endpoint(value: unknown, param: string): EndpointFaults | undefined {
  if (value === undefined) return undefined;
  const given = object(value, param);
  onlyKeys(given, ['error', 'timeout', 'lostReply', 'delayMs', 'hangMs'], param);
  const error = probability(given.error, `${param}.error`);
  const timeout = probability(given.timeout, `${param}.timeout`);
  const lostReply = probability(given.lostReply, `${param}.lostReply`);
  if ((error ?? 0) + (timeout ?? 0) + (lostReply ?? 0) > 1)
    invalid(param, `${param}.error, .timeout and .lostReply add up to more than 1`);
  return defined({
    error,
    timeout,
    lostReply,
    delayMs: delay(given.delayMs, `${param}.delayMs`),
    hangMs: given.hangMs === undefined ? undefined : milliseconds(given.hangMs, `${param}.hangMs`),
  });
}

function webhooks(value: unknown): WebhookFaults | undefined {
  if (value === undefined) return undefined;
  const given = object(value, 'webhooks');
  onlyKeys(given, ['drop', 'duplicate', 'delayMs', 'reorder', 'references'], 'webhooks');
  const references = given.references;
  if (
    references !== undefined &&
    (!Array.isArray(references) ||
      references.length > 1000 ||
      !references.every((reference) => typeof reference === 'string' && reference !== ''))
  )
    invalid('webhooks.references', 'webhooks.references must be a list of checkout_reference strings');
  return defined({
    drop: probability(given.drop, 'webhooks.drop'),
    duplicate: probability(given.duplicate, 'webhooks.duplicate'),
    delayMs: delay(given.delayMs, 'webhooks.delayMs'),
    reorder: probability(given.reorder, 'webhooks.reorder'),
    references: references as string[] | undefined,
  });
}

function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

/**
 * Reads a fault setting (the body of `PUT /api/sandbox/v1/faults`, or `--faults`' file), refusing
 * anything it does not know, so a misspelt key is said rather than silently ignored.
 *
 * @throws {SandboxError} `invalidValue`, naming the key at fault in `param`.
 */
export function readFaultSetting(value: unknown): FaultSetting {
  const given = object(value, 'the setting');
  onlyKeys(given, ['seed', 'webhooks', 'throttle', ...endpointNames], '');
  const seed = given.seed ?? randomInt(0, 2 ** 31);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) invalid('seed', 'seed must be a whole number');
  let throttle: FaultSetting['throttle'];
  if (given.throttle !== undefined) {
    const limit = object(given.throttle, 'throttle');
    onlyKeys(limit, ['perSecond'], 'throttle');
    if (typeof limit.perSecond !== 'number' || !Number.isInteger(limit.perSecond) || limit.perSecond < 1)
      invalid('throttle.perSecond', 'throttle.perSecond must be a whole number from 1');
    throttle = { perSecond: limit.perSecond };
  }
  return defined({
    seed,
    webhooks: webhooks(given.webhooks),
    statusQuery: endpoint(given.statusQuery, 'statusQuery'),
    token: endpoint(given.token, 'token'),
    checkout: endpoint(given.checkout, 'checkout'),
    refund: endpoint(given.refund, 'refund'),
    throttle,
  });
}
