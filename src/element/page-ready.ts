/**
 * Whether `DOMContentLoaded` is still to come: the document is being parsed, or it has been and
 * its deferred and module scripts are running (the drop-in is one; the shop's may follow it).
 */
function beforeContentLoaded(): boolean {
  if (document.readyState !== 'interactive') return document.readyState === 'loading';
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return navigation?.domContentLoadedEventStart === 0;
}

/**
 * Resolves once a page script has had its chance to add event listeners to an element that was
 * just connected: after `DOMContentLoaded` when it is still to come (inline, deferred and module
 * scripts that follow the element, or our script, in the markup have run by then), then one task
 * later (so code that inserted the element and adds listeners right after it, in the same task,
 * has run). Resolves `false` instead if `signal` aborts first.
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
    if (beforeContentLoaded()) {
      document.addEventListener('DOMContentLoaded', next, { once: true, signal });
      signal.addEventListener('abort', () => resolve(false), { once: true });
    } else {
      next();
    }
  });
}
