/**
 * Go's sync.Mutex.
 *
 * Invariants: `locked` is true while someone holds the lock; unlock with waiters hands the lock to
 * the first waiter (it stays locked, FIFO: Go's starvation mode, which keeps lessons deterministic);
 * unlocking an unlocked mutex is Go's fatal error `sync: unlock of unlocked mutex`.
 */
import { wake } from '../chan.ts';
import { activeRuntime } from '../program.ts';
import { STUCK_INFO, type Waitable, type WaitableInfo } from '../stuck.ts';
import { WaitQ } from '../sudog.ts';

/** Go's sync.Locker. */
export interface Locker {
  /** Acquires the lock (`Mutex.lock`, or an `RWMutex`'s read or write side); await it. */
  lock(): Promise<void> | void;
  /** Releases the lock; Go's texts on misuse (`fatal error: sync: unlock of unlocked mutex`). */
  unlock(): void;
}

/**
 * A mutual exclusion lock. The zero value (`new Mutex()`) is unlocked.
 *
 * Go: `sync.Mutex`. Unlocking an unlocked mutex is Go's fatal error `sync: unlock of unlocked mutex`.
 *
 * @example
 * ```ts
 * import { go, main } from 'gort';
 * import { Mutex, WaitGroup } from 'gort/sync';
 *
 * main(async () => {
 *   const mu = new Mutex();
 *   const wg = new WaitGroup();
 *   let count = 0;
 *   for (let i = 0; i < 10; i++) {
 *     wg.add(1);
 *     go(async () => {
 *       await mu.lock();
 *       count++;
 *       mu.unlock(); // unlocking twice: fatal error: sync: unlock of unlocked mutex
 *       wg.done();
 *     });
 *   }
 *   await wg.wait();
 *   console.log(count); // 10
 * });
 * ```
 */
export class Mutex implements Locker, Waitable {
  #locked = false;
  /** The goroutine that locked it last (0: outside any goroutine), for stuck reports only. */
  #holder = 0;
  readonly #waiters = new WaitQ(this);

  /** Locks; if the lock is held, waits until it is handed over. */
  lock(): Promise<void> {
    const rt = activeRuntime();
    if (!this.#locked) {
      this.#locked = true;
      this.#holder = rt.gid();
      return rt.completedVoid();
    }
    return rt.parkIn(this.#waiters, 'sync.Mutex.Lock');
  }

  /** Locks if it is free and says whether it did (Go 1.18's TryLock). */
  tryLock(): boolean {
    if (this.#locked) return false;
    this.#locked = true;
    this.#holder = activeRuntime().gid();
    return true;
  }

  /** Unlocks; a fatal error if it is not locked. */
  unlock(): void {
    const rt = activeRuntime();
    if (!this.#locked) rt.throw('sync: unlock of unlocked mutex');
    const next = this.#waiters.dequeue();
    if (next === null) this.#locked = false;
    else {
      this.#holder = next.g === null ? 0 : next.g.id;
      wake(rt, next);
    }
  }

  /** @internal What the deadlock report says about this object (stuck.ts). */
  [STUCK_INFO](): WaitableInfo {
    return { kind: 'mutex', holders: this.#locked && this.#holder !== 0 ? [this.#holder] : [] };
  }
}
