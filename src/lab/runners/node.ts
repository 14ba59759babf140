/**
 * The Node runner: runs a mounted tree in a child `node` process (`npm run lab` and the tests).
 *
 * The tree is written to a fresh temporary folder and `process.execPath <entry> <args>` is spawned
 * there as the leader of its own process group, so stop, the time limit and the output cap can kill
 * the program and anything it started, even in a busy loop. The run's lifecycle (settle once, stop,
 * time limit, output cap) is the one every runner shares (supervise.ts); here `done` settles only
 * after the process has ended and the temporary folder is removed. The raw output, protocol lines
 * included, goes to `onOutput` (services announce themselves with `listen` lines the caller demuxes,
 * as `runLab` does; `onServerReady` is the WebContainer's event and is not called here).
 * `request()` is real HTTP from this machine to the running program's services.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import type { BuiltPackages } from '../load.ts';
import { buildMount, type LabMode } from '../mount.ts';
import { createOutputDemux, type LabMessage, type ListenMessage } from '../protocol.ts';
import {
  DEFAULT_OUTPUT_LIMIT,
  RunnerRequestError,
  RunnerUnavailableError,
  checkNonNegative,
  type CheckReport,
  type LabHttpRequest,
  type LabHttpResponse,
  type LabRunner,
  type RunHandle,
  type RunOptions,
  type RunResult,
} from '../runner.ts';
import type { Lab } from '../schema.ts';
import { superviseRun } from './supervise.ts';

export interface NodeRunnerOptions {
  /** Output cap (stdout + stderr, in UTF-16 code units: bytes for ASCII); default DEFAULT_OUTPUT_LIMIT. */
  readonly outputLimit?: number;
}

async function writeTree(dir: string, files: RunOptions['files']): Promise<void> {
  const folders = new Set<string>();
  for (const file of Object.keys(files)) folders.add(path.dirname(path.join(dir, file)));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  await Promise.all(
    Object.entries(files).map(([file, contents]) => writeFile(path.join(dir, file), contents)),
  );
}

/** Only what node itself needs: never the parent's NODE_OPTIONS (a test runner's loaders). */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

export class NodeRunner implements LabRunner {
  readonly kind = 'node' as const;
  readonly #outputLimit: number;
  /** Running programs: how to stop each, and a signal aborted when it has ended. */
  readonly #running = new Map<RunHandle, AbortSignal>();

  constructor(options: NodeRunnerOptions = {}) {
    checkNonNegative(options, ['outputLimit']);
    this.#outputLimit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  run(options: RunOptions): RunHandle {
    // Replaced by the run's own signal as soon as it starts (at once, unless already aborted).
    let ended = AbortSignal.abort();
    const handle = superviseRun(
      options,
      { outputLimit: this.#outputLimit, failure: 'spawn-failed', awaitStart: true },
      async (control) => {
        ended = control.signal;
        const dir = await mkdtemp(path.join(tmpdir(), 'lab-run-'));
        try {
          await writeTree(dir, options.files);
          if (control.signal.aborted) return;
          const child = spawn(process.execPath, [options.entry, ...(options.args ?? [])], {
            cwd: dir,
            detached: true,
            env: childEnv(),
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          const kill = () => {
            if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
            try {
              // The negative pid names the whole process group the child leads.
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          };
          control.onStop(kill);
          control.startClock();
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => control.output(chunk, 'stdout'));
          child.stderr.setEncoding('utf8').on('data', (chunk: string) => control.output(chunk, 'stderr'));
          await new Promise<void>((resolve) => {
            child.on('error', (error) => {
              control.failed(new RunnerUnavailableError('spawn-failed', { cause: error }));
              resolve();
            });
            child.on('close', (code, signal) => {
              // A process ended by a signal reports 128 + its number, as shells do.
              control.exited(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
              resolve();
            });
          });
        } finally {
          await rm(dir, { recursive: true, force: true }).catch(() => {});
        }
      },
    );
    this.#running.set(handle, ended);
    void handle.done.then(() => this.#running.delete(handle));
    return handle;
  }

  /**
   * Real HTTP from this machine to a service of a running program (its `listen` line names the
   * URL). Rejects with RunnerRequestError: 'not-running' when no program runs, 'ended' when the
   * programs end first, 'failed' when the request fails.
   */
  async request(request: LabHttpRequest): Promise<LabHttpResponse> {
    if (this.#running.size === 0) throw new RunnerRequestError('not-running');
    const signals = [...this.#running.values()];
    const allEnded = new Promise<never>((_, reject) => {
      let left = signals.length;
      for (const signal of signals) {
        const onEnd = () => {
          if (--left === 0) reject(new RunnerRequestError('ended'));
        };
        if (signal.aborted) onEnd();
        else signal.addEventListener('abort', onEnd, { once: true });
      }
    });
    const answer = (async () => {
      let response: Response;
      try {
        response = await fetch(request.url, {
          method: request.method ?? 'GET',
          ...(request.headers === undefined ? {} : { headers: { ...request.headers } }),
          ...(request.body === undefined ? {} : { body: request.body }),
        });
      } catch (error) {
        throw new RunnerRequestError('failed', { cause: error });
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
      return { status: response.status, headers, body: await response.text() };
    })();
    allEnded.catch(() => undefined);
    return Promise.race([answer, allEnded]);
  }

  dispose(): void {
    for (const handle of [...this.#running.keys()]) handle.stop();
  }
}

export interface LabRunOutcome {
  readonly result: RunResult;
  /** The check's report (check mode), when the host printed one. */
  readonly report: CheckReport | undefined;
  /** Raw host output (stdout and stderr interleaved, protocol lines included). */
  readonly output: string;
  /** What a terminal shows: the output without protocol lines. */
  readonly text: string;
  /** `listen` messages, in order. */
  readonly listening: readonly ListenMessage[];
}

export interface RunLabOptions {
  readonly mode: LabMode;
  /** Run the solution instead of the starter (or `files` given explicitly). */
  readonly files?: 'starter' | 'solution' | Readonly<Record<string, string>>;
  /** The built packages (src/lab/load.ts `loadBuiltPackages`). */
  readonly packages: Pick<BuiltPackages, 'packages' | 'host'>;
  /** Live output as a terminal would show it (protocol lines removed). */
  readonly onText?: (text: string, stream: 'stdout' | 'stderr') => void;
  readonly onMessage?: (message: LabMessage) => void;
  readonly runner?: NodeRunner;
  readonly signal?: AbortSignal;
  /** `memory`: the program's services use gomesh's in-memory network, as in the worker runner. */
  readonly net?: 'memory';
  /** Show stack frames outside the learner's files in error reports (`--internal-frames`). */
  readonly internalFrames?: boolean;
  /** Run mode: replay this schedule token (`--schedule`, reported by a check's `t.explore`). */
  readonly schedule?: string;
  /** Run mode: end the run once the program only serves (`--until-serving`, the export's run). */
  readonly untilServing?: boolean;
}

/**
 * Mounts and runs `lab` with the Node runner: what `npm run lab -- <id> [--solution] [--check]`
 * and the lab tests do. Never rejects for anything the program or check does; a syntax error in
 * the lab's files rejects with the LabSyntaxError.
 */
export async function runLab(lab: Lab, options: RunLabOptions): Promise<LabRunOutcome> {
  const files =
    options.files === undefined || options.files === 'starter'
      ? lab.starter
      : options.files === 'solution'
        ? lab.solution
        : options.files;
  const mount = buildMount({
    meta: lab.meta,
    files,
    packages: options.packages.packages,
    host: options.packages.host,
    check: lab.check,
    mode: options.mode,
    ...(options.net === undefined ? {} : { net: options.net }),
    ...(options.internalFrames === true ? { internalFrames: true } : {}),
    ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
    ...(options.untilServing === true ? { untilServing: true } : {}),
  });
  let output = '';
  let text = '';
  let report: CheckReport | undefined;
  const listening: ListenMessage[] = [];
  const stdoutDemux = createOutputDemux(
    (t) => {
      text += t;
      options.onText?.(t, 'stdout');
    },
    (message) => {
      if (message.type === 'check') report = message.report;
      else if (message.type === 'listen') listening.push(message);
      options.onMessage?.(message);
    },
  );
  const runner = options.runner ?? new NodeRunner();
  const handle = runner.run({
    files: mount.files,
    entry: mount.entry,
    args: mount.args,
    timeoutMs: mount.timeoutMs,
    onOutput(chunk, stream) {
      output += chunk;
      if (stream === 'stdout') stdoutDemux.push(chunk);
      else {
        text += chunk;
        options.onText?.(chunk, 'stderr');
      }
    },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const result = await handle.done;
  stdoutDemux.flush();
  return { result, report, output, text, listening };
}
