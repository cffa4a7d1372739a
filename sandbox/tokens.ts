import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import { SandboxError } from './errors.js';
import { RecentMap } from './recent-map.js';

export interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

/** Waftpay's products; each has its own credentials, and its tokens work only for it. */
export type Product = 'collections' | 'payouts' | 'remittance';

const productNames: Record<Product, string> = {
  collections: 'Collections',
  payouts: 'Payouts',
  remittance: 'Remittance',
};

/**
 * Which product a consumer key belongs to. Waftpay issues credentials per product; the sandbox
 * reads it from the key: `payouts…` and `remittance…` keys are those products', every other key
 * is a Collections key (what Checkout needs).
 */
export function productOf(consumerKey: string): Product {
  if (/^payouts/i.test(consumerKey)) return 'payouts';
  if (/^remittance/i.test(consumerKey)) return 'remittance';
  return 'collections';
}

interface Claims {
  /** The consumer key. */
  readonly sub: string;
  readonly product: Product;
  /** Seconds since the epoch; fractional, so lifetimes shorter than a second work in tests. */
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function sameText(a: string, b: string): boolean {
  return sameBytes(Buffer.from(a), Buffer.from(b));
}

/**
 * Issues and checks bearer tokens as Waftpay's authentication service does: a JWT for one
 * product, living `ttlMs` (`expires_in`, in milliseconds; 2 hours by default), no refresh
 * token. Tokens are signed (HS256) with a key made when the sandbox starts, and nothing is kept
 * per token: an expired token is forgotten by construction, and a restarted sandbox knows none.
 */
export class TokenStore {
  readonly #key = randomBytes(32);
  /**
   * Unless the credentials are pinned, the secret each consumer key was first given with (its
   * SHA-256): from then on only that secret gets the key a token, as Waftpay's credentials are a
   * pair. A restarted sandbox has forgotten them, and so has one that has seen 100 000 keys since.
   */
  readonly #secrets = new RecentMap<string, Buffer>(100_000);

  constructor(
    private readonly ttlMs: number,
    private readonly clock: SandboxClock,
    /** When set, only these credentials are accepted; otherwise any non-empty pair is, each key with its first secret. */
    private readonly pinned?: Credentials,
  ) {}

  /**
   * The consumer key of a token request, checked: non-empty, and the pinned pair when pinned;
   * else the secret the key was first used with (any, the first time).
   *
   * @throws {SandboxError} `badCredentials` (401).
   */
  consumerKeyOf(body: Record<string, unknown>): string {
    const key = body.consumer_key;
    const secret = body.consumer_secret;
    if (typeof key !== 'string' || key.trim() === '' || typeof secret !== 'string' || secret.trim() === '') {
      throw new SandboxError('badCredentials', 'consumer_key and consumer_secret are required.');
    }
    if (
      this.pinned &&
      !(sameText(key, this.pinned.consumerKey) && sameText(secret, this.pinned.consumerSecret))
    ) {
      throw new SandboxError('badCredentials', 'Unknown consumer_key or wrong consumer_secret.');
    }
    if (!this.pinned) {
      const digest = createHash('sha256').update(secret).digest();
      const first = this.#secrets.get(key);
      if (!first) this.#secrets.set(key, digest);
      else if (!sameBytes(first, digest))
        throw new SandboxError('badCredentials', 'Unknown consumer_key or wrong consumer_secret.');
    }
    return key;
  }

  /** A token for `consumerKey` (checked by {@link TokenStore.consumerKeyOf}). */
  issue(key: string): { token: string; expiresIn: number } {
    const now = this.clock.now();
    const claims: Claims = {
      sub: key,
      product: productOf(key),
      iat: now / 1000,
      exp: (now + this.ttlMs) / 1000,
      jti: randomUUID(),
    };
    const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
    return { token: `${unsigned}.${this.#sign(unsigned)}`, expiresIn: this.ttlMs };
  }

  /**
   * The consumer key behind `Authorization: Bearer <token>`, when the token is this sandbox's,
   * unexpired, and for `product`.
   *
   * @throws {SandboxError} `badToken` (401) or `wrongProduct` (403).
   */
  verify(authorization: string | undefined, product: Product): string {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new SandboxError('badToken', 'An Authorization: Bearer <token> header is required.');
    const [header, payload, signature, ...rest] = token.split('.');
    if (
      rest.length > 0 ||
      signature === undefined ||
      !sameBytes(Buffer.from(signature), Buffer.from(this.#sign(`${header}.${payload}`)))
    ) {
      throw new SandboxError('badToken', 'The token is unknown.');
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    if (this.clock.now() >= claims.exp * 1000) {
      throw new SandboxError('badToken', 'The token has expired; request a new one.');
    }
    if (claims.product !== product) {
      throw new SandboxError(
        'wrongProduct',
        `This endpoint needs a ${productNames[product]} token; this one is for ${productNames[claims.product]}.`,
      );
    }
    return claims.sub;
  }

  #sign(unsigned: string): string {
    return createHmac('sha256', this.#key).update(unsigned).digest('base64url');
  }
}
