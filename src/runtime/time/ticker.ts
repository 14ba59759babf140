/**
 * Go's time.Ticker and time.Tick: the time is sent on `c` every period. A slow receiver misses
 * ticks rather than queueing them (one-slot buffer, dropped when full), and with Go 1.23
 * semantics `stop()`/`reset()` drain any undelivered tick.
 *
 * Invariant: a running ticker's runtime timer is always pending (re-armed each time it fires).
 */
import { Channel, nilChan, type Chan } from '../chan.ts';
import { GoPanic } from '../errors.ts';
import { activeRuntime } from '../program.ts';
import type { Runtime } from '../runtime.ts';
import type { RTimer } from '../timer.ts';
import type { Duration } from './duration.ts';
import { Time, zeroTime } from './time.ts';

function tick(arg: unknown, rt: Runtime): void {
  const ticker = arg as Ticker;
  ticker.fire(rt);
}

/** Delivers ticks of a clock at intervals (Go's *time.Ticker). */
export class Ticker {
  /** The channel on which the ticks are delivered (Go's `C`). */
  readonly c: Chan<Time, Time>;
  readonly #rt: Runtime;
  readonly #ch: Channel<Time, Time>;
  readonly #t: RTimer;
  #period: Duration;

  /** @internal use newTicker. */
  constructor(rt: Runtime, d: Duration) {
    if (!(d > 0)) throw new GoPanic('non-positive interval for NewTicker');
    this.#rt = rt;
    this.#period = d;
    this.#ch = new Channel<Time, Time>(rt, 1, zeroTime, true);
    this.c = this.#ch;
    this.#t = rt.newTimer(tick, this);
    rt.resetTimer(this.#t, d);
  }

  /** @internal the runtime timer fired. */
  fire(rt: Runtime): void {
    this.#ch.sendTimer(new Time(rt.epochNow()));
    rt.resetTimer(this.#t, this.#period);
  }

  /** Turns the ticker off; no more ticks (and no undelivered one) will be received. */
  stop(): void {
    this.#rt.stopTimer(this.#t);
    this.#ch.drain();
  }

  /** Stops the ticker and restarts it with period `d`. */
  reset(d: Duration): void {
    if (!(d > 0)) throw new GoPanic('non-positive interval for Ticker.Reset');
    this.#period = d;
    this.#ch.drain();
    this.#rt.resetTimer(this.#t, d);
  }
}

/** Go's `time.NewTicker(d)`; panics `non-positive interval for NewTicker` if d <= 0. */
export function newTicker(d: Duration): Ticker {
  return new Ticker(activeRuntime(), d);
}

/** Go's `time.Tick(d)`: the ticker's channel; a nil channel if d <= 0. */
export function tickChan(d: Duration): Chan<Time, Time> {
  return d > 0 ? newTicker(d).c : nilChan<Time, Time>();
}
