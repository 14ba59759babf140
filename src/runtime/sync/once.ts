/**
 * Go's sync.Once.
 *
 * Invariants: `fn` runs at most once; every `do` call returns only after that run has finished
 * (callers that arrive meanwhile wait, as Go's callers wait on the Once's mutex); a run that panics
 * still counts as done.
 */
import { wakeAll } from '../chan.ts';
import { activeRuntime } from '../program.ts';
import { STUCK_INFO, type Waitable, type WaitableInfo } from '../stuck.ts';
import { WaitQ } from '../sudog.ts';

/**
 * Performs exactly one action.
 *
 * Go: `sync.Once` (`once.Do(f)`).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { Once } from 'gort/sync';
 *
 * main(async () => {
 *   const once = new Once();
 *   for (let i = 0; i < 3; i++) await once.do(() => console.log('init')); // prints once
 * });
 * ```
 */
export class Once implements Waitable {
  #state: 'new' | 'running' | 'done' = 'new';
  readonly #waiters = new WaitQ(this);

  /** @internal What the deadlock report says about this object (stuck.ts). */
  [STUCK_INFO](): WaitableInfo {
    return { kind: 'once' };
  }

  /** Calls `fn` if this is the first call of `do` on this Once; otherwise waits for that call. */
  async do(fn: () => unknown): Promise<void> {
    const rt = activeRuntime();
    if (this.#state === 'done') return;
    if (this.#state === 'running') {
      await rt.parkIn(this.#waiters, 'sync.Mutex.Lock');
      return;
    }
    this.#state = 'running';
    try {
      await fn();
    } finally {
      this.#state = 'done';
      wakeAll(rt, this.#waiters);
    }
  }
}
