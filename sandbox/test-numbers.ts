/**
 * Phone numbers whose "customer" answers by themselves, so automated tests need no clicking. The
 * hosted page sends their prompt as soon as it loads. Any other number waits for the buttons that
 * stand in for the customer's phone.
 */
export const testNumbers = {
  /** Approves at once. */
  succeeds: '254700000001',
  /** Declines at once. */
  declines: '254700000002',
  /** Never answers: the session stays pending until it expires. */
  staysPending: '254700000003',
  /** Approves after a few seconds of pending (`pendingDelayMs`). */
  succeedsLater: '254700000004',
} as const;

export function isTestNumber(msisdn: string): boolean {
  return (Object.values(testNumbers) as string[]).includes(msisdn);
}
