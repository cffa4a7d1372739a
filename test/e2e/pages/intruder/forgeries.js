// Every shape of forged outcome an attacker might try against the shop page `target`: raw
// envelopes, the transport's own messages (greetings, pings, goodbyes, envelopes on a channel
// offered with them), penpal's messages of protocol version 1, with and without transferred
// ports, and a full handshake of its own. Returns how many it tried.
import { transport, tryHandshake } from './handshake.js';

const result = { checkoutReference: 'FORGED', amount: 1, currency: 'KES', status: 'SUCCESS' };
const envelopes = [1, 2].flatMap((version) =>
  ['success', 'failure', 'expired', 'cancel', 'pending', 'ready', 'resize', 'escape'].map((type) => ({
    protocol: 'waftpay-checkout',
    version,
    message: { type, result, height: 5000, info: { message: 'forged' } },
  })),
);

/** Payloads built to hurt: huge, deeply nested, or carrying prototype-pollution keys. */
function hostilePayloads() {
  const huge = 'x'.repeat(4 * 1024 * 1024);
  let nested = { type: 'success', result };
  for (let depth = 0; depth < 1000; depth++) nested = { message: nested, result: nested };
  const polluted = JSON.parse(
    '{"protocol":"waftpay-checkout","version":2,"message":{"type":"success","result":{"__proto__":{"polluted":true,"status":"SUCCESS"},"constructor":{"prototype":{"polluted":true}}}}}',
  );
  return [
    {
      protocol: 'waftpay-checkout',
      version: 2,
      message: { type: 'success', result: { checkoutReference: huge } },
    },
    { protocol: 'waftpay-checkout', version: 2, message: nested },
    nested,
    polluted,
    JSON.parse('{"__proto__":{"protocol":"waftpay-checkout","version":2,"type":"hello","id":"p"}}'),
  ];
}

export async function forgeAll(target) {
  let attempts = 0;
  const post = (data, transfer = []) => {
    attempts++;
    try {
      target.postMessage(data, '*', transfer);
    } catch {
      // A value the browser will not even clone: tried, and harmless.
    }
  };
  /** `data` sent on a channel offered with a `connect`, as if the shop had asked for it. */
  const onOfferedChannel = (data) => {
    const { port1, port2 } = new MessageChannel();
    post(transport('connect'), [port2]);
    port1.postMessage(data);
  };
  for (const payload of hostilePayloads()) {
    post(payload);
    onOfferedChannel(payload);
  }
  for (const envelope of envelopes) {
    post(envelope);
    post({ type: envelope.message.type, result });
    post(JSON.stringify(envelope));
    onOfferedChannel(envelope);
    post({ namespace: 'penpal', channel: 'waftpay-checkout/v1', type: 'CALL', id: 'x', args: [envelope] });
  }
  post(transport('hello', { id: 'zzzzzzzz' }));
  post(transport('ping', { id: '1' }));
  post(transport('pong', { id: '1' }));
  post(transport('bye'));
  post({ namespace: 'penpal', channel: 'waftpay-checkout/v1', type: 'SYN', participantId: 'zzzzzzzz' });

  // A full handshake, offered to anyone, and everything reported on any channel it gets.
  attempts++;
  const reports = [];
  const handshake = await tryHandshake(target, 1500, (data) => reports.push(data));
  attempts += reports.length;
  return { attempts, handshake };
}
