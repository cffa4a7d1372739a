// The drop-in's minifier renames these properties (terser's `mangle.properties`), as it renames
// variables: each is a field of an object that never leaves the element's code (the session's
// state and its signals, a showing's options and handlers, the view's and the template's models).
// None may be a name that code outside the drop-in reads or writes: the element's attributes,
// properties and events, the protocol's messages (the host helper is another file), the DOM's and
// lit's own names. test/node/minify-drop-in.test.mjs checks the last three; the end-to-end
// tests run the drop-in as built.
export const internalProperties = [
  // The session's state and signals (element/session.ts).
  'effects',
  'startDue',
  'asking',
  'made',
  'given',
  'canAsk',
  'showing',
  'showings',
  'viaPopup',
  'offer',
  'pendingMessage',
  'readyAnnounced',
  'expiry',
  'deadline',
  // A session's checked configuration (element/session-config.ts).
  'returnUrls',
  'modeWarning',
  // A showing's options and handlers, and the parts it drives (element/showing.ts, liveness.ts,
  // hosted-page-link.ts, shared/pinned-window.ts).
  'handlers',
  'landed',
  'timedOut',
  'unreachable',
  'unusable',
  'inFrame',
  'loadTimeoutMs',
  'remoteWindow',
  'onMessage',
  'onGreeting',
  'onSilent',
  'timeoutMs',
  'intervalMs',
  // The view's and the template's models (element/views.ts, template.ts).
  'again',
  'needsOpen',
  'serverFrame',
  'adopted',
  'frameKeys',
  'closeLabel',
  'onClose',
  'onDialogCancel',
];
