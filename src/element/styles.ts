import { unsafeCSS } from 'lit';

// Our own text, with no value in it: `unsafeCSS` takes it as it is, where `css` would bring along
// lit's checks of the values a stylesheet may hold, and their messages (55 B brotli of the drop-in).
export const styles = unsafeCSS(`
  :host {
    --_accent: var(--waftpay-checkout-accent, #0b7a4b);
    --_background: var(--waftpay-checkout-background, Canvas);
    --_foreground: var(--waftpay-checkout-foreground, CanvasText);
    --_radius: var(--waftpay-checkout-radius, 12px);
    --_muted: color-mix(in srgb, var(--_foreground) 12%, transparent);
    display: block;
    position: relative;
    color: var(--_foreground);
  }
  :host([hidden]) {
    display: none;
  }
  .stage {
    position: relative;
  }
  iframe,
  ::slotted(iframe) {
    display: block;
    box-sizing: border-box;
    width: 100%;
    /* Until the page reports its height (a page that speaks no protocol never does). */
    height: var(--waftpay-checkout-height, 640px);
    min-height: var(--waftpay-checkout-min-height, 0);
    max-height: var(--waftpay-checkout-max-height, none);
    border: 0;
    border-radius: var(--_radius);
    color-scheme: normal;
  }
  .status:focus {
    /* Focused only by the element, to keep the customer's place when the overlay closes. */
    outline: none;
  }
  .view {
    box-sizing: border-box;
    padding: 1.25rem;
    border-radius: var(--_radius);
    background: var(--_background);
  }
  .view.over-frame {
    position: absolute;
    inset: 0;
    z-index: 1;
  }
  .view.banner {
    padding: 0.75rem 1rem;
    margin-bottom: 0.5rem;
    border: 1px solid var(--_muted);
  }
  .message {
    display: flex;
    gap: 0.75rem;
    align-items: center;
    margin: 0;
    font: inherit;
  }
  .icon {
    display: inline-grid;
    place-items: center;
    flex: none;
    width: 2rem;
    height: 2rem;
    border-radius: 50%;
    background: var(--_muted);
    font-weight: 700;
  }
  .icon.good {
    background: var(--_accent);
    color: #fff;
  }
  .icon.bad {
    background: var(--waftpay-checkout-danger, #c62828);
    color: #fff;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  button {
    font: inherit;
    padding: 0.65rem 1.1rem;
    border-radius: calc(var(--_radius) * 0.66);
    border: 1px solid var(--_muted);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
  }
  button:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .skeleton {
    display: grid;
    gap: 0.75rem;
  }
  .skeleton span {
    display: block;
    height: 1rem;
    border-radius: 6px;
    background: var(--_muted);
    /* Opacity only: the compositor animates it, the page's main thread does nothing. */
    animation: pulse 1.4s ease-in-out infinite alternate;
  }
  .skeleton .short {
    width: 60%;
  }
  .skeleton .block {
    height: 8rem;
  }
  .loading-text {
    margin: 1rem 0 0;
    opacity: 0.75;
  }
  @keyframes pulse {
    from {
      opacity: 1;
    }
    to {
      opacity: 0.4;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton span {
      animation: none;
    }
  }
  dialog {
    /* The dialog covers the viewport; its backdrop and panel are ours, so they can be parts. */
    position: fixed;
    inset: 0;
    width: 100%;
    height: 100%;
    max-width: none;
    max-height: none;
    margin: 0;
    padding: 0;
    border: 0;
    background: transparent;
    color: inherit;
    overflow: hidden;
  }
  dialog::backdrop {
    background: transparent;
  }
  .backdrop {
    position: fixed;
    inset: 0;
    background: var(--waftpay-checkout-backdrop, rgb(0 0 0 / 0.55));
  }
  .panel {
    position: relative;
    box-sizing: border-box;
    width: min(100% - 2rem, var(--waftpay-checkout-overlay-width, 30rem));
    max-height: calc(100% - 2rem);
    margin: 1rem auto;
    padding: 3rem 0.75rem 0.75rem;
    overflow: auto;
    border-radius: var(--_radius);
    background: var(--_background);
    box-shadow: 0 12px 48px rgb(0 0 0 / 0.35);
  }
  .close {
    position: absolute;
    top: 0.5rem;
    right: 0.5rem;
    width: 2.25rem;
    height: 2.25rem;
    padding: 0;
    border-radius: 50%;
  }
  /* No frame (an outcome, an error): the message shares the close button's row, no empty band. */
  .panel.bare {
    padding-top: 0.75rem;
  }
  .panel.bare .view {
    padding-right: 3.5rem;
  }
  .panel.bare .close {
    z-index: 1;
    top: 1.875rem;
    right: 1.25rem;
  }
  /* Narrow screens: the overlay takes the whole screen. */
  @media (max-width: 600px) {
    .panel {
      width: 100%;
      height: 100%;
      max-height: none;
      margin: 0;
      border-radius: 0;
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`);
