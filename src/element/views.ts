import { html, nothing, type TemplateResult } from 'lit';
import type { WaftpayCheckoutError } from '../shared/errors.js';
import { icon, type IconName } from './icons.js';
import type { Offer } from './session.js';
import type { CheckoutStatus } from './status.js';
import type { CheckoutStrings } from './strings.js';

/** Everything the default UI shows, and what its buttons do. */
export interface ViewModel {
  readonly status: CheckoutStatus;
  readonly strings: CheckoutStrings;
  /** Where the checkout is: in a frame on this page, in a popup, or nowhere yet. */
  readonly showing: 'frame' | 'popup' | 'none';
  /** The frame is the one the shop's server rendered: seen before the element was, never covered. */
  readonly serverFrame: boolean;
  /** The customer must act to start (overlay, popup, a vetoed redirect). */
  readonly needsOpen: boolean;
  readonly offer?: Offer;
  /** The hosted page reported pending in this session: a prompt may be live on the phone. */
  readonly pending: boolean;
  readonly pendingMessage?: string;
  readonly error?: WaftpayCheckoutError;
  /** The payment failed, expired or was cancelled, and `retry` asks for a new session. */
  readonly again: boolean;
  readonly open: () => void;
  readonly retry: () => void;
  readonly openPopup: () => void;
  readonly continueOnPage: () => void;
  readonly showPopup: () => void;
  readonly close: () => void;
}

const button = (label: string, action: () => void, primary = false, part = 'button'): TemplateResult =>
  html`<button part=${part} class=${primary ? 'primary' : ''} type="button" @click=${action}>
    ${label}
  </button>`;

const message = (name: IconName, text: string, tone: 'good' | 'bad' | '' = ''): TemplateResult =>
  html`<p class="message"><span class="icon ${tone}">${icon(name)}</span>${text}</p>`;

/** The button that tries again, when trying again can help. */
const tryAgain = (model: ViewModel, can: unknown): TemplateResult | typeof nothing =>
  can
    ? html`<div class="actions">${button(model.strings.retry, model.retry, true, 'retry-button')}</div>`
    : nothing;

/** The placeholder shown over the frame while the hosted page loads. */
const skeleton = (label: string): TemplateResult =>
  html`<div class="skeleton" aria-hidden="true">
      <span></span><span></span><span class="short"></span><span class="block"></span>
    </div>
    <p class="loading-text">${label}</p>`;

function offerView(model: ViewModel): TemplateResult {
  const { strings } = model;
  return html`<div class="view">
    ${message('alert', model.offer === 'fallback' ? strings.fallback : strings.popupBlocked, 'bad')}
    <div class="actions">
      ${button(strings.openPopup, model.openPopup, true)}
      ${button(strings.continueOnPage, model.continueOnPage)}
    </div>
  </div>`;
}

/** The popup's companion on this page: where the payment is, and a way back to it. */
function popupView(model: ViewModel, text: string, iconName: IconName = 'window'): TemplateResult {
  return html`<div class="view">
    ${message(iconName, text)}
    <div class="actions">
      ${button(model.strings.showPopup, model.showPopup, true)}
      ${button(model.strings.closePopup, model.close)}
    </div>
  </div>`;
}

/** Closed before an outcome: the way back, and whether a payment can still happen meanwhile. */
function dismissedView(model: ViewModel): TemplateResult {
  const { strings } = model;
  return html`<div class="view">
    <slot name="dismissed">
      ${model.pending ? message('phone', strings.dismissedPending) : message('dash', strings.dismissed)}
    </slot>
    <div class="actions">${button(strings.resume, model.open, true, 'open-button')}</div>
  </div>`;
}

/**
 * The element's own UI for its state: each part can be replaced through the slot of the same
 * name (`loading`, `pending`, `dismissed`, `expired`, `error`, `success`, `failure`).
 */
export function renderView(model: ViewModel): TemplateResult | typeof nothing {
  const { status, strings } = model;
  if (model.offer) return offerView(model);
  switch (status) {
    case 'idle':
      return model.needsOpen
        ? html`<div class="view">${button(strings.pay, model.open, true, 'open-button')}</div>`
        : nothing;
    case 'loading':
      if (model.showing === 'popup') return popupView(model, strings.popupOpen);
      if (model.serverFrame) return nothing;
      // With no frame yet, the session is being made (createSession).
      return model.showing === 'frame'
        ? html`<div class="view over-frame"><slot name="loading">${skeleton(strings.loading)}</slot></div>`
        : html`<div class="view"><slot name="loading">${skeleton(strings.preparing)}</slot></div>`;
    case 'ready':
      return model.showing === 'popup' ? popupView(model, strings.popupOpen) : nothing;
    case 'pending': {
      const text = model.pendingMessage ?? strings.pending;
      const banner = html`<slot name="pending">${message('phone', text)}</slot>`;
      return model.showing === 'popup'
        ? popupView(model, text)
        : html`<div class="view banner">${banner}</div>`;
    }
    case 'redirecting':
      return html`<div class="view">${message('arrow', strings.redirecting)}</div>`;
    case 'dismissed':
      return dismissedView(model);
    case 'success':
      return html`<div class="view">
        <slot name="success">${message('check', strings.success, 'good')}</slot>
      </div>`;
    case 'failure':
      return html`<div class="view">
        <slot name="failure">${message('cross', strings.failure, 'bad')}</slot>${tryAgain(model, model.again)}
      </div>`;
    case 'expired':
      return html`<div class="view">
        <slot name="expired">${message('clock', strings.expired)}</slot>${tryAgain(model, model.again)}
      </div>`;
    case 'cancelled':
      return html`<div class="view">
        ${message('dash', strings.cancelled)}${tryAgain(model, model.again)}
      </div>`;
    case 'error':
      return html`<div class="view">
        <slot name="error">
          ${message('alert', strings.error, 'bad')} ${tryAgain(model, model.error?.retryable)}
        </slot>
      </div>`;
  }
}
