/** Overlays currently holding the page's scroll; the page scrolls again when the last one lets go. */
let holders = 0;
let saved = '';

/**
 * Stops the page behind a modal overlay from scrolling, and returns the function that lets it
 * scroll again (idempotent). Nested overlays share one lock. Set through the CSSOM, which a
 * strict Content Security Policy allows.
 */
export function lockPageScroll(): () => void {
  const root = document.documentElement;
  if (holders++ === 0) {
    saved = root.style.overflow;
    root.style.overflow = 'hidden';
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) root.style.overflow = saved;
  };
}
