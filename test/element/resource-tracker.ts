/**
 * Counts the global resources code creates while tracking is on: timers not yet fired or
 * cleared, and listeners on `window` and `document` not yet removed (or aborted by a signal).
 * Mocha keeps its own timer references, so only the code under test is seen.
 */
export interface ResourceTracker {
  pendingTimers(): number;
  activeListeners(): string[];
  stop(): void;
}

interface Listener {
  target: EventTarget;
  type: string;
  callback: EventListenerOrEventListenerObject;
  capture: boolean;
  signal?: AbortSignal;
  removed: boolean;
}

export function trackResources(): ResourceTracker {
  const timers = new Set<number>();
  const listeners: Listener[] = [];
  const { setTimeout: realSet, clearTimeout: realClear } = window;
  const { addEventListener: realAdd, removeEventListener: realRemove } = EventTarget.prototype;
  const watched = (target: EventTarget): boolean => target === window || target === document;
  const captureOf = (options?: boolean | EventListenerOptions): boolean =>
    typeof options === 'boolean' ? options : Boolean(options?.capture);

  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id: number = realSet(
      (...callArgs: unknown[]) => {
        timers.delete(id);
        if (typeof handler === 'function') handler(...callArgs);
      },
      ms,
      ...args,
    );
    timers.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    realClear(id);
  }) as typeof window.clearTimeout;

  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    callback: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (callback && watched(this)) {
      const signal = typeof options === 'object' ? options.signal : undefined;
      listeners.push({ target: this, type, callback, capture: captureOf(options), signal, removed: false });
    }
    return realAdd.call(this, type, callback, options);
  };
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type: string,
    callback: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    for (const entry of listeners) {
      if (
        entry.target === this &&
        entry.type === type &&
        entry.callback === callback &&
        entry.capture === captureOf(options)
      ) {
        entry.removed = true;
      }
    }
    return realRemove.call(this, type, callback, options);
  };

  return {
    pendingTimers: () => timers.size,
    activeListeners: () =>
      listeners
        .filter((entry) => !entry.removed && !entry.signal?.aborted)
        .map((entry) => `${entry.target === window ? 'window' : 'document'}:${entry.type}`),
    stop() {
      window.setTimeout = realSet;
      window.clearTimeout = realClear;
      EventTarget.prototype.addEventListener = realAdd;
      EventTarget.prototype.removeEventListener = realRemove;
    },
  };
}
