// What the shop test pages record of an element's events, into window.__events, for the tests.
import { eventNames } from '/dist/cdn/waftpay-checkout.js';

export function recordEvents(element) {
  window.__events ??= [];
  for (const type of eventNames) {
    element.addEventListener(`waftpay-${type}`, (event) => {
      const { result, error, url, expiresAt, info, reason, from, to, pending } = event;
      window.__events.push({
        type: event.type,
        result,
        url,
        expiresAt,
        info,
        reason,
        from,
        to,
        pending,
        code: error?.code,
      });
    });
  }
}
