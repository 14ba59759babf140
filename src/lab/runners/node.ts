/**
 * The Node runner: runs a mounted tree in a child `node` process (`npm run lab` and the tests).
 *
 * The tree is written to a fresh temporary folder and `process.execPath <entry> <args>` is spawned
 * there as the leader of its own process group, so stop, the time limit and the output cap can kill
 * the program and anything it started, even in a busy loop. Invariants: `done` settles exactly once,
 * never rejects, and only after the process has ended and the temporary folder is removed; after a
 * stop nothing more reaches `onOutput`; output beyond the cap is dropped after one notice (the cap
 * every runner applies, runner.ts `createOutputCap`); the raw output, protocol lines included, goes
 * to `onOutput` (services announce themselves with `listen` lines the caller demuxes, as `runLab`
 * does; `onServerReady` is the WebContainer's event and is not called here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import type { BuiltPackages } from '../load.ts';
import { buildMount, type LabMode } from '../mount.ts';
import { createOutputDemux, type LabMessage, type ListenMessage } from '../protocol.ts';
import {
  DEFAULT_OUTPUT_LIMIT,
  STOPPED_EXIT_CODE,
  createOutputCap,
  type CheckReport,
  type LabRunner,
  type RunHandle,
  type RunOptions,
  type RunResult,
} from '../runner.ts';
import type { Lab } from '../schema.ts';

export interface NodeRunnerOptions {
  /** Default wall-clock limit per run (ms); a run may pass its own. Default 10000. */
  readonly timeoutMs?: number;
  /** Output cap (stdout + stderr, in UTF-16 code units: bytes for ASCII); default 1 MiB. */
  readonly outputLimitBytes?: number;
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
  readonly #options: NodeRunnerOptions;
  readonly #running = new Set<() => void>();

  constructor(options: NodeRunnerOptions = {}) {
    this.#options = options;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  run(options: RunOptions): RunHandle {
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? 10_000;
    const limit = this.#options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT;
    let child: ChildProcess | undefined;
    let reason: RunResult['reason'];
    let dir: string | undefined;

    const kill = () => {
      if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        // The negative pid names the whole process group the child leads.
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const stop = (why: NonNullable<RunResult['reason']>) => {
      reason ??= why;
      kill();
    };
    const stopNow = () => stop('stopped');

    const done = (async (): Promise<RunResult> => {
      try {
        dir = await mkdtemp(path.join(tmpdir(), 'lab-run-'));
        await writeTree(dir, options.files);
        if (reason !== undefined) return { exitCode: STOPPED_EXIT_CODE, stopped: true, reason };
        const proc = spawn(process.execPath, [options.entry, ...(options.args ?? [])], {
          cwd: dir,
          detached: true,
          env: childEnv(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child = proc;
        const timer = setTimeout(() => stop('timeout'), timeoutMs);

        const cap = createOutputCap(limit, options.onOutput, () => stop('output-limit'));
        const onData = (stream: 'stdout' | 'stderr') => (chunk: string) => {
          if (reason === undefined) cap.write(chunk, stream);
        };
        proc.stdout.setEncoding('utf8').on('data', onData('stdout'));
        proc.stderr.setEncoding('utf8').on('data', onData('stderr'));

        const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
          proc.on('error', (error) => {
            options.onOutput(`lab: could not start node: ${error.message}\n`, 'stderr');
            resolve([1, null]);
          });
          proc.on('close', (c, s) => resolve([c, s]));
        });
        clearTimeout(timer);
        if (reason !== undefined) return { exitCode: STOPPED_EXIT_CODE, stopped: true, reason };
        // A process ended by a signal reports 128 + its number, as shells do.
        return { exitCode: code ?? 128 + (signal === null ? 0 : constants.signals[signal]), stopped: false };
      } catch (error) {
        options.onOutput(`lab: ${error instanceof Error ? error.message : String(error)}\n`, 'stderr');
        return { exitCode: 1, stopped: false };
      } finally {
        this.#running.delete(stopNow);
        if (dir !== undefined) await rm(dir, { recursive: true, force: true }).catch(() => {});
      }
    })();
    this.#running.add(stopNow);

    if (options.signal !== undefined) {
      if (options.signal.aborted) stopNow();
      else options.signal.addEventListener('abort', stopNow, { once: true });
    }
    return { done, stop: stopNow };
  }

  dispose(): void {
    for (const stop of [...this.#running]) stop();
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
