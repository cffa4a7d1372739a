/**
 * Whether a request path has a segment that starts with a dot (`.data`, `.git`, `.env`, `..`),
 * anywhere in it and however it is spelled (`%2E`, `%2F`, a backslash): such paths are never
 * pages, whatever serves the pages, and Vite's `/@fs/<absolute path>` is a path like any other.
 */
export function hasDotSegment(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return decoded.split(/[/\\]/).some((segment) => segment.startsWith('.'));
}

/**
 * The policy the shop's pages are served with, as docs/security.md tells merchants: scripts only
 * from the shop, frames only of the shop and the checkout's origins, and `frame-ancestors 'self'`
 * (the return pages are framed by the shop's own pages; no other site may frame any of them).
 */
export function contentSecurityPolicy(checkoutOrigins: readonly string[]): string {
  const checkout = checkoutOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${checkout}`,
    `frame-src 'self' ${checkout}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}
