// The build renames these properties (scripts/minify.mjs), as minifiers rename variables: each
// is a field of an object that never leaves the package's code (the session's state and its
// signals, a showing's options and handlers, the view's and the template's models). None may be a
// name that code outside the package reads or writes: the public API of any entry (the element's
// attributes, properties and events, the server's options and replies), the protocol's messages
// (the host helper's drop-in is another file), the DOM's and lit's own names, and none may be read
// by its name as text. test/node/minify.test.mjs checks each; the end-to-end tests run the built
// files.
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
