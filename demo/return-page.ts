// The return page's script: shows the order as the shop's server knows it, until it is final.
import { describeOrder, watchOrder } from './order-status.js';

const orderId = document.querySelector<HTMLElement>('#order')?.dataset.order ?? '';
const status = document.querySelector('#status') as HTMLElement;
watchOrder(orderId, (order) => (status.textContent = describeOrder(order)));
