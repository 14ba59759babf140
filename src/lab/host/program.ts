/**
 * Running the learner's program inside the host during a check: the CheckEnvironment that
 * labcheck's `t.run()` / `t.start()` use.
 *
 * Each run configures the runtime afresh (clock, seed, a trace whose events carry the learner's
 * line only when the check asks: `traceLines`) with `exit` captured, so the program returning from
 * `main` or exiting ends the run, not the host; output is captured while teeing to the terminal.
 * The first run imports the entry itself; later runs import it with a query string, which makes
 * the module loader evaluate the entry again (modules it imports stay shared). A run under a
 * schedule (`t.explore`) passes its token instead of the lab's seed; a run of a part of the program
 * (`main`) starts that function as goroutine 1 instead of importing the entry.
 * Invariants: a run settles exactly once — when the program exits, when it throws an uncaught
 * error (exitCode 1, `error` set), or at the check's deadline (timedOut); after settling, nothing
 * the abandoned program still does changes that run's result.
 */
import { configure, main as goMain, type StuckReport, type TraceEvent } from 'gort';
import {
  splitLines,
  type CheckEnvironment,
  type ProgramRun,
  type RunProgramOptions,
  type RunningProgram,
} from 'labcheck';
import type { HostArgs } from './args.ts';
import type { LearnerContext } from './learner.ts';
import { capture, runtimeWrite, writeErr, writeProblem, type Capture } from './stdio.ts';

/** Time kept back from the lab's limit so the host can still print the report before the runner's kill. */
export function checkBudget(timeoutMs: number): number {
  return Math.max(Math.floor(timeoutMs * 0.8), timeoutMs - 1500);
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export interface ProgramEnvironment extends CheckEnvironment {
  /** Ends the current run with an uncaught error (wired to the process's error events). */
  failCurrent(error: unknown): boolean;
  /** Ends the current run with `code` (the program called process.exit itself). */
  exitCurrent(code: number): boolean;
}

/**
 * `importEntry(specifier)` imports a module relative to the host (a dynamic `import()`); `learner`
 * reports an error the program did not catch and adds the runtime options for the learner's
 * locations (learner.ts).
 */
export function createProgramEnvironment(
  args: HostArgs,
  importEntry: (specifier: string) => Promise<unknown>,
  learner: Pick<LearnerContext, 'describe' | 'runtime'>,
  now: () => number = () => Date.now(),
  startedAgoMs: number = performance.now(),
): ProgramEnvironment {
  const budget = checkBudget(args.timeoutMs);
  // Counted from the process's (or the sandbox worker's) start, its time origin, as the runner counts
  // its time limit: on a busy machine starting Node took more than the part of the limit kept back,
  // and the runner's kill came before the report.
  const deadline = now() - startedAgoMs + budget;
  let runs = 0;
  let fail: ((error: unknown) => void) | undefined;
  let exit: ((code: number) => void) | undefined;

  const start = (options: RunProgramOptions = {}): RunningProgram => {
    const n = ++runs;
    const { schedule, main } = options;
    const sink: Capture = { stdout: '', stderr: '', output: '' };
    const trace: TraceEvent[] = [];
    let stuck: StuckReport | undefined;
    let settled: ProgramRun | undefined;
    let resolveDone!: (run: ProgramRun) => void;
    const done = new Promise<ProgramRun>((resolve) => (resolveDone = resolve));

    const snapshot = (): ProgramRun =>
      settled ?? {
        ...sink,
        trace: [...trace],
        lines: splitLines(sink.stdout),
        exitCode: -1,
        timedOut: false,
        ...(stuck === undefined ? {} : { stuck }),
        ...(schedule === undefined ? {} : { schedule }),
      };
    const stopCapture = capture(sink, options.quiet !== true);
    const settle = (exitCode: number, extra: { timedOut?: boolean; error?: string } = {}) => {
      if (settled !== undefined) return;
      stopCapture();
      clearTimeout(timer);
      settled = {
        ...snapshot(),
        exitCode,
        timedOut: extra.timedOut ?? false,
        ...(extra.error === undefined ? {} : { error: extra.error }),
      };
      if (fail === failThis) fail = undefined;
      if (exit === exitThis) exit = undefined;
      resolveDone(settled);
    };
    let failing = false;
    const failThis = (error: unknown) => {
      if (settled !== undefined || failing) return;
      failing = true;
      void learner.describe(error).then((report) => {
        if (settled !== undefined) return;
        sink.stderr += report.text;
        sink.output += report.text;
        writeErr(report.text);
        if (report.problem !== undefined) writeProblem(report.problem);
        settle(1, { error: errorMessage(error) });
      });
    };
    const exitThis = (code: number) => settle(code);
    fail = failThis;
    exit = exitThis;
    const timer = setTimeout(() => settle(-1, { timedOut: true }), Math.max(0, deadline - now()));

    configure({
      clock: args.clock,
      ...(schedule === undefined ? { seed: args.seed } : { schedule }),
      write: runtimeWrite,
      exit: exitThis,
      trace: (event: TraceEvent) => {
        if (settled === undefined) trace.push(event);
      },
      ...learner.runtime,
      // No stack capture per channel operation unless the check asks for the lines (traceLines);
      // the parks' sites stay either way, for the stuck report and the dump.
      traceSites: options.traceLines === true,
      // A check's runs keep their stuck report for t.leaks() instead of printing it.
      stuck: (report: StuckReport) => {
        if (settled === undefined) stuck = report;
      },
    });
    if (main !== undefined) {
      try {
        goMain(async () => {
          await main();
        });
      } catch (error) {
        failThis(error);
      }
      return { snapshot, done };
    }
    const specifier = n === 1 ? `./${args.entry}` : `./${args.entry}?run=${n}`;
    importEntry(specifier).catch(failThis);
    return { snapshot, done };
  };

  return {
    timeoutMs: budget,
    startProgram: start,
    runProgram: (options) => start(options).done,
    failCurrent(error) {
      if (fail === undefined) return false;
      fail(error);
      return true;
    },
    exitCurrent(code) {
      if (exit === undefined) return false;
      exit(code);
      return true;
    },
  };
}
