/**
 * Harness shared by the ports of Go's channel tests.
 *
 * Every port runs as a whole gort program (`runProgram`) on the virtual clock with a fixed seed, so
 * a run is deterministic and a `sleep` of Go's test costs no wall time. A port fails the way the Go
 * test fails: it calls `panic(...)` with the Go test's message, the runtime prints `panic: ...` and
 * exits 2, and `expectGoPass` shows that text. Invariant: a port never asserts with vitest inside
 * the program (an assertion error would be just another panic); it asserts on the program's result.
 */
import { panic } from 'gort';
import { sleep } from 'gort/time';

/**
 * Runs a port and expects what `go run` of the Go test does on success: no stderr, status 0; returns
 * its stdout. (The runtime tests' helper: the same virtual clock and seed rules.)
 */
export { output as expectGoPass } from '../runtime/output.ts';

/** The text a recovered panic carries (`recover()` in Go gives the value; gort throws it). */
function panicText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Go's `shouldPanic(f)`: `f` must panic. With `want`, the panic must also say so (e.g.
 * "send on closed channel"). `recover()` becomes a catch of what the runtime throws or rejects with.
 */
export async function shouldPanic(f: () => unknown, want?: string): Promise<void> {
  try {
    await f();
  } catch (e) {
    if (want !== undefined && !panicText(e).includes(want)) {
      panic(`panicked with "${panicText(e)}", want "${want}"`);
    }
    return;
  }
  panic(want === undefined ? 'did not panic' : `did not panic with "${want}"`);
}

/**
 * Go's `runtime.Gosched()` is gort's own: the goroutine goes to the back of the run queue, so every
 * goroutine runnable now runs first (as with GOMAXPROCS=1).
 */
export { gosched } from 'gort';

/**
 * Go's `time.Sleep(d)` where a test sleeps to "let the other goroutines get going". On the virtual
 * clock the sleeper wakes only once every other goroutine is parked, which is exactly the state the
 * Go test hopes a millisecond of real time reaches.
 */
export function settle(ms = 1): Promise<void> {
  return sleep(ms);
}
