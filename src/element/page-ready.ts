/**
 * Resolves once a page script has had its chance to add event listeners to an element that was
 * just connected: after `DOMContentLoaded` when the document is still parsing (inline and module
 * scripts that follow the element in the markup have run by then), then one task later (so code
 * that inserted the element and adds listeners right after it, in the same task, has run).
 * Resolves `false` instead if `signal` aborts first.
 */
export function afterListenersAttach(signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const next = (): void => {
      const timer = setTimeout(() => resolve(!signal.aborted));
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(false);
      });
    };
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', next, { once: true, signal });
      signal.addEventListener('abort', () => resolve(false), { once: true });
    } else {
      next();
    }
  });
}
