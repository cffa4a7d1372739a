/**
 * Skips the running test in a browser that lacks what it tests, and says why: the line goes to
 * the browser's log, which the runner prints, and scripts/wtr-counts-reporter.mjs collects it for
 * the summary of `npm test`. A skip without a reason hides a gap; use this instead of `this.skip()`.
 */
export function skipUnless(context: Mocha.Context, supported: boolean, reason: string): void {
  if (supported) return;
  console.log(`${skipMark} ${context.test?.fullTitle() ?? 'a test'}: ${reason}`);
  context.skip();
}

/** What starts a skip's line in the browser's log. */
export const skipMark = '[skipped]';

/**
 * WebKit (Safari, WebKitGTK), told by its user agent: for the few behaviours of the engine itself
 * that no feature test can show.
 */
export const isWebKit =
  /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Chromium|Edg/.test(navigator.userAgent);
