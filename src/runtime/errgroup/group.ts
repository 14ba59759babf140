/**
 * golang.org/x/sync/errgroup: goroutines working on subtasks of one task; the first error wins
 * and (with `withContext`) cancels the others' context.
 *
 * Invariants: `wait()` returns after every started function has returned; the group's error is
 * the first non-null error any function returned (or threw); with a limit, at most `limit`
 * functions run at once and `go` waits for a slot, as Go's `Go` blocks. Taking a slot in `tryGo` and
 * giving one back when a function returns use the channel's synchronous steps (`sendNow`,
 * `recvNow`), never a send or receive left unawaited: those may yield the goroutine (preemption,
 * schedule exploration), and a goroutine that yields and then goes on running, or exits, corrupts
 * the run queue (a schedule of the errgroup lab deadlocked that way with timers pending).
 */
import { chan, type Channel } from '../chan.ts';
import { GoPanic, FatalError } from '../errors.ts';
import { activeRuntime } from '../program.ts';
import { WaitGroup } from '../sync/wait-group.ts';
import { withCancelCause, type Context } from '../context/context.ts';

/**
 * What a group function may return: an error (or null/nothing for success), maybe async.
 *
 * Go: the `func() error` passed to `g.Go`.
 */
export type GroupFunc = () => Promise<Error | null | void> | Error | null | void;

/**
 * A collection of goroutines working on subtasks of a common task (errgroup.Group).
 *
 * Go: `golang.org/x/sync/errgroup.Group` (`g.Go`, `g.Wait`, `g.SetLimit`, `g.TryGo`).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { Group } from 'gort/errgroup';
 *
 * main(async () => {
 *   const g = new Group();
 *   g.setLimit(2);
 *   for (const url of ['a', 'b', 'c']) {
 *     await g.go(async () => (url === 'b' ? new Error(`fetch ${url} failed`) : null));
 *   }
 *   console.log((await g.wait())?.message); // fetch b failed
 * });
 * ```
 */
export class Group {
  readonly #wg = new WaitGroup();
  #err: Error | null = null;
  #sem: Channel<void, undefined> | null = null;
  #active = 0;
  readonly #cancel: ((cause: Error | null) => void) | null;

  /** A group without a context; `withContext` makes one that cancels a context. */
  constructor(cancel: ((cause: Error | null) => void) | null = null) {
    this.#cancel = cancel;
  }

  /**
   * Runs `fn` in a new goroutine. The first error it returns (or throws, unless it is a Go panic,
   * which still ends the program) becomes the group's. With a limit, waits for a free slot first:
   * await it then, as Go's `Go` blocks.
   */
  go(fn: GroupFunc): Promise<void> {
    const sem = this.#sem;
    if (sem === null) {
      this.#start(fn);
      return activeRuntime().completedVoid();
    }
    return sem.send(undefined).then(() => this.#start(fn));
  }

  /** Runs `fn` only if a slot is free under the limit; says whether it did. */
  tryGo(fn: GroupFunc): boolean {
    const sem = this.#sem;
    if (sem !== null) {
      if (sem.len >= sem.cap) return false;
      sem.sendNow(undefined); // a free slot: takes it without yielding
    }
    this.#start(fn);
    return true;
  }

  /** Limits the number of active goroutines to `n` (negative: no limit). */
  setLimit(n: number): void {
    if (this.#active > 0) {
      throw new GoPanic(
        `errgroup: modify limit while ${this.#active} goroutines in the group are still active`,
      );
    }
    // chan() validates n as make(chan, n) does; the object is the runtime's Channel.
    this.#sem = n < 0 ? null : (chan<void>(n) as Channel<void, undefined>);
  }

  /** Waits for every function to return; resolves with the first error, or null. */
  async wait(): Promise<Error | null> {
    await this.#wg.wait();
    this.#cancel?.(this.#err);
    return this.#err;
  }

  #start(fn: GroupFunc): void {
    this.#active++;
    this.#wg.add(1);
    const run = async (): Promise<void> => {
      try {
        let err: Error | null = null;
        try {
          const r = await fn();
          if (r instanceof Error) err = r;
        } catch (e) {
          if (e instanceof GoPanic || e instanceof FatalError) throw e;
          err = e instanceof Error ? e : new Error(String(e));
        }
        if (err !== null && this.#err === null) {
          this.#err = err;
          this.#cancel?.(err);
        }
      } finally {
        this.#active--;
        // This goroutine's token is in the buffer, so the receive is ready: Go's `<-g.sem`.
        if (this.#sem !== null) this.#sem.recvNow();
        this.#wg.done();
      }
    };
    activeRuntime().spawn(fn, [], false, run);
  }
}

/**
 * errgroup.WithContext(ctx): a group and a derived context canceled (cause: the error) the first
 * time a function returns an error, or when `wait` returns.
 *
 * Go: `errgroup.WithContext(ctx)`.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { background } from 'gort/context';
 * import { withContext } from 'gort/errgroup';
 *
 * main(async () => {
 *   const [g, ctx] = withContext(background());
 *   await g.go(() => new Error('first failure'));
 *   await g.go(async () => {
 *     await ctx.done().recv(); // canceled by the first failure
 *     return null;
 *   });
 *   console.log((await g.wait())?.message); // first failure
 * });
 * ```
 */
export function withContext(ctx: Context): [Group, Context] {
  const [child, cancel] = withCancelCause(ctx);
  return [new Group(cancel), child];
}
