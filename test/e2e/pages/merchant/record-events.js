// What the shop test pages record of an element's events, into window.__events, for the tests.
const types = [
  'ready',
  'pending',
  'success',
  'failure',
  'expired',
  'cancel',
  'error',
  'redirect',
  'fallback',
];

export function recordEvents(element) {
  window.__events ??= [];
  for (const type of types) {
    element.addEventListener(`waftpay-${type}`, (event) => {
      const { result, error, url, expiresAt, info, reason, from, to } = event;
      window.__events.push({
        type: event.type,
        result,
        url,
        expiresAt,
        info,
        reason,
        from,
        to,
        code: error?.code,
      });
    });
  }
}
