/**
 * The deadlock detector (Go's checkdead) and the goroutine dump it prints; keepAlive holds.
 *
 * The scheduler asks `checkdead` only when no goroutine can run: the run queue is empty, nobody is
 * running and nobody is in a syscall (a goroutine awaiting a promise from outside the runtime comes
 * back on its own). The answer, in Go's order:
 *  1. `advance`: on the virtual clock, a timer is waiting and no hold holds the clock. Time jumps
 *     to it (Go's faketime; testing/synctest when every goroutine is durably blocked).
 *  2. `wait`: a timer is waiting (real clock), or a keepAlive hold is active. Something outside the
 *     scheduler may still wake a goroutine; the scheduler asks again when it does, or a hold goes.
 *  3. `deadlock`: nothing can ever wake a goroutine.
 * A channel timer waits only while a goroutine is blocked on its channel (clock.ts), so a timer or
 * ticker nobody reads never keeps a program alive, and a sleeper or a blocked reader always does.
 * When only holds and periodic timers remain, the virtual clock keeps jumping (as Go's faketime
 * does); the scheduler takes one macrotask per jump, so the host's I/O and a Stop still get turns.
 *
 * Holds. `keepAlive(reason)` says something outside the runtime (a listening server) may still wake
 * a goroutine; `{ holdsClock: true }` also says an operation is in flight whose completion may
 * change what happens next (a request on the wire), so the virtual clock must not jump past it:
 * like testing/synctest, where a goroutine blocked on I/O is not durably blocked.
 *
 * Invariants: each hold is released at most once (release is idempotent); `list()` gives the active
 * holds in the order they were taken; no `deadlock` answer while a hold is active; the dump lists
 * every live goroutine in creation order with Go's wait reason.
 */
import type { Clock } from './clock.ts';
import type { G } from './g.ts';
import type { SourceLocation } from './options.ts';
import type { Traceback } from './traceback.ts';

/**
 * An active keepAlive hold.
 *
 * No Go counterpart: Go's deadlock detector sees the network poller itself; gort must be told (`keepAlive`).
 */
export interface Hold {
  /** Why the program is kept alive (`'listening: users'`, `'request GET /users/1'`). */
  readonly reason: string;
  /** Whether it also stops the virtual clock from jumping. */
  readonly holdsClock: boolean;
  /** Whether it is a server waiting for connections (`listener`), see `Runtime.serving`. */
  readonly listener: boolean;
}

/**
 * Options of keepAlive.
 *
 * No Go counterpart (see `keepAlive`).
 */
export interface KeepAliveOptions {
  /** An operation in flight: the virtual clock does not jump until it is released. Default false. */
  readonly holdsClock?: boolean | undefined;
  /**
   * A server waiting for connections, nothing in flight: while every hold is one, the program is
   * only serving (`Runtime.serving`). Default false. Not with `holdsClock`.
   */
  readonly listener?: boolean | undefined;
}

/** The active keepAlive holds. */
export class Holds {
  readonly #active = new Set<Hold>();
  #clock = 0;
  #listeners = 0;

  /** Whether any hold is active. */
  get any(): boolean {
    return this.#active.size > 0;
  }

  /** Whether a hold stops the virtual clock. */
  get clock(): boolean {
    return this.#clock > 0;
  }

  /** Whether at least one hold is active and every active hold is a listener. */
  get onlyListeners(): boolean {
    return this.#listeners > 0 && this.#listeners === this.#active.size;
  }

  /** The active holds, oldest first. */
  list(): Hold[] {
    return [...this.#active];
  }

  /** Takes a hold; the returned function releases it (once) and then calls `released`. */
  acquire(reason: string, options: KeepAliveOptions | undefined, released: () => void): () => void {
    if (typeof reason !== 'string') {
      throw new TypeError(`Expected \`reason\` to be a string, got ${typeof reason}`);
    }
    const holdsClock = options?.holdsClock ?? false;
    if (typeof holdsClock !== 'boolean') {
      throw new TypeError(`Expected \`holdsClock\` to be a boolean, got ${typeof holdsClock}`);
    }
    const listener = options?.listener ?? false;
    if (typeof listener !== 'boolean') {
      throw new TypeError(`Expected \`listener\` to be a boolean, got ${typeof listener}`);
    }
    if (listener && holdsClock) {
      throw new TypeError(
        'A hold cannot be both `listener` and `holdsClock`: a listener has nothing in flight',
      );
    }
    const hold: Hold = Object.freeze({ reason, holdsClock, listener });
    this.#active.add(hold);
    if (holdsClock) this.#clock++;
    if (listener) this.#listeners++;
    return () => {
      if (!this.#active.delete(hold)) return;
      if (holdsClock) this.#clock--;
      if (listener) this.#listeners--;
      released();
    };
  }
}

/** What to do when no goroutine can run (see the header). */
export type Verdict = 'advance' | 'wait' | 'deadlock';

/** Go's checkdead, asked when no goroutine can run. */
export function checkdead(clock: Clock, holds: Holds): Verdict {
  if (clock.virtual && clock.waiting && !holds.clock) return 'advance';
  if (clock.waiting || holds.any) return 'wait';
  return 'deadlock';
}

/** Go's `fatal error: all goroutines are asleep - deadlock!` and every goroutine's trace. */
export function deadlockText(first: G | null, tb: Traceback): string {
  let s = 'fatal error: all goroutines are asleep - deadlock!\n';
  for (let g = first; g !== null; g = g.allnext) {
    s += `\ngoroutine ${g.id} [${g.waitReason}]:\n${tb.parkedTrace(g)}`;
  }
  return s;
}

/**
 * Where the deadlock is, for the host's problem report: the learner's line goroutine 1 is parked at,
 * else the first goroutine's that has one (goroutine 1 comes first in creation order).
 */
export function deadlockSite(first: G | null, tb: Traceback): SourceLocation | null {
  for (let g = first; g !== null; g = g.allnext) {
    const site = tb.parkSite(g);
    if (site !== null) return site;
  }
  return null;
}
