// Every shape of forged outcome an attacker might try against the shop page `target`: raw
// envelopes, penpal messages on our channel (handshake, calls, replies, destroy), with and
// without transferred ports, and a full penpal handshake of its own. Returns how many it tried.
import { WindowMessenger, connect } from '/vendor/penpal.mjs';

const channel = 'waftpay-checkout/v1';
const result = { checkoutReference: 'FORGED', amount: 1, currency: 'KES', status: 'SUCCESS' };
const envelopes = ['success', 'failure', 'expired', 'cancel', 'pending', 'ready', 'resize', 'escape'].map(
  (type) => ({
    protocol: 'waftpay-checkout',
    version: 1,
    message: { type, result, height: 5000, info: { message: 'forged' } },
  }),
);

/** Payloads built to hurt: huge, deeply nested, or carrying prototype-pollution keys. */
function hostilePayloads() {
  const huge = 'x'.repeat(4 * 1024 * 1024);
  let nested = { type: 'success', result };
  for (let depth = 0; depth < 1000; depth++) nested = { message: nested, result: nested };
  const polluted = JSON.parse(
    '{"protocol":"waftpay-checkout","version":1,"message":{"type":"success","result":{"__proto__":{"polluted":true,"status":"SUCCESS"},"constructor":{"prototype":{"polluted":true}}}}}',
  );
  return [
    {
      protocol: 'waftpay-checkout',
      version: 1,
      message: { type: 'success', result: { checkoutReference: huge } },
    },
    { protocol: 'waftpay-checkout', version: 1, message: nested },
    nested,
    polluted,
    JSON.parse(
      '{"__proto__":{"namespace":"penpal","channel":"waftpay-checkout/v1","type":"SYN","participantId":"p"}}',
    ),
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
  for (const payload of hostilePayloads()) {
    post(payload);
    post({
      namespace: 'penpal',
      channel,
      type: 'CALL',
      id: `hostile-${attempts}`,
      methodPath: ['report'],
      args: [payload],
    });
  }
  for (const envelope of envelopes) {
    post(envelope);
    post({ type: envelope.message.type, result });
    post(JSON.stringify(envelope));
    post({
      namespace: 'penpal',
      channel,
      type: 'CALL',
      id: `forged-${attempts}`,
      methodPath: ['report'],
      args: [envelope],
    });
    const { port1 } = new MessageChannel();
    post({ namespace: 'penpal', channel, type: 'ACK2' }, [port1]);
    post({ namespace: 'penpal', channel, type: 'REPLY', callId: 'x', value: envelope });
  }
  post({ namespace: 'penpal', channel, type: 'SYN', participantId: 'zzzzzzzz' });
  post({ namespace: 'penpal', channel, type: 'ACK1', methodPaths: [['report']] });
  post({ namespace: 'penpal', channel, type: 'DESTROY' });
  post({ penpal: 'syn' });
  post({ penpal: 'call', id: 1, methodName: 'report', args: [envelopes[0]] });

  // A full handshake with penpal itself, allowed to talk to anyone.
  attempts++;
  const connection = connect({
    messenger: new WindowMessenger({ remoteWindow: target, allowedOrigins: ['*'] }),
    channel,
    timeout: 1500,
  });
  try {
    const remote = await connection.promise;
    for (const envelope of envelopes) await remote.report(envelope);
    attempts += envelopes.length;
    return { attempts, handshake: 'succeeded' };
  } catch {
    return { attempts, handshake: 'refused' };
  }
}
