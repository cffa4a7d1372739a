import { lockPageScroll } from './scroll-lock.js';

/** The element that has focus, looking inside shadow roots. */
function focusedElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/**
 * Shows a native `<dialog>` modally and puts things back when it closes: the page behind is inert
 * (the browser's doing), does not scroll, and gets focus back where it was. No focus trap of our
 * own: the dialog's content, including frames in the hosted page (3-D Secure, wallets), stays
 * reachable by keyboard.
 */
export class Modal {
  #unlock?: () => void;
  #returnFocus?: HTMLElement | null;

  show(dialog: HTMLDialogElement): void {
    if (dialog.open) return;
    this.#returnFocus = focusedElement();
    dialog.showModal();
    this.#unlock = lockPageScroll();
  }

  /**
   * Closes the dialog (if still open) and restores scrolling and focus: to where it was, or, when
   * that is gone (our own open button, replaced by the outcome), to `fallback`. Idempotent.
   */
  hide(dialog?: HTMLDialogElement | null, fallback?: HTMLElement | null): void {
    const wasOpen = dialog?.open ?? false;
    if (wasOpen) dialog?.close();
    this.#unlock?.();
    this.#unlock = undefined;
    const target = this.#returnFocus;
    this.#returnFocus = undefined;
    if (target?.isConnected) target.focus();
    else if (wasOpen) fallback?.focus();
  }
}
