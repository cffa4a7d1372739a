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
 * The names under which hosted pages put the payment's status in a return URL's query, compared
 * without case, `_` or `-` (`status`, `STATUS`, `state`, `payment_status`, `redirectStatus`…).
 */
const statusNames = new Set(['status', 'state', 'paymentstatus', 'transactionstatus', 'redirectstatus']);

/**
 * Other words for Waftpay's, as return URLs carry them: Waftpay's own status query says
 * `succeeded`, `failed` and `canceled`; other hosted pages say `successful`, `declined`…
 */
const synonyms: Readonly<Record<string, string>> = {
  SUCCEEDED: 'SUCCESS',
  SUCCESSFUL: 'SUCCESS',
  PAID: 'SUCCESS',
  FAIL: 'FAILED',
  FAILURE: 'FAILED',
  DECLINED: 'FAILED',
  REJECTED: 'FAILED',
  CANCELED: 'FAILED',
  CANCELLED: 'FAILED',
  ERROR: 'FAILED',
};

/**
 * Every status the hosted page gave in `landed`'s query, as Waftpay's word (`undefined` for a
 * value that is no status word at all). The query of the matched return URLs is the merchant's
 * own (its `state` may be anything) and is left out.
 */
function reportedStatuses(landed: URL, matched: ReadonlyArray<URL | undefined>): Array<string | undefined> {
  const own = new Set(matched.flatMap((url) => [...(url?.searchParams ?? [])].map((pair) => pair.join('='))));
  return [...landed.searchParams]
    .filter(
      ([name, value]) =>
        statusNames.has(name.toLowerCase().replace(/[_-]/g, '')) && !own.has(`${name}=${value}`),
    )
    .map(([, value]) => {
      const word = value.trim().toUpperCase();
      return statusWord(synonyms[word] ?? word);
    });
}

/**
 * Decides whether the frame, now at `href`, has landed on a return URL, and reads whatever
 * references the URL's query carries. The URL and the status it reports must agree before a
 * landing means success: any sign of failure (the fail URL, or a failure word, in any case, under
 * any of the names hosted pages use: `status=FAILED`, `STATUS=failed`, `state=failed`…) makes it a
 * failure, since reporting a success the landing itself contradicts would be the worst mistake.
 * When the merchant used one URL for both (Waftpay's own example does), the status decides; when
 * nothing decides (no status, or a word like `PENDING` on the success URL), it is not a landing:
 * guessing an outcome would be worse than waiting for another signal.
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

  // One that is not a status word at all still counts as given.
  const given = reportedStatuses(landed, [
    success < 0 ? undefined : returnUrls.success,
    fail < 0 ? undefined : returnUrls.fail,
  ]);
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
