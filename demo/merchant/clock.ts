/** Where the shop reads the time: the system's, or a test's that moves only when told. */
export interface Clock {
  /** Now, in epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
