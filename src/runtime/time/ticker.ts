/**
 * Go's time.Ticker and time.Tick: the time is sent on `c` every period. A slow receiver misses
 * ticks rather than queueing them, and with Go 1.23 semantics a ticker nobody receives from costs
 * nothing (clock.ts) and `stop()`/`reset()` leave no undelivered tick behind.
 *
 * Invariants: a running ticker's runtime timer is pending with `period` set (the clock re-arms it
 * each time it runs); a tick received late is the time of the first tick the receiver missed, and
 * the next one is the first tick after now (Go's TestTickTimes).
 */
import { Channel, nilChan, type RecvChan } from '../chan.ts';
import { GoPanic } from '../errors.ts';
import { activeRuntime } from '../program.ts';
import type { Runtime } from '../runtime.ts';
import type { RTimer } from '../timer.ts';
import type { Duration } from './duration.ts';
import { type Time, zeroTime } from './time.ts';
import { sendTime } from './timer.ts';

/**
 * Delivers ticks of a clock at intervals (Go's *time.Ticker).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { newTicker, Second } from 'gort/time';
 *
 * main(async () => {
 *   const ticker = newTicker(Second);
 *   for (let i = 0; i < 3; i++) console.log('tick at', (await ticker.c.recv()).toISOString());
 *   ticker.stop();
 * });
 * ```
 */
export class Ticker {
  /** The channel on which the ticks are delivered (Go's `C`). */
  readonly c: RecvChan<Time, Time>;
  readonly #rt: Runtime;
  readonly #t: RTimer;

  /** @internal use newTicker. */
  constructor(rt: Runtime, d: Duration) {
    if (!(d > 0)) throw new GoPanic('non-positive interval for NewTicker');
    this.#rt = rt;
    const ch = new Channel<Time, Time>(rt, 1, zeroTime);
    this.c = ch;
    this.#t = rt.newTimer(sendTime, ch, ch);
    rt.resetTimer(this.#t, d, d);
  }

  /** Turns the ticker off; no more ticks (and no undelivered one) will be received. */
  stop(): void {
    this.#rt.stopTimer(this.#t);
  }

  /** Stops the ticker and restarts it with period `d`. */
  reset(d: Duration): void {
    if (!(d > 0)) throw new GoPanic('non-positive interval for Ticker.Reset');
    this.#rt.resetTimer(this.#t, d, d);
  }
}

/**
 * Go's `time.NewTicker(d)`; panics `non-positive interval for NewTicker` if d <= 0.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { Millisecond, newTicker } from 'gort/time';
 *
 * main(async () => {
 *   const t = newTicker(500 * Millisecond);
 *   await t.c.recv();
 *   t.stop();
 * });
 * ```
 */
export function newTicker(d: Duration): Ticker {
  return new Ticker(activeRuntime(), d);
}

/**
 * Go's `time.Tick(d)`: the ticker's channel; a nil channel if d <= 0.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { Second, tick } from 'gort/time';
 *
 * main(async () => {
 *   const c = tick(Second);
 *   await c.recv();
 *   console.log('a second passed');
 * });
 * ```
 */
export function tickChan(d: Duration): RecvChan<Time, Time> {
  return d > 0 ? newTicker(d).c : nilChan<Time, Time>();
}
