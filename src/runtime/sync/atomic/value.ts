/**
 * Go's atomic.Value and atomic.Pointer[T]: a slot holding one value, read and replaced whole.
 * Invariant (Value, as in Go): once stored, later stores must keep the same kind of value and never
 * store nil; violations panic with Go's texts.
 */
import { GoPanic } from '../../errors.ts';

function kindOf(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v;
  return (
    (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'object'
  );
}

/**
 * Go's atomic.Value: `load()` is undefined (Go's nil) until the first `store`.
 *
 * @example
 * ```ts
 * import { Value } from 'gort/sync/atomic';
 *
 * const config = new Value<{ limit: number }>();
 * config.store({ limit: 10 });
 * console.log(config.load()?.limit); // 10
 * ```
 */
export class Value<T = unknown> {
  #v: T | undefined = undefined;
  #kind: string | null = null;
  /** Returns the value stored last, or undefined. */
  load(): T | undefined {
    return this.#v;
  }
  /** Stores `v`: panics for nil and for a value of another kind than the first one stored. */
  store(v: T): void {
    this.#check(v, 'store');
    this.#v = v;
  }
  /** Stores `v`, returns the previous value. */
  swap(v: T): T | undefined {
    this.#check(v, 'swap');
    const old = this.#v;
    this.#v = v;
    return old;
  }
  /** Stores `next` if the current value is `old`; says whether it did. */
  compareAndSwap(old: T | undefined, next: T): boolean {
    this.#check(next, 'compare and swap');
    if (this.#v !== old) return false;
    this.#v = next;
    return true;
  }
  #check(v: T, op: string): void {
    if (v === null || v === undefined) throw new GoPanic(`sync/atomic: ${op} of nil value into Value`);
    const kind = kindOf(v);
    if (this.#kind === null) this.#kind = kind;
    else if (this.#kind !== kind)
      throw new GoPanic(`sync/atomic: ${op} of inconsistently typed value into Value`);
  }
}

/**
 * Go's atomic.Pointer[T]: `load()` is null (Go's nil) until the first `store`.
 *
 * @example
 * ```ts
 * import { Pointer } from 'gort/sync/atomic';
 *
 * const head = new Pointer<{ next: null }>();
 * console.log(head.compareAndSwap(null, { next: null })); // true
 * ```
 */
export class Pointer<T> {
  #v: T | null = null;
  /** Returns the pointer. */
  load(): T | null {
    return this.#v;
  }
  /** Sets the pointer. */
  store(v: T | null): void {
    this.#v = v;
  }
  /** Sets `v`, returns the old pointer. */
  swap(v: T | null): T | null {
    const old = this.#v;
    this.#v = v;
    return old;
  }
  /** Sets `next` if the pointer is `old`; says whether it did. */
  compareAndSwap(old: T | null, next: T | null): boolean {
    if (this.#v !== old) return false;
    this.#v = next;
    return true;
  }
}
