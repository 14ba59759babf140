/**
 * Go's atomic.Int64, holding a JavaScript number so Go by Example reads naturally
 * (`ops.add(1)`, `console.log(ops.load())`). Invariant: the value is an integer; it is exact up to
 * Number.MAX_SAFE_INTEGER (2^53 - 1) and does not wrap at 2^63 (use Uint64 for exact 64-bit math).
 *
 * @example
 * ```ts
 * import { Int64 } from 'gort/sync/atomic';
 *
 * const hits = new Int64();
 * hits.add(5);
 * console.log(hits.load()); // 5
 * ```
 */
export class Int64 {
  #v = 0;
  /** Returns the value. */
  load(): number {
    return this.#v;
  }
  /** Sets the value (truncated to an integer). */
  store(v: number): void {
    this.#v = Math.trunc(v);
  }
  /** Adds `delta` and returns the new value. */
  add(delta: number): number {
    return (this.#v += Math.trunc(delta));
  }
  /** Sets `v`, returns the old value. */
  swap(v: number): number {
    const old = this.#v;
    this.#v = Math.trunc(v);
    return old;
  }
  /** Sets `next` if the value is `old`; says whether it did. */
  compareAndSwap(old: number, next: number): boolean {
    if (this.#v !== old) return false;
    this.#v = Math.trunc(next);
    return true;
  }
}
