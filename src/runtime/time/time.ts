/**
 * Go's time.Time as a Date with sub-millisecond precision, and `now`, `since`, `until`.
 * Invariant: a Time's `ms` is the runtime's clock (virtual time starts at the Go playground's
 * 2009-11-10 23:00:00 UTC), so durations between two Times are exact on the virtual clock.
 */
import { activeRuntime } from '../program.ts';
import type { Duration } from './duration.ts';

/**
 * An instant (a Date that also keeps fractions of a millisecond).
 *
 * Go: `time.Time` (a JavaScript `Date` with Go's methods).
 *
 * @example
 * ```ts
 * import { now } from 'gort/time';
 *
 * const t = now();
 * console.log(t.toISOString());
 * ```
 */
export class Time extends Date {
  /** Milliseconds since the Unix epoch, with fractions. */
  readonly ms: number;
  constructor(ms: number) {
    super(Math.floor(ms));
    this.ms = ms;
  }
  /** Go's `t.Sub(u)`: the duration t - u. */
  sub(u: Date): Duration {
    return this.ms - msOf(u);
  }
  /** Go's `t.Add(d)`. */
  add(d: Duration): Time {
    return new Time(this.ms + d);
  }
  /** Go's `t.Before(u)`. */
  before(u: Date): boolean {
    return this.ms < msOf(u);
  }
  /** Go's `t.After(u)`. */
  after(u: Date): boolean {
    return this.ms > msOf(u);
  }
  /** Go's `t.Equal(u)`. */
  equal(u: Date): boolean {
    return this.ms === msOf(u);
  }
  /** Go's `t.UnixMilli()`. */
  unixMilli(): number {
    return Math.floor(this.ms);
  }
}

/** Go's zero Time (0001-01-01 00:00:00 UTC): what a timer channel yields if ever closed. */
export const zeroTime = new Time(-62135596800000);

function msOf(t: Date): number {
  return t instanceof Time ? t.ms : t.getTime();
}

/**
 * Go's `time.Now()` on the program's clock.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { now, since, sleep, Second } from 'gort/time';
 *
 * main(async () => {
 *   const start = now();
 *   await sleep(2 * Second);
 *   console.log(since(start)); // 2000
 * });
 * ```
 */
export function now(): Time {
  return new Time(activeRuntime().epochNow());
}

/**
 * Go's `time.Since(t)`: the time elapsed since `t`, in milliseconds.
 *
 * @example
 * ```ts
 * import { now, since } from 'gort/time';
 *
 * const start = now();
 * console.log(since(start) >= 0); // true
 * ```
 */
export function since(t: Date): Duration {
  return activeRuntime().epochNow() - msOf(t);
}

/**
 * Go's `time.Until(t)`: the duration until `t`, in milliseconds.
 *
 * @example
 * ```ts
 * import { now, Second, until } from 'gort/time';
 *
 * const deadline = new Date(now().getTime() + 5 * Second);
 * console.log(until(deadline)); // 5000 (or a little less)
 * ```
 */
export function until(t: Date): Duration {
  return msOf(t) - activeRuntime().epochNow();
}
