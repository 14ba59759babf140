/**
 * Structural equality and short value descriptions for `t.equal`.
 *
 * Equality is what a learner means by "the same data": primitives by `Object.is` (so NaN equals
 * NaN), arrays element by element, plain objects key by key regardless of key order, Maps and Sets
 * by content, Dates by time. Class instances other than those compare by their own enumerable keys
 * and prototype. Cycles are handled by assuming equality for a pair already being compared.
 *
 * Go: `reflect.DeepEqual` (with Maps and Sets by content).
 *
 * @example
 * ```ts
 * import { deepEqual } from 'labcheck';
 *
 * console.log(deepEqual({ a: [1, 2] }, { a: [1, 2] }), deepEqual(new Set([1]), new Set([2]))); // true false
 * ```
 */

export function deepEqual(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i], seen));
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    if (a.size !== other.size) return false;
    for (const [key, value] of a) {
      if (!other.has(key) || !deepEqual(value, other.get(key), seen)) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>;
    return a.size === other.size && [...a].every((item) => other.has(item));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], seen),
  );
}

/**
 * A short, single-line description of `value` for a failed item's detail (at most ~200 chars).
 *
 * Go: `fmt.Sprintf("%v", v)`, shortened.
 *
 * @example
 * ```ts
 * import { describeValue } from 'labcheck';
 *
 * console.log(describeValue({ id: 7, tags: ['a'] }));
 * ```
 */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    text = String(value);
  } else if (value instanceof Map) text = `Map(${describeValue([...value])})`;
  else if (value instanceof Set) text = `Set(${describeValue([...value])})`;
  else {
    try {
      // JSON.stringify gives undefined only for values handled above; the fallback is defensive.
      text = JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      // A cycle, or a BigInt inside: say what kind of value it is.
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
