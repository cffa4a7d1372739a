import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { framePermissions, frameReferrerPolicy, frameSandbox } from './frame-attributes.js';
import { icon } from './icons.js';
import type { CheckoutMode } from './mode.js';

/** What the element's shadow DOM shows. */
export interface CheckoutTemplate {
  readonly mode: CheckoutMode;
  /** Overlay mode: the dialog is open, and the checkout is in it. */
  readonly opened: boolean;
  readonly label: string;
  /** The hosted page's frame while one is shown; a new `key` is a fresh frame. */
  readonly frame?: { readonly url: string; readonly key: string };
  readonly onFrameLoad: (event: Event) => void;
  /** The element's own messages and buttons for its state. */
  readonly view: TemplateResult | typeof nothing;
  /** What the live region says. */
  readonly announcement: string;
  readonly closeLabel: string;
  readonly onClose: () => void;
  readonly onDialogCancel: (event: Event) => void;
}

export function renderCheckout(t: CheckoutTemplate): TemplateResult {
  const frame = t.frame
    ? keyed(
        t.frame.key,
        html`<iframe
          part="frame"
          src=${t.frame.url}
          title=${t.label}
          sandbox=${frameSandbox}
          allow=${framePermissions}
          referrerpolicy=${frameReferrerPolicy}
          @load=${t.onFrameLoad}
        ></iframe>`,
      )
    : nothing;
  const status = html`<div part="status" class="status" tabindex="-1">${t.view}</div>`;
  const live = html`<p class="visually-hidden" role="status">${t.announcement}</p>`;
  if (t.mode !== 'overlay') return html`<div class="stage">${status}${frame}${live}</div>`;
  // The frame always lives in the dialog: moving a frame reloads its page, and a dismissed overlay
  // keeps the hosted page loaded, hidden, so that it can still report the outcome. The messages
  // and the live region go where the customer is: outside a closed (or inside an open) modal
  // dialog, since the rest of the page is inert and unheard while it is open.
  return html`${t.opened ? nothing : html`<div class="stage">${status}${live}</div>`}
    <dialog part="dialog" aria-label=${t.label} @cancel=${t.onDialogCancel}>
      <div part="backdrop" class="backdrop"></div>
      <div part="panel" class="panel">
        <button
          part="close-button"
          class="close"
          type="button"
          autofocus
          aria-label=${t.closeLabel}
          @click=${t.onClose}
        >
          ${icon('cross')}
        </button>
        <div class="stage">${t.opened ? status : nothing}${frame}${t.opened ? live : nothing}</div>
      </div>
    </dialog>`;
}
