/**
 * Go's sync.WaitGroup, with Go 1.25's `wg.go(f)`.
 *
 * Invariants: the counter never goes below zero (that panics `sync: negative WaitGroup counter`);
 * whenever it is zero no waiter is parked (reaching zero wakes them all).
 */
import { wakeAll } from '../chan.ts';
import { GoPanic } from '../errors.ts';
import { activeRuntime } from '../program.ts';
import { STUCK_INFO, type Waitable, type WaitableInfo } from '../stuck.ts';
import { WaitQ } from '../sudog.ts';

/**
 * Waits for a collection of goroutines to finish.
 *
 * Go: `sync.WaitGroup` (`Add`, `Done`, `Wait`, and Go 1.25's `wg.Go(f)`); a counter below zero panics `sync: negative WaitGroup counter`.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { WaitGroup } from 'gort/sync';
 *
 * main(async () => {
 *   const wg = new WaitGroup();
 *   for (let i = 0; i < 3; i++) wg.go(() => console.log('job', i));
 *   await wg.wait(); // wg.add(-1) past zero would panic: sync: negative WaitGroup counter
 * });
 * ```
 */
export class WaitGroup implements Waitable {
  #n = 0;
  readonly #waiters = new WaitQ(this);

  /** @internal What the deadlock report says about this object (stuck.ts). */
  [STUCK_INFO](): WaitableInfo {
    return { kind: 'waitgroup', count: this.#n };
  }

  /** Adds `delta` (may be negative) to the counter; panics if it goes below zero. */
  add(delta: number): void {
    this.#n += delta;
    if (this.#n < 0) throw new GoPanic('sync: negative WaitGroup counter');
    if (this.#n === 0 && !this.#waiters.empty) wakeAll(activeRuntime(), this.#waiters);
  }

  /** Decrements the counter by one. */
  done(): void {
    this.add(-1);
  }

  /** Blocks until the counter is zero. */
  wait(): Promise<void> {
    const rt = activeRuntime();
    if (this.#n === 0) return rt.completedVoid();
    return rt.parkIn(this.#waiters, 'sync.WaitGroup.Wait');
  }

  /**
   * Go 1.25's `wg.Go(f)`: `wg.Add(1)` and runs `f` in a new goroutine that calls `wg.Done()` when
   * `f` returns (or panics).
   */
  go(fn: () => unknown): void {
    this.add(1);
    const run = async (): Promise<void> => {
      try {
        await fn();
      } finally {
        this.done();
      }
    };
    activeRuntime().spawn(fn, [], false, run);
  }
}
