/**
 * Go's panics and fatal errors as JavaScript errors, and how a panic value prints.
 *
 * Invariants: a `GoPanic` carries the exact value passed to `panic()` and its `message` is the text
 * Go prints after `panic: `; a `RuntimeError` is Go's runtime.Error (send on closed channel, ...);
 * a `FatalError` is Go's `throw`: it cannot be recovered in Go, so the runtime ends the program the
 * moment one is raised (the throw only unwinds the caller's stack).
 */

/**
 * A Go panic. `value` is what was passed to `panic(v)`; `message` is how Go prints it.
 *
 * @example
 * ```ts
 * import { GoPanic, panic } from 'gort';
 *
 * try {
 *   panic(new Error('disk full'));
 * } catch (e) {
 *   if (e instanceof GoPanic) console.log(e.message); // disk full
 * }
 * ```
 */
export class GoPanic extends Error {
  override readonly name: string = 'GoPanic';
  /** The value given to `panic()`. */
  readonly value: unknown;
  constructor(value: unknown) {
    super(formatPanicValue(value));
    this.value = value;
  }
}

/**
 * Go's runtime.Error: a panic raised by the runtime itself, e.g. `send on closed channel`.
 *
 * @example
 * ```ts
 * import { RuntimeError, chan, close, main } from 'gort';
 *
 * main(async () => {
 *   const ch = chan<number>(1);
 *   close(ch);
 *   try {
 *     await ch.send(1);
 *   } catch (e) {
 *     if (e instanceof RuntimeError) console.log(e.message); // send on closed channel
 *   }
 * });
 * ```
 */
export class RuntimeError extends GoPanic {
  override readonly name: string = 'RuntimeError';
}

/**
 * Go's fatal error (`throw`): printed as `fatal error: <message>`, exit status 2, unrecoverable.
 *
 * @example
 * ```ts
 * import { FatalError } from 'gort';
 *
 * const e = new FatalError('all goroutines are asleep - deadlock!');
 * console.log(e.name); // FatalError
 * ```
 */
export class FatalError extends Error {
  override readonly name: string = 'FatalError';
}

/**
 * What Go prints after `panic: `: strings as they are, errors by their message, Go's `%v` for the
 * rest (close enough for people reading output). Go appends ` [recovered]` and type names in some
 * cases; lessons never rely on those.
 */
export function formatPanicValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'undefined':
      return '<nil>';
    case 'symbol':
      return v.toString();
    case 'function':
      return `func ${v.name || '(anonymous)'}`;
    default:
      break;
  }
  if (v === null) return '<nil>';
  if (v instanceof Error) return v.message;
  if (Array.isArray(v)) return `[${v.map(formatPanicValue).join(' ')}]`;
  if (v instanceof Map) {
    const parts: string[] = [];
    for (const [k, x] of v) parts.push(`${formatPanicValue(k)}:${formatPanicValue(x)}`);
    return `map[${parts.join(' ')}]`;
  }
  if (v instanceof Date) return v.toISOString();
  const obj = v as Record<string, unknown>;
  const toString: unknown = Reflect.get(obj, 'toString');
  if (typeof toString === 'function' && toString !== Reflect.get(Object.prototype, 'toString')) {
    return String((toString as (this: unknown) => unknown).call(v));
  }
  return `{${Object.keys(obj)
    .map((k) => `${k}:${formatPanicValue(obj[k])}`)
    .join(' ')}}`;
}
