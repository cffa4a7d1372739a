// The protocol's handshake as an attacker who knows it would try it on a window it holds (a
// frame it embeds, a popup it opened, a shop page): a hello, and a channel offered, both to
// anyone ('*'), again every 250 ms (the window's page may not be there yet). 'succeeded' if the
// other side answered in any way (a hello back, a channel of its own, anything on an offered
// channel) within `timeoutMs`, else 'refused'. `onReport` hears what arrives on the channels.
export const transport = (type, fields) => ({ protocol: 'waftpay-checkout', version: 2, type, ...fields });

export function tryHandshake(target, timeoutMs, onReport = () => undefined) {
  return new Promise((resolve) => {
    const done = (verdict) => {
      clearInterval(offers);
      clearTimeout(timer);
      removeEventListener('message', onMessage);
      resolve(verdict);
    };
    const onMessage = (event) => {
      if (event.source === target && ['hello', 'connect'].includes(event.data?.type)) done('succeeded');
    };
    const offer = () => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = ({ data }) => {
        onReport(data);
        done('succeeded');
      };
      target.postMessage(transport('hello', { id: 'intruder' }), '*');
      target.postMessage(transport('connect'), '*', [port2]);
    };
    addEventListener('message', onMessage);
    const offers = setInterval(offer, 250);
    const timer = setTimeout(() => done('refused'), timeoutMs);
    offer();
  });
}
