// What the browser did while loading a page, as DevTools reports it: every request (when it
// started, when it finished, the bytes it took on the wire), the frames' lifecycle events, and the
// page's console messages. Read in Node, so the page itself runs nothing extra for the bench.
import { waitFor as waitUntil } from './patience.mjs';

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
  /** What went wrong in the page: a request that broke, an uncaught error, a crash. */
  const failures = [];
  /** How many things DevTools has reported: while it grows, the page is slow, not stuck. */
  let events = 0;
  const on = (name, handle) =>
    cdp.on(name, (event) => {
      events++;
      handle(event);
    });
  on('Network.loadingFailed', (event) => {
    const request = byId.get(event.requestId);
    if (!event.canceled) failures.push(`${request?.url ?? 'a request'} failed: ${event.errorText}`);
  });
  on('Runtime.exceptionThrown', (event) =>
    failures.push(
      `the page threw: ${event.exceptionDetails.exception?.description ?? event.exceptionDetails.text}`,
    ),
  );
  page.on('crash', () => failures.push('the page crashed'));
  on('Network.requestWillBeSent', (event) => {
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
  on('Network.responseReceived', (event) => {
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
  on('Network.dataReceived', (event) =>
    byId.get(event.requestId)?.received.push([event.timestamp * 1000, event.encodedDataLength]),
  );
  on('Network.loadingFinished', (event) => {
    const request = byId.get(event.requestId);
    if (!request) return;
    request.end = event.timestamp * 1000;
    // Headers and body as received: what the connection carried.
    request.bytes = event.encodedDataLength;
  });
  on('Page.lifecycleEvent', (event) =>
    lifecycle.push({
      frameId: event.frameId,
      loaderId: event.loaderId,
      name: event.name,
      time: event.timestamp * 1000,
    }),
  );
  on('Runtime.consoleAPICalled', (event) =>
    messages.push({ args: event.args.map((arg) => arg.value), wallTime: event.timestamp }),
  );
  await cdp.send('Network.enable');
  // Every run is a first visit.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Page.enable');
  await cdp.send('Page.setLifecycleEventsEnabled', { enabled: true });
  await cdp.send('Runtime.enable');

  /**
   * Resolves with the first truthy value of `find()`, checked as events arrive, however long a
   * busy machine takes; rejects at once when something went wrong in the page, or when nothing at
   * all has happened there for a long while (bench/patience.mjs).
   */
  const waitFor = (what, find) =>
    waitUntil(`waiting for ${what}`, { find, progress: () => events, failed: () => failures.join('; ') });

  return { cdp, requests, lifecycle, messages, failures, waitFor };
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
