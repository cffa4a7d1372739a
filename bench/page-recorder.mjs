// What the browser did while loading a page, as DevTools reports it: every request (when it
// started, when it finished, the bytes it took on the wire), the frames' lifecycle events, and the
// page's console messages. Read in Node, so the page itself runs nothing extra for the bench.

/**
 * Starts recording `page` (before its navigation). Times are the browser's monotonic clock, in
 * milliseconds; console messages carry the arguments the page logged.
 */
export async function recordPage(context, page) {
  const cdp = await context.newCDPSession(page);
  const requests = [];
  const byId = new Map();
  const lifecycle = [];
  const messages = [];
  cdp.on('Network.requestWillBeSent', (event) => {
    const request = {
      url: event.request.url,
      type: event.type,
      frameId: event.frameId,
      loaderId: event.loaderId,
      start: event.timestamp * 1000,
      wallTime: event.wallTime * 1000,
      bytes: 0,
      /** [time, bytes] as they arrived: the response's headers, then each piece of the body. */
      received: [],
    };
    requests.push(request);
    byId.set(event.requestId, request);
  });
  cdp.on('Network.responseReceived', (event) => {
    const request = byId.get(event.requestId);
    if (!request) return;
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    request.status = event.response.status;
    request.encoding = headers['content-encoding'] ?? 'identity';
    request.bodyBytes = Number(headers['content-length'] ?? NaN);
    request.received.push([event.timestamp * 1000, event.response.encodedDataLength]);
  });
  cdp.on('Network.dataReceived', (event) =>
    byId.get(event.requestId)?.received.push([event.timestamp * 1000, event.encodedDataLength]),
  );
  cdp.on('Network.loadingFinished', (event) => {
    const request = byId.get(event.requestId);
    if (!request) return;
    request.end = event.timestamp * 1000;
    // Headers and body as received: what the connection carried.
    request.bytes = event.encodedDataLength;
  });
  cdp.on('Page.lifecycleEvent', (event) =>
    lifecycle.push({
      frameId: event.frameId,
      loaderId: event.loaderId,
      name: event.name,
      time: event.timestamp * 1000,
    }),
  );
  cdp.on('Runtime.consoleAPICalled', (event) =>
    messages.push({ args: event.args.map((arg) => arg.value), wallTime: event.timestamp }),
  );
  await cdp.send('Network.enable');
  // Every run is a first visit.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Page.enable');
  await cdp.send('Page.setLifecycleEventsEnabled', { enabled: true });
  await cdp.send('Runtime.enable');

  /** Resolves with the first truthy value of `find()`, checked as events arrive; rejects after `ms`. */
  const waitFor = (what, find, ms = 60_000) =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const look = () => {
        const found = find();
        if (found) return resolve(found);
        if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
        setTimeout(look, 10);
      };
      look();
    });

  return { cdp, requests, lifecycle, messages, waitFor };
}

/** The top-level document request: where the navigation started. */
export const navigationOf = (recording) => recording.requests.find((r) => r.type === 'Document');

/** The first document request for a URL that starts with `prefix`. */
export const documentRequest = (recording, prefix) =>
  recording.requests.find((r) => r.type === 'Document' && r.url.startsWith(prefix));

/**
 * Bytes the browser had received (headers and bodies, as on the wire) before `time`: all of a
 * request finished by then, and what had arrived of one still loading (DevTools reports the
 * pieces of a document's body only at its end, so a document still loading counts its headers).
 */
export function bytesBefore(recording, time) {
  return recording.requests.reduce((sum, request) => sum + receivedBefore(request, time), 0);
}

/** What had arrived of `request` before `time` (see {@link bytesBefore}). */
export function receivedBefore(request, time) {
  if (request.end !== undefined && request.end < time) return request.bytes;
  return request.received.reduce((sum, [at, bytes]) => (at < time ? sum + bytes : sum), 0);
}
