import {
  isFailureWord,
  outcomeStatus,
  statusWord,
  toCheckoutResult,
  type CheckoutResult,
} from '../shared/checkout-result.js';

/** The merchant's return URLs, as the element was configured. */
export interface ReturnUrls {
  readonly success?: URL;
  readonly fail?: URL;
}

/** What landing on a return URL means. */
export interface Landing {
  readonly outcome: 'success' | 'failure';
  readonly result: CheckoutResult;
}

/**
 * How well `landed` matches a configured return URL: `-1` for no match, otherwise the number of
 * configured query parameters it carries. Same origin and path are required; the configured
 * query must be present (the hosted page may add its own parameters); the fragment is ignored.
 */
function matchScore(landed: URL, configured: URL | undefined): number {
  if (!configured || landed.origin !== configured.origin || landed.pathname !== configured.pathname) {
    return -1;
  }
  let score = 0;
  for (const [name, value] of configured.searchParams) {
    if (!landed.searchParams.getAll(name).includes(value)) return -1;
    score++;
  }
  return score;
}

/**
 * Decides whether the frame, now at `href`, has landed on a return URL, and reads whatever
 * references the URL's query carries. The URL and its `status` parameter must agree before a
 * landing means success: any sign of failure (the fail URL, or a failure word in any `status`)
 * makes it a failure, since reporting a success the landing itself contradicts would be the worst
 * mistake. When the merchant used one URL for both (Waftpay's own example does), `status`
 * decides; when nothing decides (no status, or a word like `PENDING` on the success URL), it is
 * not a landing: guessing an outcome would be worse than waiting for another signal.
 */
export function matchReturnUrl(href: string, returnUrls: ReturnUrls): Landing | undefined {
  let landed: URL;
  try {
    landed = new URL(href);
  } catch {
    return undefined;
  }
  const success = matchScore(landed, returnUrls.success);
  const fail = matchScore(landed, returnUrls.fail);
  if (success < 0 && fail < 0) return undefined;

  // Every `status` given, in capitals; one that is not a status word at all still counts as given.
  const given = landed.searchParams.getAll('status').map((value) => statusWord(value.trim().toUpperCase()));
  const failureWord = given.find(isFailureWord);
  const allSuccess = given.length > 0 && given.every((word) => word === 'SUCCESS');
  // The more specific match names the URL's outcome; equal scores (one URL for both) name none.
  const urlSays = success === fail ? undefined : success > fail ? 'success' : 'failure';
  let outcome: Landing['outcome'] | undefined;
  if (urlSays === 'failure' || failureWord) outcome = 'failure';
  else if (allSuccess || (urlSays === 'success' && given.length === 0)) outcome = 'success';
  if (!outcome) return undefined;
  const reported = failureWord ?? (allSuccess ? 'SUCCESS' : undefined);

  const fields = Object.fromEntries(landed.searchParams);
  return { outcome, result: toCheckoutResult(fields, outcomeStatus(outcome, reported), 'return-url') };
}

/**
 * The frame's current URL when it is on this page's origin (it has landed back on the merchant's
 * site), or `undefined` while it shows a page of another origin, which the browser keeps private.
 */
export function readSameOriginHref(frame: HTMLIFrameElement): string | undefined {
  try {
    return frame.contentWindow?.location.href;
  } catch {
    return undefined;
  }
}

/**
 * The configured return URLs the element can never see the frame land on: those on another
 * origin than the page's, whose URL the browser keeps private.
 */
export function unseeableReturnUrls(returnUrls: ReturnUrls, pageOrigin: string): string[] {
  return [returnUrls.success, returnUrls.fail]
    .filter((url): url is URL => url !== undefined && url.origin !== pageOrigin)
    .map((url) => url.href);
}
