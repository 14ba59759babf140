/**
 * The one run lifecycle every runner shares: settle once, stop, abort, time limit, output cap. A
 * runner supplies only what is its own — how to start the program and how to end it — and reports
 * what the program does through a RunControl.
 *
 * Invariants:
 * - `done` settles exactly once and never rejects; after the run is decided nothing more reaches
 *   `onOutput` and `control.signal` is aborted (the runner ends the program on that signal).
 * - The first decision wins: stop()/abort (reason 'stopped'), the time limit ('timeout'), the output
 *   cap ('output-limit', with the cap), the program's own exit, or the runner's failure to run it
 *   ('unavailable', with the code). Ended from outside means exit status 130.
 * - The time limit counts from `control.startClock()` (the program's start), never from the
 *   runner's own start-up; the default is DEFAULT_TIMEOUT_MS, for every runner.
 * - With `awaitStart`, `done` waits for the runner's start function to finish as well (the Node
 *   runner removes its temporary folder there), so nothing of the run outlives `done`.
 */
import {
  DEFAULT_TIMEOUT_MS,
  RunnerUnavailableError,
  STOPPED_EXIT_CODE,
  createOutputCap,
  type RunHandle,
  type RunOptions,
  type RunResult,
} from '../runner.ts';

/** Timers, injectable so tests drive time limits without waiting. */
export interface TimerLike {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimer: TimerLike = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What a runner reports about the program it started. */
export interface RunControl {
  /** Aborted once the run is decided, for whatever reason (the program's own exit included). */
  readonly signal: AbortSignal;
  /**
   * Registers how to end the program when the run is ended from outside (stop, time limit, output
   * cap); called once, at once if that has happened already.
   */
  onStop(kill: () => void): void;
  /** Program output, passed on under the cap (dropped once the run is decided). */
  output(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** The output reached a cap the runner keeps itself (the sandbox's worker). */
  capped(): void;
  /** The program has started: the time limit counts from now. */
  startClock(): void;
  /** The program ended by itself with `code`. */
  exited(code: number): void;
  /** The runner could not run the program. Anything but a RunnerUnavailableError is `cause` of a `failure`. */
  failed(error: unknown): void;
}

export interface SuperviseOptions {
  /** The output cap (stdout + stderr). */
  readonly outputLimit: number;
  /** The code a failure that is not a RunnerUnavailableError is reported with. */
  readonly failure: RunnerUnavailableError['code'];
  readonly timer?: TimerLike;
  /** Settle `done` only once `start` has finished too (its cleanup). */
  readonly awaitStart?: boolean;
}

/**
 * Runs `start(control)` under the lifecycle above and returns the run's handle. `start` may
 * return a promise; a rejection counts as `control.failed(error)`.
 */
export function superviseRun(
  options: RunOptions,
  supervise: SuperviseOptions,
  start: (control: RunControl) => void | Promise<void>,
): RunHandle {
  const timer = supervise.timer ?? realTimer;
  const ended = new AbortController();
  let decided: RunResult | undefined;
  const kills: Array<() => void> = [];
  let clock: unknown;
  let started: Promise<void> = Promise.resolve();
  let resolveDone!: (result: RunResult) => void;
  const done = new Promise<RunResult>((resolve) => (resolveDone = resolve));

  const decide = (result: RunResult) => {
    if (decided !== undefined) return;
    decided = result;
    if (clock !== undefined) timer.clearTimeout(clock);
    options.signal?.removeEventListener('abort', onAbort);
    ended.abort();
    if (result.stopped) for (const kill of kills.splice(0)) kill();
    // `started` is read a microtask later: a decision made inside start() comes before it is set.
    if (supervise.awaitStart === true)
      void Promise.resolve().then(() => started.then(() => resolveDone(result)));
    else resolveDone(result);
  };
  const stop = (reason: 'stopped' | 'timeout') =>
    decide({ exitCode: STOPPED_EXIT_CODE, stopped: true, reason });
  const onAbort = () => stop('stopped');
  const cap = createOutputCap(supervise.outputLimit, options.onOutput, () =>
    decide({
      exitCode: STOPPED_EXIT_CODE,
      stopped: true,
      reason: 'output-limit',
      outputLimit: supervise.outputLimit,
    }),
  );
  const failed = (error: unknown) => {
    const code = error instanceof RunnerUnavailableError ? error.code : supervise.failure;
    decide({ exitCode: 1, stopped: false, reason: 'unavailable', unavailable: code });
  };

  const control: RunControl = {
    signal: ended.signal,
    onStop(kill) {
      if (decided === undefined) kills.push(kill);
      else if (decided.stopped) kill();
    },
    output(chunk, stream) {
      if (decided === undefined) cap.write(chunk, stream);
    },
    capped: () => cap.reach(),
    startClock() {
      if (decided !== undefined || clock !== undefined) return;
      clock = timer.setTimeout(() => stop('timeout'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    },
    exited: (code) => decide({ exitCode: code, stopped: false }),
    failed,
  };

  if (options.signal?.aborted === true) onAbort();
  else {
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      started = Promise.resolve(start(control)).catch(failed);
    } catch (error) {
      failed(error);
    }
  }
  return { done, stop: () => stop('stopped') };
}
