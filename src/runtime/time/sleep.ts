/**
 * Go's time.Sleep on the runtime's clock. A sleeping goroutine is parked with wait reason `sleep`
 * and woken by a runtime timer, so on the virtual clock `sleep(Hour)` returns as soon as every
 * other goroutine is blocked too, and the deadlock detector knows a sleeper will wake.
 */
import { activeRuntime } from '../program.ts';
import type { Runtime } from '../runtime.ts';
import { Kind, acquireSudog, type Sudog } from '../sudog.ts';
import type { Duration } from './duration.ts';

function wakeSleeper(arg: unknown, rt: Runtime): void {
  rt.ready(arg as Sudog);
}

/**
 * Go's `time.Sleep(d)`: pauses the calling goroutine for at least `d` milliseconds.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { Millisecond, sleep } from 'gort/time';
 *
 * main(async () => {
 *   await sleep(100 * Millisecond);
 *   console.log('woke up');
 * });
 * ```
 */
export function sleep(d: Duration): Promise<void> {
  const rt = activeRuntime();
  if (!(d > 0)) return rt.completedVoid(); // Go: Sleep(d <= 0) returns immediately
  if (rt.trace !== null) rt.emit({ type: 'sleep', t: rt.now(), g: rt.gid(), d });
  const sd = acquireSudog(Kind.Plain, undefined);
  // The timer fires from a later macrotask (or virtual-time step), never before the park below.
  rt.resetTimer(rt.newTimer(wakeSleeper, sd), d);
  return rt.park(sd, 'sleep') as Promise<void>;
}
