/**
 * `labcheck`: the API a lab's hidden check (check.ts) is written against, and the entry points the
 * lab host uses to run it.
 *
 * ```ts
 * import { defineCheck } from 'labcheck';
 * export default defineCheck(async (t) => {
 *   const run = await t.run();
 *   t.equal({ en: 'exit status', 'zh-cn': '退出状态' }, run.exitCode, 0);
 * });
 * ```
 *
 * Built into public/_lab/pkgs/node_modules/labcheck/ with `gort` and `gomesh` external, so a check
 * shares the one runtime and mesh instance with the learner's program.
 *
 * @module labcheck
 */
export {
  defineCheck,
  isCheck,
  runCheck,
  unloadableCheckReport,
  type Check,
  type CheckFunction,
} from './check.ts';
export {
  createCheckContext,
  type CheckContext,
  type CheckRecorder,
  type Leak,
  type RunOptions,
  type StartOptions,
  type StartedService,
} from './context.ts';
export {
  splitLines,
  type CheckEnvironment,
  type ProgramRun,
  type RunningProgram,
  type StuckReport,
  type TraceEvent,
} from './program.ts';
export { durationMs } from './duration.ts';
// Scraping a service's /metrics (the Prometheus text format).
export {
  histogramProblems,
  histogramSeries,
  parseExposition,
  parseFloatValue,
  seriesText,
  type Exposition,
  type ExpositionProblem,
  type HistogramSeries,
  type MetricFamily,
  type MetricType,
  type Sample,
} from './exposition.ts';
export { formatReport, toReport, type CheckItem, type CheckReport } from './report.ts';
export type { CheckResponse, FetchInit } from './service.ts';
export { deepEqual, describeValue } from './equal.ts';
export { CheckFailure, CheckTextError, checkText, verbatim, type CheckText } from './text.ts';
// Schedule exploration (t.explore).
export {
  DEFAULT_SCHEDULES,
  MAX_SCHEDULES,
  exploreSchedule,
  type ExploreOptions,
  type ExploreResult,
} from './explore.ts';
export type { RunProgramOptions } from './program.ts';
