/**
 * The context `t` a lab's check receives: run or start the learner's program, call its service,
 * and record named items.
 *
 * Invariants: every `expect`/`equal`/`match` records exactly one item, in call order, and returns
 * whether it passed (so a check may skip items that make no sense after a failure); `fetch` goes
 * to the service of the last `start()` unless given a full URL, over the lab's transport (real HTTP
 * under Node and the WebContainer, the mesh's memory transport in the worker); a run that ended
 * with an uncaught JS error, or did not end in time, adds a failed item saying so, because no item
 * a check author writes should have to anticipate it. Inside `t.explore`, items go to that
 * schedule's own list; only the first failing schedule's items (each carrying its token) or, when
 * all pass, the first schedule's, reach the report, followed by one item for the exploration.
 */
import type { CheckItem } from './report.ts';
import { CheckFailure, checkText, join, say, same, verbatim, type CheckText } from './text.ts';
import { deepEqual, describeValue } from './equal.ts';
import {
  splitLines,
  type CheckEnvironment,
  type ProgramRun,
  type RunningProgram,
  type TraceEvent,
} from './program.ts';
import { connectService, meshFetch, type CheckResponse, type FetchInit } from './service.ts';
import {
  exploreOptions,
  exploreSchedule,
  traceLinesOption,
  type ExploreOptions,
  type ExploreResult,
} from './explore.ts';

/**
 * A goroutine still alive when main returned (goleak's finding), from `t.leaks(run)`.
 *
 * Go: what `go.uber.org/goleak`'s `VerifyNone(t)` reports for one goroutine.
 */
export interface Leak {
  readonly id: number;
  /** Go's function name (`main.worker`). */
  readonly name: string;
  /** Go's wait reason (`chan send`, `sleep`, `runnable`, ...). */
  readonly reason: string;
  /** The learner's line it was stuck at (`main.ts:7`), or null when not known. */
  readonly at: string | null;
  /** One sentence in both languages, for an item's detail. */
  readonly text: CheckText;
}

/**
 * What `t.start` waits for: the service the learner's program must start listening under.
 *
 * Go: the service name of a program started with `go run` and reached over HTTP.
 */
export interface StartOptions {
  /** The service name the program listens under (as given to gomesh). */
  readonly service: string;
}

/**
 * A service of the learner's program, listening.
 *
 * Go: an `httptest.Server` (`URL`) backed by the learner's program.
 */
export interface StartedService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly program: RunningProgram;
}

/**
 * The options of `t.run`.
 *
 * Go: none (`go run` has no trace).
 */
export interface RunOptions {
  /** Give the run's trace events the learner's line (`at`); default false (see ExploreOptions). */
  readonly traceLines?: boolean;
}

/**
 * The `t` a check receives: runs the learner's program, calls its services and records the items
 * the learner sees. Go: shaped after `testing.T` (each assertion records one named item instead of
 * failing the test at once); names and details are `{ en, 'zh-cn' }` texts.
 *
 * @example
 * ```ts
 * import { defineCheck } from 'labcheck';
 *
 * export default defineCheck(async (t) => {
 *   const run = await t.run();
 *   t.exitsCleanly(run);
 *   t.equal({ en: 'prints ping', 'zh-cn': '打印 ping' }, t.lines(run), ['ping']);
 * });
 * ```
 */
export interface CheckContext {
  /** Runs the learner's program once, to its end, on the lab's clock. */
  run(options?: RunOptions): Promise<ProgramRun>;
  /**
   * Runs the learner's program (or `options.main`) under `options.schedules` schedules (default
   * 50), each an order Go's scheduler could run it in, and calls `assert(run)` after each; its
   * items are kept for the first schedule that fails one (each with the schedule's token, which
   * replays that run exactly), else for the first schedule. Adds one item saying how it went.
   */
  explore(
    assert: (run: ProgramRun) => void | Promise<void>,
    options?: ExploreOptions,
  ): Promise<ExploreResult>;
  /** Starts the program and resolves once the named service listens. */
  start(options: StartOptions): Promise<StartedService>;
  /** Calls the started service (`/path`) or a full URL over the lab's transport. */
  fetch(pathOrUrl: string, init?: FetchInit): Promise<CheckResponse>;
  /**
   * Records an item that passes when `condition` is truthy. Names and details are
   * `{ en, 'zh-cn' }` (CheckText): a text missing a language throws, failing the check.
   */
  expect(name: CheckText, condition: unknown, detail?: CheckText): boolean;
  /** Records an item that passes when `actual` structurally equals `expected`. */
  equal(name: CheckText, actual: unknown, expected: unknown, detail?: CheckText): boolean;
  /** Records an item that passes when `text` matches `pattern` (a substring or a RegExp). */
  match(name: CheckText, text: string, pattern: string | RegExp, detail?: CheckText): boolean;
  /** The lines of `text` (or of a run's stdout), without newlines. */
  lines(source: string | ProgramRun): readonly string[];
  /** A run's trace events of one type, in order (e.g. `t.events(run, 'chan.send')`). */
  events<K extends TraceEvent['type']>(run: ProgramRun, type: K): Extract<TraceEvent, { type: K }>[];
  /**
   * The goroutines a run started besides main, by Go-style function name (`main.worker`), in
   * start order; a name appears once per goroutine.
   */
  goroutines(run: ProgramRun): string[];
  /**
   * The goroutines still alive when the run's main returned (goleak's check: blocked, sleeping or
   * not yet finished), in creation order, each with its wait reason and learner line. Empty when
   * main returned alone, and for a run that did not end by main returning (a deadlock is no leak).
   */
  leaks(run: ProgramRun): readonly Leak[];
  /**
   * Records the item "the program exits with status 0" for `run`, with the first line the program
   * wrote to stderr (Go's panic or deadlock line) as its detail; returns whether it passed.
   */
  exitsCleanly(run: ProgramRun): boolean;
  /**
   * Records the item "no goroutine is left behind when main returns" for `run`, failing with each
   * leaked goroutine's sentence (`leaks`) as its detail; returns whether it passed.
   */
  noLeaks(run: ProgramRun): boolean;
  /**
   * The learner's file `file` (`main.ts`) as submitted, types included: what a check reads when
   * the point is the code's types (a run cannot see them; they are erased before it starts).
   */
  source(file: string): string;
}

/**
 * A check context and the items it recorded: what `createCheckContext` returns to the lab host.
 *
 * No Go counterpart (the `testing` package's internal record of a test).
 */
export interface CheckRecorder {
  /** The `t` handed to the check function. */
  readonly context: CheckContext;
  /** The items recorded so far. */
  readonly items: readonly CheckItem[];
  /** Records a failed item for something that went wrong outside an assertion. */
  fail(name: CheckText, detail: CheckText): void;
}

/**
 * Creates the context a check runs with, over `env` (how to run the learner's program and reach its
 * services); the lab host calls it, a check never does. No Go counterpart (the `go test` driver's
 * part).
 *
 * @example
 * ```ts
 * import { createCheckContext, type CheckEnvironment } from 'labcheck';
 *
 * declare const env: CheckEnvironment;
 * const recorder = createCheckContext(env);
 * recorder.fail({ en: 'setup failed', 'zh-cn': '准备失败' }, { en: 'no program', 'zh-cn': '没有程序' });
 * console.log(recorder.items.length); // 1
 * ```
 */
export function createCheckContext(env: CheckEnvironment): CheckRecorder {
  const items: CheckItem[] = [];
  /** Where items go: the report's list, or the list of the schedule `t.explore` runs now. */
  let sink = items;
  let service: StartedService | undefined;

  const record = (name: CheckText, pass: boolean, detail: CheckText | undefined) => {
    sink.push(pass || detail === undefined ? { name, pass } : { name, pass, detail });
    return pass;
  };
  /** An author's optional detail, checked like a name. */
  const authored = (detail: CheckText | undefined, what: string) =>
    detail === undefined ? undefined : checkText(detail, what);

  /** Adds the failed items every check needs for a run that went wrong on its own. */
  const noteRun = (run: ProgramRun) => {
    if (run.timedOut) {
      record(say('finishes', { seconds: env.timeoutMs / 1000 }), false, say('stillRunning'));
    } else if (run.error !== undefined) {
      record(say('noUncaught'), false, same(run.error));
    }
  };

  const context: CheckContext = {
    async run(options) {
      const run = await env.runProgram({ traceLines: traceLinesOption(options?.traceLines) });
      noteRun(run);
      return run;
    },

    async explore(assert, options) {
      if (sink !== items) throw new CheckFailure(say('exploreNested'));
      if (typeof assert !== 'function') {
        throw new TypeError(
          `Expected t.explore's first argument to be a function (run) => ..., got ${typeof assert}`,
        );
      }
      const { schedules, main, traceLines } = exploreOptions(options);
      let first: CheckItem[] = [];
      for (let i = 1; i <= schedules; i++) {
        const schedule = exploreSchedule(i);
        const seen: CheckItem[] = [];
        sink = seen;
        let threw = true;
        try {
          // The terminal shows the first schedule's output, as a plain run would; the rest is captured.
          const quiet = i > 1;
          const run = await env.runProgram({
            schedule,
            quiet,
            traceLines,
            ...(main === undefined ? {} : { main }),
          });
          noteRun(run);
          await assert(run);
          threw = false;
        } finally {
          sink = items;
          // An assert that throws ends the check: keep what this schedule saw, with its token.
          if (threw || seen.some((item) => !item.pass)) {
            items.push(...seen.map((item) => (item.pass ? item : { ...item, schedule })));
          }
        }
        if (seen.some((item) => !item.pass)) {
          items.push({
            name: say('exploreHolds', { n: schedules }),
            pass: false,
            detail: say('exploreBroke', { schedule, i, n: schedules }),
            schedule,
          });
          return { passed: false, tried: i, schedule };
        }
        if (i === 1) first = seen;
      }
      items.push(...first);
      record(say('exploreHolds', { n: schedules }), true, undefined);
      return { passed: true, tried: schedules };
    },

    async start(options) {
      const program = env.startProgram();
      const listening = await connectService(options.service, program, env.timeoutMs);
      if ('ended' in listening) {
        noteRun(listening.ended);
        throw new CheckFailure(
          listening.ended.timedOut
            ? say('noListen', { service: options.service, seconds: env.timeoutMs / 1000 })
            : say('endedBeforeListen', { service: options.service, code: listening.ended.exitCode }),
        );
      }
      service = { ...listening, program };
      return service;
    },

    async fetch(pathOrUrl, init) {
      let url = pathOrUrl;
      if (!/^[a-z]+:\/\//i.test(pathOrUrl)) {
        if (service === undefined) {
          throw new CheckFailure(say('needsService', { path: pathOrUrl }));
        }
        url = new URL(pathOrUrl, service.url).href;
      }
      return meshFetch(url, init);
    },

    expect(name, condition, detail) {
      const title = checkText(name, 't.expect’s name');
      return record(
        title,
        Boolean(condition),
        authored(detail, `t.expect’s detail for "${title.en}"`) ?? say('holds'),
      );
    },

    equal(name, actual, expected, detail) {
      const title = checkText(name, 't.equal’s name');
      const mine = authored(detail, `t.equal’s detail for "${title.en}"`);
      const seen = say('equal', { expected: describeValue(expected), actual: describeValue(actual) });
      return record(
        title,
        deepEqual(actual, expected),
        mine === undefined ? seen : join(mine, ' (', seen, ')'),
      );
    },

    match(name, text, pattern, detail) {
      const title = checkText(name, 't.match’s name');
      const mine = authored(detail, `t.match’s detail for "${title.en}"`);
      const pass = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      const seen =
        typeof pattern === 'string'
          ? say('contains', { text: describeValue(text), pattern: describeValue(pattern) })
          : say('matches', { text: describeValue(text), pattern: String(pattern) });
      return record(title, pass, mine === undefined ? seen : join(mine, ' (', seen, ')'));
    },

    lines(source) {
      // One rule for both: `t.lines(run.stdout)` equals `run.lines`.
      return typeof source === 'string' ? splitLines(source) : source.lines;
    },

    events(run, type) {
      return run.trace.filter(
        (event): event is Extract<TraceEvent, { type: typeof type }> => event.type === type,
      );
    },

    source(file) {
      const text = env.sources?.[file];
      if (typeof text !== 'string') throw new CheckFailure(say('noSource', { file }));
      return text;
    },

    leaks(run) {
      if (run.stuck?.kind !== 'leak') return [];
      return run.stuck.goroutines.map((g) => {
        const at = g.at === null ? null : `${g.at.file}:${g.at.line}`;
        const values = { id: g.id, name: g.name, reason: g.reason };
        return {
          id: g.id,
          name: g.name,
          reason: g.reason,
          at,
          text: at === null ? say('leak', values) : say('leakAt', { ...values, at }),
        };
      });
    },

    exitsCleanly(run) {
      return context.equal(
        say('exitsCleanly'),
        run.exitCode,
        0,
        verbatim(run.stderr.trim().split('\n')[0] ?? ''),
      );
    },

    noLeaks(run) {
      const leaks = context.leaks(run);
      const detail =
        leaks.length === 0
          ? say('holds')
          : {
              en: leaks.map((l) => l.text.en).join('; '),
              'zh-cn': leaks.map((l) => l.text['zh-cn']).join('；'),
            };
      return record(say('noLeaks'), leaks.length === 0, detail);
    },

    goroutines(run) {
      // Goroutine 1 is main itself; everything else was started with go().
      return context
        .events(run, 'go.start')
        .filter((event) => event.g !== 1)
        .map((event) => event.fn);
    },
  };

  return {
    context,
    items,
    fail(name, detail) {
      record(name, false, detail);
    },
  };
}
