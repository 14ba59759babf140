/**
 * Go's sync.RWMutex: many readers or one writer.
 *
 * Invariants: `writer` and `readers > 0` are never both true; once a writer waits, new readers
 * wait too (so writers are not starved, as in Go); when a writer unlocks, the readers that queued
 * meanwhile go first, then the next writer. Misuse is fatal with Go's texts.
 */
import { wake } from '../chan.ts';
import { activeRuntime } from '../program.ts';
import { STUCK_INFO, type Waitable, type WaitableInfo } from '../stuck.ts';
import { WaitQ } from '../sudog.ts';
import type { Locker } from './mutex.ts';

/**
 * A reader/writer mutual exclusion lock. The zero value is unlocked.
 *
 * Go: `sync.RWMutex` (`RLock`, `RUnlock`, `Lock`, `Unlock`); misuse is Go's fatal error `sync: RUnlock of unlocked RWMutex` or `sync: Unlock of unlocked RWMutex`.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { RWMutex } from 'gort/sync';
 *
 * main(async () => {
 *   const mu = new RWMutex();
 *   const cache = new Map<string, number>();
 *   await mu.lock();
 *   cache.set('a', 1);
 *   mu.unlock();
 *   await mu.rLock();
 *   console.log(cache.get('a')); // 1
 *   mu.rUnlock();
 * });
 * ```
 */
export class RWMutex implements Locker, Waitable {
  #readers = 0;
  #writer = false;
  /** The goroutine holding the write lock (0: none known), for stuck reports only. */
  #holder = 0;
  readonly #readq = new WaitQ(this);
  readonly #writeq = new WaitQ(this);

  /** Locks for reading. */
  rLock(): Promise<void> {
    const rt = activeRuntime();
    if (!this.#writer && this.#writeq.empty) {
      this.#readers++;
      return rt.completedVoid();
    }
    return rt.parkIn(this.#readq, 'sync.RWMutex.RLock');
  }

  /** Locks for reading if no writer holds or waits for the lock. */
  tryRLock(): boolean {
    if (this.#writer || !this.#writeq.empty) return false;
    this.#readers++;
    return true;
  }

  /** Undoes one rLock. */
  rUnlock(): void {
    const rt = activeRuntime();
    if (this.#readers <= 0) rt.throw('sync: RUnlock of unlocked RWMutex');
    this.#readers--;
    if (this.#readers === 0) {
      const w = this.#writeq.dequeue();
      if (w !== null) {
        this.#writer = true;
        this.#holder = w.g === null ? 0 : w.g.id;
        wake(rt, w);
      }
    }
  }

  /** Locks for writing. */
  lock(): Promise<void> {
    const rt = activeRuntime();
    if (!this.#writer && this.#readers === 0) {
      this.#writer = true;
      this.#holder = rt.gid();
      return rt.completedVoid();
    }
    return rt.parkIn(this.#writeq, 'sync.RWMutex.Lock');
  }

  /** Locks for writing if the lock is free. */
  tryLock(): boolean {
    if (this.#writer || this.#readers > 0) return false;
    this.#writer = true;
    this.#holder = activeRuntime().gid();
    return true;
  }

  /** Unlocks for writing. */
  unlock(): void {
    const rt = activeRuntime();
    if (!this.#writer) rt.throw('sync: Unlock of unlocked RWMutex');
    this.#writer = false;
    if (!this.#readq.empty) {
      for (let r = this.#readq.dequeue(); r !== null; r = this.#readq.dequeue()) {
        this.#readers++;
        wake(rt, r);
      }
      return;
    }
    const w = this.#writeq.dequeue();
    if (w !== null) {
      this.#writer = true;
      this.#holder = w.g === null ? 0 : w.g.id;
      wake(rt, w);
    }
  }

  /** @internal What the deadlock report says about this object (stuck.ts). */
  [STUCK_INFO](): WaitableInfo {
    const holders = this.#writer && this.#holder !== 0 ? [this.#holder] : [];
    return { kind: 'rwmutex', holders, readers: this.#readers };
  }

  /** Go's `rw.RLocker()`: a Locker whose lock/unlock are rLock/rUnlock. */
  rLocker(): Locker {
    return { lock: () => this.rLock(), unlock: () => this.rUnlock() };
  }
}
