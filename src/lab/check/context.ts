/**
 * The context `t` a lab's check receives: run or start the learner's program, call its service,
 * and record named items.
 *
 * Invariants: every `expect`/`equal`/`match` records exactly one item, in call order, and returns
 * whether it passed (so a check may skip items that make no sense after a failure); `fetch` goes
 * to the service of the last `start()` unless given a full URL, over the lab's transport (real HTTP
 * under Node and the WebContainer, the mesh's memory transport in the worker); a run that ended
 * with an uncaught JS error, or did not end in time, adds a failed item saying so, because no item
 * a check author writes should have to anticipate it.
 */
import type { CheckItem } from './report.ts';
import { deepEqual, describeValue } from './equal.ts';
import {
  splitLines,
  type CheckEnvironment,
  type ProgramRun,
  type RunningProgram,
  type TraceEvent,
} from './program.ts';
import { connectService, meshFetch, type CheckResponse, type FetchInit } from './service.ts';

export interface StartOptions {
  /** The service name the program listens under (as given to gomesh). */
  readonly service: string;
}

/** A service of the learner's program, listening. */
export interface StartedService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly program: RunningProgram;
}

export interface CheckContext {
  /** Runs the learner's program once, to its end, on the lab's clock. */
  run(): Promise<ProgramRun>;
  /** Starts the program and resolves once the named service listens. */
  start(options: StartOptions): Promise<StartedService>;
  /** Calls the started service (`/path`) or a full URL over the lab's transport. */
  fetch(pathOrUrl: string, init?: FetchInit): Promise<CheckResponse>;
  /** Records an item that passes when `condition` is truthy. */
  expect(name: string, condition: unknown, detail?: string): boolean;
  /** Records an item that passes when `actual` structurally equals `expected`. */
  equal(name: string, actual: unknown, expected: unknown, detail?: string): boolean;
  /** Records an item that passes when `text` matches `pattern` (a substring or a RegExp). */
  match(name: string, text: string, pattern: string | RegExp, detail?: string): boolean;
  /** The lines of `text` (or of a run's stdout), without newlines. */
  lines(source: string | ProgramRun): readonly string[];
  /** A run's trace events of one type, in order (e.g. `t.events(run, 'chan.send')`). */
  events<K extends TraceEvent['type']>(run: ProgramRun, type: K): Extract<TraceEvent, { type: K }>[];
  /**
   * The goroutines a run started besides main, by Go-style function name (`main.worker`), in
   * start order; a name appears once per goroutine.
   */
  goroutines(run: ProgramRun): string[];
}

export interface CheckRecorder {
  readonly context: CheckContext;
  /** The items recorded so far. */
  readonly items: readonly CheckItem[];
  /** Records a failed item for something that went wrong outside an assertion. */
  fail(name: string, detail: string): void;
}

export function createCheckContext(env: CheckEnvironment): CheckRecorder {
  const items: CheckItem[] = [];
  let service: StartedService | undefined;

  const record = (name: string, pass: boolean, detail: string | undefined) => {
    items.push(pass || detail === undefined ? { name, pass } : { name, pass, detail });
    return pass;
  };

  /** Adds the failed items every check needs for a run that went wrong on its own. */
  const noteRun = (run: ProgramRun) => {
    if (run.timedOut) {
      record(
        `the program finishes within ${env.timeoutMs / 1000}s`,
        false,
        'it was still running at the time limit (an infinite loop, or a goroutine that never ends?)',
      );
    } else if (run.error !== undefined) {
      record('the program runs without an uncaught error', false, run.error);
    }
  };

  const context: CheckContext = {
    async run() {
      const run = await env.runProgram();
      noteRun(run);
      return run;
    },

    async start(options) {
      const program = env.startProgram();
      const listening = await connectService(options.service, program, env.timeoutMs);
      if ('ended' in listening) {
        noteRun(listening.ended);
        throw new Error(
          listening.ended.timedOut
            ? `service "${options.service}" did not start listening within ${env.timeoutMs / 1000}s`
            : `the program ended (exit status ${listening.ended.exitCode}) before service "${options.service}" listened`,
        );
      }
      service = { ...listening, program };
      return service;
    },

    async fetch(pathOrUrl, init) {
      let url = pathOrUrl;
      if (!/^[a-z]+:\/\//i.test(pathOrUrl)) {
        if (service === undefined) {
          throw new Error(`t.fetch("${pathOrUrl}") needs a service: call t.start({ service }) first`);
        }
        url = new URL(pathOrUrl, service.url).href;
      }
      return meshFetch(url, init);
    },

    expect(name, condition, detail) {
      return record(name, Boolean(condition), detail ?? 'expected it to hold, but it did not');
    },

    equal(name, actual, expected, detail) {
      const seen = `expected ${describeValue(expected)}, got ${describeValue(actual)}`;
      return record(name, deepEqual(actual, expected), detail === undefined ? seen : `${detail} (${seen})`);
    },

    match(name, text, pattern, detail) {
      const pass = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      const seen = `expected ${describeValue(text)} to ${typeof pattern === 'string' ? `contain ${describeValue(pattern)}` : `match ${String(pattern)}`}`;
      return record(name, pass, detail === undefined ? seen : `${detail} (${seen})`);
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
