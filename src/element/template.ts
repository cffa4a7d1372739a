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
  /**
   * The hosted page's frame while one is shown; a new `key` is a fresh frame. `adopted`: the frame
   * the shop's server rendered into the element, shown through the `frame` slot.
   */
  readonly frame?: { readonly url: string; readonly key: string; readonly adopted: boolean };
  /** Remembers the frame's key between renders (one per element). */
  readonly frameKeys: FrameKeys;
  /** The element's own messages and buttons for its state. */
  readonly view: TemplateResult | typeof nothing;
  /** What the live region says. */
  readonly announcement: string;
  readonly closeLabel: string;
  readonly onClose: () => void;
  readonly onDialogCancel: (event: Event) => void;
}

/**
 * A fresh frame for each new key, without the weight of Lit's `keyed` directive: Lit replaces the
 * DOM of a part when another template is rendered into it, so each time the key changes the frame
 * switches between two templates, itself and itself wrapped in an empty one.
 */
export class FrameKeys {
  #key?: string;
  #wrapped = false;

  /** Whether the frame of `key` is the wrapped one; it flips whenever the key changes. */
  wrapped(key: string): boolean {
    if (key !== this.#key) {
      this.#key = key;
      this.#wrapped = !this.#wrapped;
    }
    return this.#wrapped;
  }
}

function frameFor(
  t: CheckoutTemplate,
  { url, key, adopted }: NonNullable<CheckoutTemplate['frame']>,
): TemplateResult {
  // The slot's name is serverFrameSlot's.
  if (adopted) return html`<slot name="frame"></slot>`;
  const iframe = html`<iframe
    part="frame"
    src=${url}
    title=${t.label}
    sandbox=${frameSandbox}
    allow=${framePermissions}
    referrerpolicy=${frameReferrerPolicy}
  ></iframe>`;
  return t.frameKeys.wrapped(key) ? html`${iframe}` : iframe;
}

export function renderCheckout(t: CheckoutTemplate): TemplateResult {
  const frame = t.frame ? frameFor(t, t.frame) : nothing;
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
      <div part="panel" class=${t.frame ? 'panel' : 'panel bare'}>
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
