/** How the hosted page is presented. */
export type CheckoutMode = 'iframe' | 'redirect' | 'overlay' | 'popup';

const modes: ReadonlySet<string> = new Set<CheckoutMode>(['iframe', 'redirect', 'overlay', 'popup']);

/**
 * The mode the element will use for a requested one, and a warning when they differ.
 * Anything else falls back to `iframe`, the mode that works with every hosted page.
 */
export function resolveMode(requested: string | null | undefined): { mode: CheckoutMode; warning?: string } {
  const value = requested ?? 'iframe';
  if (modes.has(value)) return { mode: value as CheckoutMode };
  return {
    mode: 'iframe',
    warning: `mode ${JSON.stringify(value)} is unknown; expected "iframe", "redirect", "overlay" or "popup". Showing the checkout in an iframe.`,
  };
}
