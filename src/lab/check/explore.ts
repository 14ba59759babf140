/**
 * `t.explore`'s options and schedules: which schedule tokens a check tries, in which order.
 *
 * Invariant: the schedules are the same on every machine and every run (`rw-1`, `rw-2`, ... up to
 * the count), so a check that explores is as deterministic as one that does not, and the token it
 * reports replays the failing run exactly (gort's `schedule` option, explore.ts in the runtime).
 */
import { scheduleToken } from 'gort';

/**
 * Schedules `t.explore` tries when not told: enough that the classic races of the lessons (a lost
 * update across an await, check-then-act, WaitGroup.add inside the goroutine) each fail on one of
 * them (tests/lab/labcheck-explore.test.ts), few enough that a lab's program runs them all well
 * within its time limit.
 *
 * No Go counterpart (Go cannot replay schedules; `go test -race -count=50` comes closest).
 */
export const DEFAULT_SCHEDULES = 50;
/**
 * The most schedules one `t.explore` may ask for.
 *
 * No Go counterpart (see `DEFAULT_SCHEDULES`).
 */
export const MAX_SCHEDULES = 1000;

/**
 * The options of `t.explore`: how many schedules to try, and which part of the program to run.
 *
 * Go: `go test -race -count=N` (N runs in varied schedules), reproducible here.
 */
export interface ExploreOptions {
  /** How many schedules to try; default {@link DEFAULT_SCHEDULES}, at most {@link MAX_SCHEDULES}. */
  readonly schedules?: number;
  /**
   * A part of the program to explore instead of the whole: run as `main` under each schedule
   * (e.g. a function the check imported from the learner's module). Default: the learner's entry.
   */
  readonly main?: () => unknown;
  /**
   * Give each run's trace events the learner's line (`at`, e.g. where a `chan.make` made its
   * channel), as the Timeline has them. Default false: a check's runs skip the stack capture per
   * channel operation that costs (every lab's check in labs.test.ts: 60 s with it, 44 s without).
   */
  readonly traceLines?: boolean;
}

/**
 * What `t.explore` found.
 *
 * No Go counterpart (see `ExploreOptions`).
 */
export interface ExploreResult {
  /** Every schedule tried passed every item. */
  readonly passed: boolean;
  /** Schedules run (up to and including the failing one). */
  readonly tried: number;
  /** The first schedule that broke an item, when one did. */
  readonly schedule?: string;
}

/** The checked options (TypeError naming the option otherwise: a check author's mistake). */
export function exploreOptions(o: ExploreOptions | undefined): {
  schedules: number;
  main: (() => unknown) | undefined;
  traceLines: boolean;
} {
  if (o === undefined) return { schedules: DEFAULT_SCHEDULES, main: undefined, traceLines: false };
  if (typeof o !== 'object' || o === null) {
    throw new TypeError(
      `Expected t.explore's options to be an object, got ${o === null ? 'null' : typeof o}`,
    );
  }
  const { schedules = DEFAULT_SCHEDULES, main, traceLines = false } = o;
  if (!Number.isInteger(schedules) || schedules < 1 || schedules > MAX_SCHEDULES) {
    throw new TypeError(
      `Expected \`schedules\` to be a whole number from 1 to ${MAX_SCHEDULES}, got ${String(schedules)}`,
    );
  }
  if (main !== undefined && typeof main !== 'function') {
    throw new TypeError(`Expected \`main\` to be a function, got ${typeof main}`);
  }
  return { schedules, main, traceLines: traceLinesOption(traceLines) };
}

/** `traceLines` as `t.run` and `t.explore` take it: a boolean, else a TypeError naming it. */
export function traceLinesOption(value: unknown = false): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`Expected \`traceLines\` to be a boolean, got ${typeof value}`);
  }
  return value;
}

/**
 * The `i`-th schedule (1-based) `t.explore` tries.
 *
 * No Go counterpart (see `DEFAULT_SCHEDULES`).
 *
 * @example
 * ```ts
 * import { exploreSchedule } from 'labcheck';
 *
 * console.log(exploreSchedule(1)); // the first schedule token t.explore tries
 * ```
 */
export function exploreSchedule(i: number): string {
  return scheduleToken({ mode: 'rw', seed: i });
}
