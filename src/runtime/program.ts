/**
 * The program entry and the process-wide pieces of the core: `main`, `go`, `configure`,
 * `keepAlive`, `gosched`, `panic`, and which runtime instance is active.
 *
 * Invariants: exactly one runtime is active; `configure()` replaces it (abandoning the previous
 * program, whose goroutines never run again) and `main()`/`go()` use it. Channels remember the
 * runtime that made them, so a channel keeps working for its own program only.
 */
import type { KeepAliveOptions } from './deadlock.ts';
import { GoPanic } from './errors.ts';
import type { RuntimeOptions } from './options.ts';
import { Runtime } from './runtime.ts';

let active: Runtime | null = null;

/**
 * The runtime `main`, `go` and `chan` use now (created with defaults on first use). Code built on
 * the runtime (the mesh) reads its clock (`now()`, `epochNow()`, `virtual`), its seeded `rand`
 * (`float()`), its timers (`newTimer`, `resetTimer`, `stopTimer`) and `keepAlive` through it.
 *
 * Go: no exported counterpart (the runtime itself; `runtime.NumGoroutine` and friends read it).
 *
 * @example
 * ```ts
 * import { activeRuntime, main } from 'gort';
 *
 * main(() => {
 *   console.log(activeRuntime().virtual); // whether the program runs on the virtual clock
 * });
 * ```
 */
export function activeRuntime(): Runtime {
  return (active ??= new Runtime());
}

/** Makes `rt` the active runtime, returning the one it replaces (for `runProgram`). */
export function swapRuntime(rt: Runtime | null): Runtime | null {
  const prev = active;
  active = rt;
  return prev;
}

/**
 * Options accepted by {@link configure}.
 *
 * Go: what `GODEBUG`, `go run -race`, `testing/synctest` (the virtual clock) and the program's output streams decide.
 */
export type ConfigureOptions = RuntimeOptions;

/**
 * Sets how the next program talks to its host; the lab host calls it before importing the
 * learner's entry. Each call starts a fresh runtime: a program still running is abandoned.
 *
 * - `clock`: `'real'` (default) or `'virtual'` (time jumps to the next timer when all goroutines are parked)
 * - `seed`: select's random choices and `rand.float()` (default: random)
 * - `schedule`: a schedule token (`rw-17`) to explore one of the orders Go could run the program in,
 *   replayable; it carries its own seed, so it replaces `seed` (default: none, FIFO order)
 * - `write(fd, text)`: output (default: process.stdout/stderr, else the console)
 * - `exit(code)`: program end (default: `globalThis.process?.exit`)
 * - `trace(event)`: trace subscriber (default: none; tracing then costs nothing)
 * - `mapLocation(url, line, column)`: a stack location in the learner's source, or null when the
 *   frame is not the learner's (default: runtime, node_modules and host frames hidden, others as is)
 * - `callSites`: record where goroutines park and start, for the dump and traces (default false)
 * - `traceSites`: with `callSites`, trace events carry the learner's line (`at`; default true)
 * - `internalFrames`: print the runtime's own frames too (default false)
 * - `problem({ kind, file, line, column })`: the learner's line of a panic or deadlock, at most once,
 *   before `exit` (default: none)
 *
 * @example
 * ```ts
 * import { configure, main } from 'gort';
 * import { sleep, Second } from 'gort/time';
 *
 * configure({ clock: 'virtual', seed: 1 });
 * main(async () => {
 *   await sleep(10 * Second); // no real time passes on the virtual clock
 *   console.log('done');
 * });
 * ```
 */
export function configure(opts: ConfigureOptions = {}): void {
  const rt = new Runtime(opts);
  active?.abandon();
  active = rt;
}

/**
 * Go's `func main()`: runs `fn` as goroutine 1. When it returns the program exits with status 0
 * and every other goroutine is abandoned. An uncaught panic in any goroutine prints Go's text and
 * exits 2; so does a deadlock (`fatal error: all goroutines are asleep - deadlock!` plus a dump).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 *
 * main(async () => {
 *   console.log('hello from goroutine 1');
 * });
 * ```
 */
export function main(fn: () => Promise<void> | void): void {
  activeRuntime().startMain(fn);
}

/**
 * Go's `go f(args...)`: starts `fn(...args)` as a new goroutine. It does not run now: the caller
 * continues, and `fn` starts when the scheduler gets to it.
 *
 * @example
 * ```ts
 * import { go, main } from 'gort';
 * import { WaitGroup } from 'gort/sync';
 *
 * main(async () => {
 *   const wg = new WaitGroup();
 *   for (let i = 1; i <= 3; i++) {
 *     wg.add(1);
 *     go(async (id: number) => {
 *       console.log('worker', id);
 *       wg.done();
 *     }, i);
 *   }
 *   await wg.wait();
 * });
 * ```
 */
export function go<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void {
  activeRuntime().spawn(fn, args);
}

/**
 * Go's `runtime.Gosched()`: lets every goroutine that is runnable now run before this one continues.
 *
 * @example
 * ```ts
 * import { go, gosched, main } from 'gort';
 *
 * main(async () => {
 *   go(() => console.log('other goroutine'));
 *   await gosched(); // lets it run first
 *   console.log('main');
 * });
 * ```
 */
export function gosched(): Promise<void> {
  return activeRuntime().yieldWith(undefined);
}

/**
 * Tells the deadlock detector that something outside the runtime (a listening server) may still
 * wake a goroutine: no deadlock is reported while it is held. `{ holdsClock: true }` marks an
 * operation in flight (a request on the wire) whose completion may change what happens next: the
 * virtual clock does not jump while it is held. `{ listener: true }` marks a server waiting for
 * connections: while every hold is one and nothing runs or waits for a timer, the program is only
 * serving (`serving()` on the runtime). `reason` names the hold (`holds()` on the runtime lists
 * them). Call the returned function (idempotent) to release it.
 *
 * No Go counterpart: Go's runtime knows a goroutine blocked in the network poller can still wake; gort must be told.
 *
 * @example
 * ```ts
 * import { keepAlive, main } from 'gort';
 *
 * main(async () => {
 *   const release = keepAlive('waiting for a webhook');
 *   // ... an outside event will wake a goroutine ...
 *   release();
 * });
 * ```
 */
export function keepAlive(reason: string, options?: KeepAliveOptions): () => void {
  return activeRuntime().keepAlive(reason, options);
}

/**
 * Go's `panic(v)`: throws a {@link GoPanic}. If nothing catches it, the program prints
 * `panic: ` + v (strings as they are, errors by message, `%v` otherwise) and exits 2.
 *
 * @example
 * ```ts
 * import { GoPanic, main, panic } from 'gort';
 *
 * main(async () => {
 *   try {
 *     panic('boom');
 *   } catch (e) {
 *     if (e instanceof GoPanic) console.log('recovered:', e.value); // recovered: boom
 *   }
 * });
 * ```
 */
export function panic(v: unknown): never {
  throw new GoPanic(v);
}
