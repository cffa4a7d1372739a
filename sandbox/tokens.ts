import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SandboxError } from './errors.js';

export interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

interface Issued {
  readonly consumerKey: string;
  readonly expiresAt: number;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Issues and checks bearer tokens, as Waftpay's authentication service: a token lives `ttlMs`
 * (`expires_in`, in milliseconds; 2 hours by default) and there is no refresh token.
 */
export class TokenStore {
  readonly #issued = new Map<string, Issued>();

  constructor(
    private readonly ttlMs: number,
    /** When set, only these credentials are accepted; otherwise any non-empty pair is. */
    private readonly pinned?: Credentials,
  ) {}

  issue(body: Record<string, unknown>): { token: string; expiresIn: number } {
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
    const token = randomBytes(24).toString('base64url');
    this.#issued.set(token, { consumerKey: key, expiresAt: Date.now() + this.ttlMs });
    return { token, expiresIn: this.ttlMs };
  }

  /** The consumer key behind `Authorization: Bearer <token>`, or a refusal. */
  verify(authorization: string | undefined): string {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new SandboxError('badToken', 'An Authorization: Bearer <token> header is required.');
    const issued = this.#issued.get(token);
    if (!issued) throw new SandboxError('badToken', 'The token is unknown.');
    if (Date.now() >= issued.expiresAt) {
      this.#issued.delete(token);
      throw new SandboxError('badToken', 'The token has expired; request a new one.');
    }
    return issued.consumerKey;
  }
}
