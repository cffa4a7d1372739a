// The return page's script: the order as the shop's server knows it, until it is settled. Opened
// in the checkout's popup, it closes the popup: the shop's own window shows the order.
import { describeOrder, watchOrder } from './order-status.js';

const orderId = document.querySelector<HTMLElement>('#order')?.dataset.order ?? '';
const status = document.querySelector('#status') as HTMLElement;
const detail = document.querySelector('#detail') as HTMLElement;

watchOrder(orderId, {
  show: (order) => {
    const words = describeOrder(order);
    status.textContent = words.label;
    status.dataset.tone = words.tone;
    detail.textContent = words.detail;
  },
  trouble: (error) => {
    detail.textContent =
      error === 'unknown-order'
        ? 'The shop has no such order.'
        : `${error.message} This page keeps checking.`;
  },
});

/** Whether this window is the checkout's popup: opened by one of the shop's own pages. */
function openedByTheShop(): boolean {
  try {
    return (window.opener as Window | null)?.location.origin === location.origin;
  } catch {
    // The opener is on another site's page: not the shop's popup.
    return false;
  }
}

if (openedByTheShop()) {
  (document.querySelector('#popup-note') as HTMLElement).hidden = false;
  window.close();
}
