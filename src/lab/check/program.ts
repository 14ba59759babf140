/**
 * What a check sees of one run of the learner's program, and the environment the lab host gives a
 * check to start runs with.
 *
 * Invariants: `output` is stdout and stderr interleaved in the order they were written; `lines` are
 * stdout's lines without their newlines (a final unterminated line counts, a final empty one does
 * not); a run that had not ended when the time limit passed has `timedOut` set and exitCode -1.
 */
import type { StuckReport, TraceEvent } from 'gort';

export type { StuckReport, TraceEvent };

/**
 * One finished run of the learner's program: its output, exit status and trace. Go: what `go run`
 * leaves behind (stdout, stderr, exit status 0, 1 or 2).
 */
export interface ProgramRun {
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as written. */
  readonly output: string;
  /** 0 ok, 2 panic or deadlock, 1 uncaught JS error, -1 still running at the time limit. */
  readonly exitCode: number;
  /** Runtime trace events, in order (goroutine starts and ends, channel operations, ...). */
  readonly trace: readonly TraceEvent[];
  /** stdout split into lines. */
  readonly lines: readonly string[];
  /** The run had not ended within the lab's time limit. */
  readonly timedOut: boolean;
  /** The uncaught JS error that ended the run, if one did. */
  readonly error?: string;
  /**
   * The goroutines a deadlock or main's return left alive and what each waited on (the runtime's
   * stuck report); absent when none were. `t.leaks(run)` reads it.
   */
  readonly stuck?: StuckReport;
  /** The schedule token the run explored (`rw-17`), when it ran under one (see `t.explore`). */
  readonly schedule?: string;
}

/**
 * How to run the program: which schedule, and optionally only a part of it.
 *
 * Go: how `go run` is invoked (a schedule replaces the race detector's random scheduling).
 */
export interface RunProgramOptions {
  /** Run under this schedule token instead of the lab's seed and FIFO order (gort's `schedule`). */
  readonly schedule?: string;
  /** Run this function as the program's `main` instead of importing the learner's entry. */
  readonly main?: () => unknown;
  /** Capture the output without showing it in the terminal (t.explore's runs after the first). */
  readonly quiet?: boolean;
  /** Give the trace events the learner's line (`at`); default false (see ExploreOptions). */
  readonly traceLines?: boolean;
}

/**
 * A program started by `t.start()`, still running.
 *
 * Go: an `exec.Cmd` started with `cmd.Start()`.
 */
export interface RunningProgram {
  /** What it has written and traced so far. */
  snapshot(): ProgramRun;
  /** Settles when the program ends (or at the time limit). */
  readonly done: Promise<ProgramRun>;
}

/**
 * What the lab host provides so that a check can run the learner's program.
 *
 * No Go counterpart (the `go test` driver's part).
 */
export interface CheckEnvironment {
  /** Runs the program once to its end, on the lab's clock and seed (or the given schedule). */
  runProgram(options?: RunProgramOptions): Promise<ProgramRun>;
  /** Starts the program and returns at once. */
  startProgram(options?: RunProgramOptions): RunningProgram;
  /** The wall-clock budget for waiting on the program (a service to listen, a run to end). */
  readonly timeoutMs: number;
  /** The learner's TypeScript files as submitted, by path (`main.ts`); absent where none were given. */
  readonly sources?: Readonly<Record<string, string>>;
}

/**
 * Splits stdout into lines as described above.
 *
 * Go: `strings.Split(strings.TrimSuffix(out, "\n"), "\n")`.
 *
 * @example
 * ```ts
 * import { splitLines } from 'labcheck';
 *
 * console.log(splitLines('a\nb\n')); // [ 'a', 'b' ]
 * ```
 */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}
