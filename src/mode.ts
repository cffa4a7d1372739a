/** How the hosted page is presented. */
export type CheckoutMode = 'iframe' | 'redirect' | 'overlay' | 'popup';

/** Modes this version presents; `overlay` and `popup` are shown in the iframe until they ship. */
const presentedModes: ReadonlySet<string> = new Set<CheckoutMode>(['iframe', 'redirect']);
const plannedModes: ReadonlySet<string> = new Set<CheckoutMode>(['overlay', 'popup']);

/**
 * The mode the element will use for a requested one, and a warning when they differ.
 * Anything else falls back to `iframe`, the mode that works with every hosted page.
 */
export function resolveMode(requested: string | null | undefined): {
  mode: 'iframe' | 'redirect';
  warning?: string;
} {
  const value = requested ?? 'iframe';
  if (presentedModes.has(value)) return { mode: value as 'iframe' | 'redirect' };
  const why = plannedModes.has(value)
    ? `mode ${JSON.stringify(value)} is not available in this version`
    : `mode ${JSON.stringify(value)} is unknown; expected "iframe", "redirect", "overlay" or "popup"`;
  return { mode: 'iframe', warning: `${why}. Showing the checkout in an iframe.` };
}
