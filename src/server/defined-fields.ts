/** `fields` without the ones that are `undefined`, so replies and events list only what is known. */
export function definedFields<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
