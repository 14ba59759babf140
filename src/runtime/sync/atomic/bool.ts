/**
 * Go's atomic.Bool (single-threaded JavaScript makes every method atomic).
 *
 * @example
 * ```ts
 * import { Bool } from 'gort/sync/atomic';
 *
 * const closed = new Bool();
 * console.log(closed.compareAndSwap(false, true), closed.load()); // true true
 * ```
 */
export class Bool {
  #v = false;
  /** Returns the value. */
  load(): boolean {
    return this.#v;
  }
  /** Sets the value. */
  store(v: boolean): void {
    this.#v = v;
  }
  /** Sets `v`, returns the old value. */
  swap(v: boolean): boolean {
    const old = this.#v;
    this.#v = v;
    return old;
  }
  /** Sets `next` if the value is `old`; says whether it did. */
  compareAndSwap(old: boolean, next: boolean): boolean {
    if (this.#v !== old) return false;
    this.#v = next;
    return true;
  }
}
