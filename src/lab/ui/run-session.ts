/**
 * One run or check of a lab's program, from pressing Run to its outcome: waits for the runner,
 * mounts, runs, splits the host's output into text and protocol messages, and records what ended it.
 *
 * Invariants:
 * - A session writes to the state and the terminal only while it is the store's current one
 *   (`isCurrent`): a superseded run's output, services, report and failed line are dropped.
 * - The runner's output cap is the only cap (the runner stops the program and reports
 *   `output-limit`); the session words nothing, it records codes and numbers.
 * - The failed line comes from the host's `problem` message (the learner's file, line and column)
 *   or, before a run starts, from a syntax error; the first one of a run wins.
 * - `preview` is set only by a WebContainer Run's `server-ready` (a real URL this page can frame),
 *   never by the sandbox's in-memory listeners (those have the request panel instead). It holds the
 *   run's first server, stays closed once the learner closes it, and is cleared when the run ends.
 * - `gcl:run-start` and `gcl:first-output` performance marks bracket each run for measurements.
 * - A plain run's `trace` message (the Timeline's data) is kept with the files that ran; a new run
 *   clears it. A service lab's `traffic` batches (the Traffic view's data) are added to the state as
 *   they arrive, in run and check mode, so the view is live; a new run clears them too.
 * - A replay (`schedule`) is a plain run of the learner's code under that schedule token, and says
 *   so first in the terminal.
 */
import type { LabMode } from '../mount.ts';
import type { TrafficEvent } from 'gomesh';
import {
  createOutputDemux,
  trafficEventOf,
  type StuckMessage,
  type TraceMessage,
  type TrafficMessage,
} from '../protocol.ts';
import { DEFAULT_OUTPUT_LIMIT, type CheckReport, type RunHandle, type RunOptions } from '../runner.ts';
import type { StoreLab } from '../schema.ts';
import { LabSyntaxError } from '../transpile.ts';
import type { LabEngine, PreparedRun, RunExtras } from './lab-engine.ts';
import type {
  CodeProblem,
  FailedLine,
  Outcome,
  StateCell,
  StatePatch,
  SyntaxProblem,
  TerminalEvent,
} from './lab-state.ts';
import { sameFiles } from './edits.ts';
import type { Files } from './persistence.ts';
import type { RunnerSelection } from './runner-selection.ts';

/** Where a LabSyntaxError (what `prepare` rejects with) points, or null for any other error. */
export function syntaxProblemOf(error: unknown): SyntaxProblem | null {
  if (!(error instanceof LabSyntaxError)) return null;
  return { file: error.file, line: error.line, column: error.column, message: error.reason };
}

/** The output cap the runners apply, in KB, as the learner is told it. */
export const OUTPUT_LIMIT_KB = Math.round(DEFAULT_OUTPUT_LIMIT / 1024);

export interface SessionDeps {
  readonly lab: StoreLab;
  readonly engine: LabEngine;
  readonly runners: RunnerSelection;
  readonly state: StateCell;
  readonly emit: (event: TerminalEvent) => void;
  readonly mark: (name: string) => void;
  /** Whether `session` is still the store's current one. */
  readonly isCurrent: (session: RunSession) => boolean;
  /** A check's report, before `patch` (the run's end) is applied: the store keeps progress. */
  readonly onReport: (report: CheckReport, patch: StatePatch) => void;
}

export class RunSession {
  readonly mode: LabMode;
  readonly #deps: SessionDeps;
  readonly #extras: RunExtras;
  readonly #controller = new AbortController();
  #handle: RunHandle | undefined;

  constructor(deps: SessionDeps, mode: LabMode, extras: RunExtras = {}) {
    this.#deps = deps;
    this.mode = mode;
    this.#extras = extras;
  }

  /** Ends the program (within a second, whatever it is doing); a waiting run is dropped. */
  stop(): void {
    this.#controller.abort();
    this.#handle?.stop();
  }

  /** Runs to the end; `problems` (the editor's errors in the code) are announced after the clear. */
  async run(problems: readonly CodeProblem[] = []): Promise<void> {
    const { state, emit, engine } = this.#deps;
    const current = () => this.#deps.isCurrent(this);
    const mode = this.mode;
    this.#deps.mark('gcl:run-start');
    const filesAtStart = state.get().files;
    emit({ kind: 'clear' });
    const { schedule, untilServing } = this.#extras;
    if (schedule !== undefined) emit({ kind: 'note', note: { kind: 'replay', schedule } });
    if (untilServing === true) emit({ kind: 'note', note: { kind: 'export' } });
    const [first] = problems;
    if (first) emit({ kind: 'note', note: { kind: 'code-problems', count: problems.length, first } });
    state.set({
      phase: 'preparing',
      mode,
      outcome: null,
      failedLine: null,
      services: [],
      preview: null,
      stuck: null,
      trace: null,
      traffic: null,
      meshConfig: [],
      ...(mode === 'check' ? { report: null, reportCurrent: false } : {}),
    });

    try {
      // The runner is chosen once (later runs reuse it), usually before the first Run.
      const chosen = await this.#deps.runners.runnerFor(current);
      if (!chosen) return;
      const prepared = await engine.prepare(filesAtStart, mode, chosen.runner.kind, this.#extras);
      if (!current()) return;
      const runner = chosen.runner;
      this.#handle = this.#start((options) => runner.run(options), prepared, runner.kind === 'webcontainer');
    } catch (error) {
      if (!current()) return;
      const problem = syntaxProblemOf(error);
      if (problem) {
        emit({ kind: 'note', note: { kind: 'syntax', problem } });
        state.set({
          phase: 'idle',
          outcome: { kind: 'syntax', problem },
          failedLine: { kind: 'syntax', ...problem },
        });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        emit({ kind: 'note', note: { kind: 'failed', message } });
        state.set({ phase: 'idle', outcome: { kind: 'failed', message } });
      }
      return;
    }
    await this.#finish(filesAtStart);
  }

  /** Filled while the program runs; an object because TypeScript does not track callback writes. */
  readonly #seen: {
    report: CheckReport | null;
    failedLine: FailedLine | null;
    stuck: StuckMessage['report'] | null;
    trace: TraceMessage | null;
  } = {
    report: null,
    failedLine: null,
    stuck: null,
    trace: null,
  };

  #start(run: (options: RunOptions) => RunHandle, prepared: PreparedRun, webcontainer: boolean): RunHandle {
    const { state, emit, lab } = this.#deps;
    const current = () => this.#deps.isCurrent(this);
    state.set({ phase: this.mode === 'check' ? 'checking' : 'running' });
    let sawOutput = false;
    const write = (text: string, stream: 'stdout' | 'stderr') => {
      if (!current() || text === '') return;
      if (!sawOutput) {
        sawOutput = true;
        this.#deps.mark('gcl:first-output');
      }
      emit({ kind: 'text', text, stream });
    };
    const demux = createOutputDemux(
      (text) => write(text, 'stdout'),
      (message) => {
        if (!current()) return;
        if (message.type === 'listen') state.set({ services: [...state.get().services, message] });
        else if (message.type === 'check') this.#seen.report = message.report;
        else if (message.type === 'stuck') this.#seen.stuck = message.report;
        else if (message.type === 'trace') this.#seen.trace = message;
        else if (message.type === 'traffic') this.#addTraffic(message);
        else if (message.type === 'mesh-config')
          state.set({ meshConfig: [...state.get().meshConfig, message.record] });
        else if (message.type === 'problem' && this.#seen.failedLine === null) {
          const { kind, file, line, column } = message;
          this.#seen.failedLine = { kind, file, line, column };
        }
      },
    );
    this.#flush = () => demux.flush();

    // Only the WebContainer serves a port at a URL this page can load; the sandbox's listeners live
    // in memory and the Node runner's are the learner's machine. A check's services answer the
    // check's own calls, so only a Run opens a preview: the first server, once.
    let previewed = false;
    const onServerReady =
      webcontainer && this.mode === 'run'
        ? (port: number, url: string) => {
            if (previewed || !current() || state.get().phase === 'idle') return;
            previewed = true;
            state.set({ preview: { port, url } });
          }
        : undefined;

    // Every runner ends the program at `timeoutMs` (reason 'timeout'), counting from when it starts.
    return run({
      files: prepared.files,
      entry: prepared.entry,
      args: prepared.args,
      signal: this.#controller.signal,
      timeoutMs: lab.timeoutMs,
      onOutput: (chunk, stream) => (stream === 'stdout' ? demux.push(chunk) : write(chunk, 'stderr')),
      ...(onServerReady ? { onServerReady } : {}),
    });
  }

  #flush: () => void = () => undefined;

  #addTraffic(message: TrafficMessage): void {
    const { state } = this.#deps;
    // The demuxer let the message through only when every row decodes.
    const added = message.rows.map((row) => trafficEventOf(row) as TrafficEvent);
    const before = state.get().traffic?.events ?? [];
    state.set({ traffic: { events: [...before, ...added], total: message.total } });
  }

  async #finish(filesAtStart: Files): Promise<void> {
    const { state, emit, lab } = this.#deps;
    const handle = this.#handle;
    if (!handle) return;
    const result = await handle.done;
    this.#flush();
    if (!this.#deps.isCurrent(this)) return;
    this.#handle = undefined;

    const outcome: Outcome =
      result.reason === 'output-limit'
        ? { kind: 'output-limit', kb: OUTPUT_LIMIT_KB }
        : result.reason === 'timeout'
          ? { kind: 'timeout', seconds: Math.round(lab.timeoutMs / 1000) }
          : result.stopped
            ? { kind: 'stopped' }
            : { kind: 'exited', code: result.exitCode };
    const report = this.mode === 'check' ? this.#seen.report : null;
    const stuck =
      outcome.kind === 'exited' && this.#seen.stuck !== null
        ? { report: this.#seen.stuck, files: filesAtStart }
        : null;
    emit({
      kind: 'note',
      note:
        outcome.kind === 'output-limit'
          ? { kind: 'capped', kb: outcome.kb }
          : outcome.kind !== 'exited'
            ? { kind: 'stopped' }
            : report
              ? {
                  kind: 'checked',
                  passed: report.items.filter((i) => i.pass).length,
                  total: report.items.length,
                }
              : { kind: 'exit', code: outcome.code },
    });
    if (stuck?.report.kind === 'leak') emit({ kind: 'note', note: { kind: 'leaks', stuck } });
    const patch: StatePatch = {
      phase: 'idle',
      outcome,
      preview: null,
      // A stopped program's last line is where it was stopped, not a failure.
      failedLine: outcome.kind === 'exited' && outcome.code !== 0 ? this.#seen.failedLine : null,
      stuck,
      trace: this.#seen.trace === null ? null : { message: this.#seen.trace, files: filesAtStart },
    };
    if (this.mode === 'check') {
      patch.report = report;
      patch.reportCurrent = report !== null && sameFiles(filesAtStart, state.get().files);
      if (report) this.#deps.onReport(report, patch);
    }
    state.set(patch);
  }
}
