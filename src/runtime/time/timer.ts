/**
 * Go's time.Timer, time.After and time.AfterFunc with Go 1.23 semantics: the timer channel acts
 * unbuffered (len and cap are 0); a timer nobody receives from costs nothing and never keeps the
 * program alive (its time is computed when someone receives: clock.ts); after `stop()` or `reset()`
 * returns, no value from before the call can be received.
 *
 * Invariants: at most one undelivered time sits in the channel, and it is the time the timer was
 * due, however late it is received; `stop()`/`reset()` return true iff the timer had not yet
 * delivered its value to anyone (pending, or fired but still in the buffer).
 */
import { Channel, nilChan, type RecvChan } from '../chan.ts';
import { activeRuntime, go } from '../program.ts';
import type { Runtime } from '../runtime.ts';
import type { RTimer } from '../timer.ts';
import type { Duration } from './duration.ts';
import { Time, zeroTime } from './time.ts';

/**
 * A channel timer's function (Go's sendTime): the time it was due (`delay` ms ago), unless a value
 * is already waiting (a slow receiver misses ticks).
 */
export function sendTime(arg: unknown, rt: Runtime, delay: number): void {
  (arg as Channel<Time, Time>).sendTimer(new Time(rt.epochNow() - delay));
}

function runFunc(arg: unknown): void {
  go(arg as () => unknown);
}

/**
 * A single event: the current time is sent on `c` after the duration (Go's *time.Timer).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { newTimer, Second } from 'gort/time';
 *
 * main(async () => {
 *   const t = newTimer(Second);
 *   if (t.stop()) console.log('stopped before it fired');
 * });
 * ```
 */
export class Timer {
  /** The channel the time is delivered on (Go's `C`; a nil channel for `afterFunc` timers). */
  readonly c: RecvChan<Time, Time>;
  readonly #rt: Runtime;
  readonly #t: RTimer;

  /** @internal use newTimer / afterFunc. */
  constructor(rt: Runtime, d: Duration, fn: (() => unknown) | null) {
    this.#rt = rt;
    if (fn === null) {
      const ch = new Channel<Time, Time>(rt, 1, zeroTime);
      this.c = ch;
      this.#t = rt.newTimer(sendTime, ch, ch);
    } else {
      this.c = nilChan<Time, Time>();
      this.#t = rt.newTimer(runFunc, fn);
    }
    rt.resetTimer(this.#t, d);
  }

  /** Prevents the timer from firing; true if that stopped a value from being delivered. */
  stop(): boolean {
    return this.#rt.stopTimer(this.#t);
  }

  /** Restarts the timer to fire after `d`; true if it had not delivered its value yet. */
  reset(d: Duration): boolean {
    return this.#rt.resetTimer(this.#t, d);
  }
}

/**
 * Go's `time.NewTimer(d)`.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { Millisecond, newTimer } from 'gort/time';
 *
 * main(async () => {
 *   const t = newTimer(200 * Millisecond);
 *   await t.c.recv();
 *   console.log('fired');
 * });
 * ```
 */
export function newTimer(d: Duration): Timer {
  return new Timer(activeRuntime(), d, null);
}

/**
 * Go's `time.After(d)`: a channel that receives the time once, after `d`.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { after, Second } from 'gort/time';
 *
 * main(async () => {
 *   await after(Second).recv();
 *   console.log('one second later');
 * });
 * ```
 */
export function after(d: Duration): RecvChan<Time, Time> {
  return newTimer(d).c;
}

/**
 * Go's `time.AfterFunc(d, f)`: runs `f` in its own goroutine after `d`; `stop()` cancels it.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { afterFunc, Second, sleep } from 'gort/time';
 *
 * main(async () => {
 *   afterFunc(Second, () => console.log('fired in its own goroutine'));
 *   await sleep(2 * Second);
 * });
 * ```
 */
export function afterFunc(d: Duration, f: () => unknown): Timer {
  return new Timer(activeRuntime(), d, f);
}
