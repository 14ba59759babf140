/**
 * gort/time: Go's time package on the program's clock (real, or virtual: see `configure`).
 * Durations are numbers of milliseconds (`Second === 1000`).
 *
 * @module gort/time
 */
export {
  formatDuration,
  Hour,
  Microsecond,
  Millisecond,
  Minute,
  Nanosecond,
  parseDuration,
  Second,
  type Duration,
} from './duration.ts';
export { sleep } from './sleep.ts';
export { newTicker, tickChan as tick, Ticker } from './ticker.ts';
export { now, since, Time, until } from './time.ts';
export { after, afterFunc, newTimer, Timer } from './timer.ts';
