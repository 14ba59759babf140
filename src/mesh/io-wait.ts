/**
 * Waiting on the network the way Go's netpoller does, on gort's virtual clock.
 *
 * A goroutine that awaits a promise the runtime does not know counts as "in a syscall", and while
 * any goroutine is in a syscall the scheduler never lets the virtual clock jump (it may come back
 * with news). A goroutine waiting for a mesh call would then freeze the clock its own answer
 * depends on: a server handler sleeping on the virtual clock, a retry backoff or a per-try timeout
 * would never fire. So on the virtual clock a goroutine waiting on a mesh call parks in the
 * scheduler instead, as Go parks it in `IO wait`, on a gort channel that the call closes when it
 * settles (closing wakes the receiver from outside any goroutine without itself taking part in the
 * schedule); the mesh holds the clock itself while bytes are really on the way (see
 * transport/node-http.ts). On the real clock time moves by itself and the call is awaited as is.
 *
 * Callers: the client's entry points (`request`, `get`, `ServiceClient`) and `listenAndServe`
 * (through `acceptWait`, which parks on the real clock too), which goroutines call. The mesh's own
 * calls from timers and background loops never come here (client.ts `roundTrip`): parking is for
 * goroutines, and code outside any goroutine that parks would be charged to whichever goroutine
 * the scheduler resumed last.
 *
 * Invariants: settles exactly as `p` does; once the program has ended (its runtime abandoned, every
 * channel operation blocks forever) the call is awaited directly, so code outside the program (a
 * lab check after the program exited) still gets its answer.
 */
import { activeRuntime, chan } from 'gort';
import { asError } from './errors.ts';

export function ioWait<T>(p: Promise<T>): Promise<T> {
  const rt = activeRuntime();
  return rt.virtual ? park(rt, p) : p;
}

/**
 * `listenAndServe`'s wait for its server to close, parked on both clocks, as Go's Accept loop is:
 * a program that only serves then has no goroutine running or in a syscall, which is what gort's
 * `serving()` asks (the export's run ends there). No clock depends on this wait's own answer.
 */
export function acceptWait(p: Promise<void>): Promise<void> {
  return park(activeRuntime(), p);
}

function park<T>(rt: ReturnType<typeof activeRuntime>, p: Promise<T>): Promise<T> {
  if (rt.done) return p;
  const settled = chan<undefined>();
  return new Promise<T>((resolve, reject) => {
    let outcome: { value: T } | { error: unknown } = { error: undefined };
    const finish = () => ('value' in outcome ? resolve(outcome.value) : reject(asError(outcome.error)));
    const arrived = (o: typeof outcome) => {
      outcome = o;
      // A program that ended wakes nobody again: answer code outside it directly.
      if (rt.done) finish();
      else settled.close();
    };
    p.then(
      (value) => arrived({ value }),
      (error: unknown) => arrived({ error }),
    );
    void settled.recv().then(finish);
  });
}
