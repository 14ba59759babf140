/**
 * Go's sync.Cond: goroutines wait for a condition guarded by a Locker.
 *
 * Invariants: `wait` queues the caller before unlocking `L`, so a signal sent after the unlock
 * cannot be missed; `signal` wakes the longest waiter, `broadcast` all of them; a woken waiter
 * relocks `L` before `wait` returns.
 */
import { wake, wakeAll } from '../chan.ts';
import { activeRuntime } from '../program.ts';
import { Kind, WaitQ, acquireSudog } from '../sudog.ts';
import { STUCK_INFO, type Waitable, type WaitableInfo } from '../stuck.ts';
import type { Locker } from './mutex.ts';

/**
 * A condition variable over the locker `L`.
 *
 * Go: `sync.Cond` (`sync.NewCond(&mu)`; `Wait`, `Signal`, `Broadcast`).
 *
 * @example
 * ```ts
 * import { go, main } from 'gort';
 * import { Cond, Mutex } from 'gort/sync';
 *
 * main(async () => {
 *   const mu = new Mutex();
 *   const ready = new Cond(mu);
 *   let done = false;
 *   go(async () => {
 *     await mu.lock();
 *     done = true;
 *     ready.broadcast();
 *     mu.unlock();
 *   });
 *   await mu.lock();
 *   while (!done) await ready.wait();
 *   mu.unlock();
 *   console.log('ready');
 * });
 * ```
 */
export class Cond implements Waitable {
  /** The locker held while observing or changing the condition. */
  readonly L: Locker;
  readonly #waiters = new WaitQ(this);

  constructor(locker: Locker) {
    this.L = locker;
  }

  /** Unlocks `L`, waits for a signal or broadcast, locks `L` again. Call it with `L` held. */
  async wait(): Promise<void> {
    const rt = activeRuntime();
    const sd = acquireSudog(Kind.Plain, undefined);
    this.#waiters.enqueue(sd);
    this.L.unlock();
    await rt.park(sd, 'sync.Cond.Wait');
    await this.L.lock();
  }

  /** @internal What the deadlock report says about this object (stuck.ts). */
  [STUCK_INFO](): WaitableInfo {
    return { kind: 'cond' };
  }

  /** Wakes one waiting goroutine, if any. */
  signal(): void {
    const s = this.#waiters.dequeue();
    if (s !== null) wake(activeRuntime(), s);
  }

  /** Wakes every waiting goroutine. */
  broadcast(): void {
    wakeAll(activeRuntime(), this.#waiters);
  }
}
