// Shared by the sandbox server (which embeds it in the page) and the page's script (which reads it).

/** What the hosted page's script needs, embedded in the page as inert JSON. */
export interface HostedPageData {
  readonly token: string;
  readonly state: string;
  readonly merchantName: string;
  readonly merchantOrigins: string[];
  readonly amount: number;
  readonly currency: string;
  readonly msisdn: string;
  readonly expiresAt: string;
  readonly checkoutReference: string;
  readonly paymentReference?: string;
  readonly successUrl: string;
  readonly failUrl: string;
  readonly language: 'en' | 'sw';
  readonly strictAmount: boolean;
  readonly autoPrompt: boolean;
}
