// Records the events of the page's <waftpay-checkout> into window.__events (see record-events.js).
import { recordEvents } from '/pages/record-events.js';

recordEvents(document.querySelector('waftpay-checkout'));
