/** Helpers for reading values that came from another window: never trust, never throw. */

/** Reads an own property only: a `__proto__`, `constructor` or inherited key is never data. */
export function own(value: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** `value` if it is a plain object (`{…}`, not an array, Map, Date…), else `undefined`. */
export function plainObject(value: unknown): object | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? value : undefined;
}
