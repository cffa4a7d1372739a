import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    position: relative;
  }
  :host([hidden]) {
    display: none;
  }
  iframe {
    display: block;
    box-sizing: border-box;
    width: 100%;
    /* Until the page reports its height (a page that speaks no protocol never does). */
    height: var(--waftpay-checkout-height, 640px);
    min-height: var(--waftpay-checkout-min-height, 0);
    max-height: var(--waftpay-checkout-max-height, none);
    border: 0;
    border-radius: var(--waftpay-checkout-radius, 0);
    color-scheme: normal;
  }
  [part='status'] {
    margin: 0;
    padding: 1rem 0;
    font: inherit;
  }
  /* While the frame is shown the status only speaks to assistive technology. */
  [part='status'].behind-frame {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
