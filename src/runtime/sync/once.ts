/**
 * Go's sync.Once.
 *
 * Invariants: `fn` runs at most once; every `do` call returns only after that run has finished
 * (callers that arrive meanwhile wait, as Go's callers wait on the Once's mutex); a run that panics
 * still counts as done.
 */
import { wake } from '../chan.ts';
import { activeRuntime } from '../program.ts';
import { Kind, WaitQ, acquireSudog } from '../sudog.ts';

/** Performs exactly one action. */
export class Once {
  #state: 'new' | 'running' | 'done' = 'new';
  readonly #waiters = new WaitQ();

  /** Calls `fn` if this is the first call of `do` on this Once; otherwise waits for that call. */
  async do(fn: () => unknown): Promise<void> {
    const rt = activeRuntime();
    if (this.#state === 'done') return;
    if (this.#state === 'running') {
      const sd = acquireSudog(Kind.Plain, undefined);
      this.#waiters.enqueue(sd);
      await rt.park(sd, 'sync.Mutex.Lock');
      return;
    }
    this.#state = 'running';
    try {
      await fn();
    } finally {
      this.#state = 'done';
      for (let s = this.#waiters.dequeue(); s !== null; s = this.#waiters.dequeue()) wake(rt, s);
    }
  }
}
