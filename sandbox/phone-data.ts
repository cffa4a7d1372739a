// Shared by the sandbox server (which sends it) and the phone page's script (which shows it).

/** One payment prompt as the customer's phone shows it. */
export interface PhonePrompt {
  /** The payment's `payment_uuid`: what the phone answers. */
  readonly id: string;
  readonly merchantName: string;
  readonly amount: number;
  readonly currency: string;
  /** `PENDING` while it waits for the customer's answer; then how it ended. */
  readonly state: 'PENDING' | 'SUCCESS' | 'FAILED' | 'EXPIRED' | 'CANCELLED';
  /** When the prompt reached the phone (ISO-8601). */
  readonly sentAt: string;
  /** When it stops waiting for an answer (the session's `expires_at`). */
  readonly expiresAt: string;
  /** The network's receipt, once paid. */
  readonly receipt?: string;
}

/** What the phone shows: the prompts sent to its number, newest first. */
export interface PhoneScreen {
  readonly msisdn: string;
  readonly prompts: readonly PhonePrompt[];
}
