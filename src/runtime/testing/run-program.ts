/**
 * `runProgram`: runs a function as a gort program's `main` in a fresh runtime, in this process,
 * and returns everything it printed, its exit status and (optionally) its trace. The tests, the
 * Go conformance ports and the lesson snippet tests use it.
 *
 * Invariants: runs are serialized (a second call waits for the first to finish), because console
 * capture and the active runtime are process-wide; each run has its own runtime, so nothing leaks
 * from one program to the next, and when a run ends its runtime is abandoned: its remaining
 * goroutines never run again. While a run is in progress, `console.log/info/debug` go to its
 * stdout and `console.error/warn` to its stderr.
 */
import type { Problem, SourceLocation } from '../options.ts';
import { swapRuntime } from '../program.ts';
import { Runtime } from '../runtime.ts';
import type { StuckReport } from '../stuck.ts';
import type { TraceEvent } from '../trace.ts';
import { formatArgs } from './format.ts';

/**
 * Options of {@link runProgram}.
 *
 * Go: how `go run` is invoked (the race detector's scheduling, `testing/synctest`'s fake clock).
 */
export interface RunProgramOptions {
  /** Clock; default `'virtual'` (deterministic, no wall time). */
  clock?: 'virtual' | 'real';
  /** Seed for select's choices; default 1, so a run is reproducible. */
  seed?: number;
  /** A schedule token to explore instead of FIFO order (see RuntimeOptions; then `seed` is not used). */
  schedule?: string;
  /** Collect trace events into `trace`; default false. */
  trace?: boolean;
  /** Passed to the runtime as `configure()` would (see RuntimeOptions); default none. */
  mapLocation?: (url: string, line: number, column: number) => SourceLocation | null;
  /** Record call sites (see RuntimeOptions); default false. */
  callSites?: boolean;
  /** With callSites, whether trace events carry the learner's line (see RuntimeOptions); default true. */
  traceSites?: boolean;
  /** Print the runtime's own frames too; default false. */
  internalFrames?: boolean;
}

/**
 * What a program did.
 *
 * Go: what `go run` leaves: stdout, stderr, exit status (plus gort's trace and deadlock report).
 */
export interface ProgramResult {
  /** Everything written to stdout (console.log and the runtime's fd 1). */
  stdout: string;
  /** Everything written to stderr (console.error, panics, fatal errors). */
  stderr: string;
  /** stdout and stderr interleaved in the order they were written. */
  output: string;
  /** 0 when main returned; 2 for a panic, fatal error or deadlock. */
  exitCode: number;
  /** Trace events, in order (empty unless `trace: true`). */
  trace: TraceEvent[];
  /** What the runtime reported through `problem` (at most one). */
  problems: Problem[];
  /** The goroutines left alive by a deadlock or by main returning (the runtime's `stuck`), or null. */
  stuck: StuckReport | null;
}

type ConsoleMethod = 'log' | 'info' | 'debug' | 'warn' | 'error';
const CONSOLE_FD: Record<ConsoleMethod, 1 | 2> = { log: 1, info: 1, debug: 1, warn: 2, error: 2 };

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` as the `main` of a fresh program and resolves once it has exited (returned, panicked
 * or deadlocked). A program that never exits never resolves, as `go run` would never return.
 *
 * Go: running a program with `go run` and collecting its output and exit status (`os/exec`'s `cmd.CombinedOutput()`).
 *
 * @example
 * ```ts
 * import { go } from 'gort';
 * import { runProgram } from 'gort/testing';
 *
 * const result = await runProgram(async () => {
 *   go(() => console.log('from a goroutine'));
 * }, { clock: 'virtual', seed: 1 });
 * console.log(result.exitCode, JSON.stringify(result.stdout));
 * ```
 */
export function runProgram(
  fn: () => Promise<void> | void,
  opts: RunProgramOptions = {},
): Promise<ProgramResult> {
  const run = queue.then(() => runOne(fn, opts));
  queue = run.catch(() => undefined);
  return run;
}

async function runOne(fn: () => Promise<void> | void, opts: RunProgramOptions): Promise<ProgramResult> {
  const result: ProgramResult = {
    stdout: '',
    stderr: '',
    output: '',
    exitCode: -1,
    trace: [],
    problems: [],
    stuck: null,
  };
  const write = (fd: 1 | 2, text: string): void => {
    if (fd === 1) result.stdout += text;
    else result.stderr += text;
    result.output += text;
  };
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const rt = new Runtime({
    clock: opts.clock ?? 'virtual',
    ...(opts.schedule === undefined ? { seed: opts.seed ?? 1 } : { schedule: opts.schedule }),
    write,
    exit: (code) => exited(code),
    trace: opts.trace === true ? (e) => result.trace.push(e) : undefined,
    mapLocation: opts.mapLocation,
    callSites: opts.callSites,
    traceSites: opts.traceSites,
    internalFrames: opts.internalFrames,
    problem: (p) => result.problems.push(p),
    stuck: (report) => (result.stuck = report),
  });
  const previous = swapRuntime(rt);
  const saved = new Map<ConsoleMethod, unknown>();
  for (const m of Object.keys(CONSOLE_FD) as ConsoleMethod[]) {
    saved.set(m, Reflect.get(console, m));
    console[m] = (...args: unknown[]) => {
      if (!rt.done) write(CONSOLE_FD[m], `${formatArgs(...args)}\n`);
    };
  }
  try {
    rt.startMain(fn);
    result.exitCode = await exit;
    return result;
  } finally {
    for (const [m, f] of saved) Reflect.set(console, m, f);
    rt.abandon();
    swapRuntime(previous);
  }
}
