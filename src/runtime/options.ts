/**
 * How a program talks to its host: the options `configure()` takes (ARCHITECTURE.md, "The program
 * entry"), and their validation.
 *
 * Invariant: a Runtime is only ever built from options that passed {@link validateOptions}, which
 * names the option and what it got (``Expected `clock` to be 'virtual' or 'real', got sundial``).
 */
import type { StuckReport } from './stuck.ts';
import { parseSchedule } from './explore.ts';
import type { TraceEvent } from './trace.ts';

/**
 * A place in the learner's source: a file as the lab names it, 1-based line and column.
 *
 * Go: a frame's `file:line` in a stack trace (`runtime.Frame`).
 */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * What ended a program, where in the learner's source (see `RuntimeOptions.problem`).
 *
 * Go: the `main.go:12` line `go run` prints under a panic or a deadlock.
 */
export interface Problem extends SourceLocation {
  readonly kind: 'panic' | 'deadlock';
}

/** How a program talks to its host. */
export interface RuntimeOptions {
  /** `'real'` (default) or `'virtual'`: time jumps to the next timer when every goroutine is parked. */
  clock?: 'virtual' | 'real' | undefined;
  /** Seed for select's random choices and `rand.float()`; default: a random seed. */
  seed?: number | undefined;
  /**
   * A schedule token (`rw-17`, explore.ts): explore this one of the orders Go's scheduler could
   * produce instead of gort's FIFO order. Its seed also seeds select and `rand.float()`, so it
   * takes the place of `seed` (giving both is an error). Default: none (FIFO).
   */
  schedule?: string | undefined;
  /** Where program output goes; default: process.stdout/stderr, else the console. */
  write?: ((fd: 1 | 2, text: string) => void) | undefined;
  /** How the program ends; default: `globalThis.process?.exit`. */
  exit?: ((code: number) => void) | undefined;
  /** Trace subscriber; default none (tracing then costs nothing). */
  trace?: ((e: TraceEvent) => void) | undefined;
  /**
   * Maps a location of a JavaScript stack to the learner's source, or null when the frame is not the
   * learner's (it is then left out). Default: frames of the runtime, of `node_modules` and of the
   * host (node internals, native code) are left out and the others printed as they are.
   */
  mapLocation?: ((url: string, line: number, column: number) => SourceLocation | null) | undefined;
  /**
   * Record where each goroutine parks and where it was started (one stack capture each), so the
   * deadlock dump and `created by` lines name the learner's line, as Go's do. Default false.
   */
  callSites?: boolean | undefined;
  /**
   * With `callSites`, whether trace events carry `at`, the learner's line: each channel and select
   * event costs one more stack capture, a `go.park` event a read of the park's. False keeps the
   * parks' and starts' sites for the dump and the stuck report and leaves `at` off every event (a
   * lab check's runs, unless the check asks for the lines). Default true.
   */
  traceSites?: boolean | undefined;
  /** Print the runtime's own frames too (for debugging gort). Default false. */
  internalFrames?: boolean | undefined;
  /**
   * Called at most once per program, before `exit`, with the first learner location of what ended
   * it: a panic's or fatal error's first learner frame; for a deadlock the line goroutine 1 is parked
   * at, else the first goroutine's that has one (needs `callSites`). Not called when none is known.
   */
  problem?: ((p: Problem) => void) | undefined;
  /**
   * Called at most once per program, before `problem` and `exit`, when it ends with goroutines still
   * alive: a deadlock, or main returning while others are blocked or runnable (a leak). The report
   * lists each one, its wait reason, its learner line (with `callSites`) and what it is blocked on
   * (stuck.ts). Default: none (then parks record nothing).
   */
  stuck?: ((report: StuckReport) => void) | undefined;
}

const FUNCTIONS = ['write', 'exit', 'trace', 'mapLocation', 'problem', 'stuck'] as const;
const BOOLEANS = ['callSites', 'traceSites', 'internalFrames'] as const;

/** Throws a TypeError naming the first option that is not what it must be. */
export function validateOptions(o: RuntimeOptions): void {
  if (typeof o !== 'object' || o === null) {
    throw new TypeError(`Expected the options to be an object, got ${o === null ? 'null' : typeof o}`);
  }
  if (o.clock !== undefined && o.clock !== 'virtual' && o.clock !== 'real') {
    throw new TypeError(`Expected \`clock\` to be 'virtual' or 'real', got ${String(o.clock)}`);
  }
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed))) {
    throw new TypeError(`Expected \`seed\` to be a finite number, got ${String(o.seed)}`);
  }
  if (o.schedule !== undefined) {
    if (typeof o.schedule !== 'string' || parseSchedule(o.schedule) === null) {
      throw new TypeError(
        `Expected \`schedule\` to be a schedule token such as 'rw-17', got ${typeof o.schedule === 'string' ? JSON.stringify(o.schedule) : typeof o.schedule}`,
      );
    }
    if (o.seed !== undefined) {
      throw new TypeError('Expected `seed` or `schedule`, got both (a schedule carries its own seed)');
    }
  }
  for (const k of FUNCTIONS) {
    if (o[k] !== undefined && typeof o[k] !== 'function') {
      throw new TypeError(`Expected \`${k}\` to be a function, got ${typeof o[k]}`);
    }
  }
  for (const k of BOOLEANS) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') {
      throw new TypeError(`Expected \`${k}\` to be a boolean, got ${typeof o[k]}`);
    }
  }
}
