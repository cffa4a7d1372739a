import { html, nothing, type TemplateResult } from 'lit';
import { framePermissions, frameReferrerPolicy, frameSandbox } from '../shared/frame-attributes.js';
import { icon } from './icons.js';
import type { CheckoutMode } from './mode.js';

/** What the element's shadow DOM shows. */
export interface CheckoutTemplate {
  readonly mode: CheckoutMode;
  /** Overlay mode: the dialog is open, and the checkout is in it. */
  readonly opened: boolean;
  readonly label: string;
  /** The hosted page's frame while one is shown; a new `key` is a fresh frame. */
  readonly frame?: { readonly url: string; readonly key: number };
  readonly onFrameLoad: (event: Event) => void;
  /** The element's own messages and buttons for its state. */
  readonly view: TemplateResult | typeof nothing;
  /** What the live region says. */
  readonly announcement: string;
  readonly closeLabel: string;
  readonly onClose: () => void;
  readonly onDialogCancel: (event: Event) => void;
}

/**
 * The hosted page's frame: a fresh one for each key, without the weight of Lit's `keyed`
 * directive. Lit replaces a part's DOM when another template is rendered into it, and keys count
 * up by one, so successive keys alternate between the frame and the frame in an empty template.
 */
function frameFor(t: CheckoutTemplate, { url, key }: NonNullable<CheckoutTemplate['frame']>): TemplateResult {
  const iframe = html`<iframe
    part="frame"
    src=${url}
    title=${t.label}
    sandbox=${frameSandbox}
    allow=${framePermissions}
    referrerpolicy=${frameReferrerPolicy}
    @load=${t.onFrameLoad}
  ></iframe>`;
  return key % 2 ? iframe : html`${iframe}`;
}

export function renderCheckout(t: CheckoutTemplate): TemplateResult {
  const frame = t.frame ? frameFor(t, t.frame) : nothing;
  // The live region travels with the stage: outside an open modal dialog it would be inert, unheard.
  const stage = html`<div class="stage">
    <div part="status" class="status" tabindex="-1">${t.view}</div>
    ${frame}
    <p class="visually-hidden" role="status">${t.announcement}</p>
  </div>`;
  if (t.mode !== 'overlay') return stage;
  return html`${t.opened ? nothing : stage}
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
        ${t.opened ? stage : nothing}
      </div>
    </dialog>`;
}
