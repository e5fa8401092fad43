/**
 * Immutable records: the stores hold every record deep-frozen and hand out the frozen object on
 * reads (no copy per read). `frozenCopy` is used where a caller's object comes in (put*, enqueue):
 * it copies what is not already frozen by the store and freezes the copy, so the caller keeps a
 * mutable object of its own and can never change the store's state except through put*.
 * `deepFreeze` freezes fresh objects the store owns alone (e.g. parsed from the journal or SQL).
 */

/** Objects known to be frozen all the way down (frozen by this module). */
const frozenDeep = new WeakSet<object>();

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Freezes `value` and everything reachable from it, in place. Returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as object;
  if (frozenDeep.has(obj)) return value;
  Object.freeze(obj);
  for (const v of Object.values(obj)) deepFreeze(v as unknown);
  frozenDeep.add(obj);
  return value;
}

/** A deep-frozen copy of `value`, sharing the parts the store already froze. */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as object;
  if (frozenDeep.has(obj)) return value;
  let copy: object;
  if (Array.isArray(obj)) copy = obj.map((v: unknown) => frozenCopy(v));
  else if (isPlain(obj)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = frozenCopy(v as unknown);
    copy = out;
  } else copy = structuredClone(obj) as object; // Date, Map, ...: rare in records
  Object.freeze(copy);
  frozenDeep.add(copy);
  return copy as T;
}
