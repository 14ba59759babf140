/**
 * Go's atomic.Int32. JavaScript runs one goroutine at a time, so every method is trivially atomic;
 * the type exists so lessons read like Go. Invariant: the value is always a 32-bit signed integer
 * (arithmetic wraps around like Go's).
 *
 * @example
 * ```ts
 * import { Int32 } from 'gort/sync/atomic';
 *
 * const n = new Int32();
 * n.store(2147483647);
 * console.log(n.add(1)); // -2147483648 (wraps around, as in Go)
 * ```
 */
export class Int32 {
  #v = 0;
  /** Returns the value. */
  load(): number {
    return this.#v;
  }
  /** Sets the value. */
  store(v: number): void {
    this.#v = v | 0;
  }
  /** Adds `delta` and returns the new value. */
  add(delta: number): number {
    return (this.#v = (this.#v + delta) | 0);
  }
  /** Sets `v`, returns the old value. */
  swap(v: number): number {
    const old = this.#v;
    this.#v = v | 0;
    return old;
  }
  /** Sets `next` if the value is `old`; says whether it did. */
  compareAndSwap(old: number, next: number): boolean {
    if (this.#v !== (old | 0)) return false;
    this.#v = next | 0;
    return true;
  }
}
