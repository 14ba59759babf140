/**
 * Go's atomic.Uint64 with exact 64-bit arithmetic on bigint. Invariant: 0 <= value < 2^64
 * (arithmetic wraps around like Go's).
 *
 * @example
 * ```ts
 * import { Uint64 } from 'gort/sync/atomic';
 *
 * const bytes = new Uint64();
 * bytes.add(1n << 40n);
 * console.log(bytes.load()); // 1099511627776n
 * ```
 */
export class Uint64 {
  #v = 0n;
  /** Returns the value. */
  load(): bigint {
    return this.#v;
  }
  /** Sets the value. */
  store(v: bigint): void {
    this.#v = BigInt.asUintN(64, v);
  }
  /** Adds `delta` (negative to subtract, as Go's `Add(^uint64(0))`) and returns the new value. */
  add(delta: bigint): bigint {
    return (this.#v = BigInt.asUintN(64, this.#v + delta));
  }
  /** Sets `v`, returns the old value. */
  swap(v: bigint): bigint {
    const old = this.#v;
    this.#v = BigInt.asUintN(64, v);
    return old;
  }
  /** Sets `next` if the value is `old`; says whether it did. */
  compareAndSwap(old: bigint, next: bigint): boolean {
    if (this.#v !== old) return false;
    this.#v = BigInt.asUintN(64, next);
    return true;
  }
}
