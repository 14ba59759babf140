/**
 * The WebContainer runner: runs the mounted tree with a real `node` inside StackBlitz's in-browser
 * Node.js. The only module that imports `@webcontainer/api` (and only lazily, when a learner first
 * starts a lab, so a lesson page never loads the client before that).
 *
 * Invariants:
 * - One boot per tab (the API allows a single instance), started by the first ready() and shared
 *   by every runner using the same boot function. The boot is raced against a timeout (default
 *   8 s: offline it never settles, and a hung boot also blocks any later boot), and its failure is
 *   remembered: every later ready() in this tab rejects at once with the same
 *   RunnerUnavailableError, so the UI falls back without waiting again.
 * - It needs `crossOriginIsolated` (SharedArrayBuffer); without it ready() rejects 'not-isolated'
 *   without touching the API.
 * - Each run replaces the `lab/` folder with the tree (no `npm install`: the packages are in the
 *   tree's node_modules) and spawns `node <entry> <args>` there. Output is the process's terminal
 *   (stdout and stderr together, reported as 'stdout'), passed on raw and capped like the other
 *   runners; `server-ready` calls onServerReady with the preview URL; stop, the time limit and the
 *   cap kill the process. `done` settles exactly once and never rejects.
 */
import type {
  BootOptions,
  FileSystemTree,
  ServerReadyListener,
  SpawnOptions,
  Unsubscribe,
  WebContainer,
  WebContainerProcess,
} from '@webcontainer/api';
import {
  DEFAULT_OUTPUT_LIMIT,
  RunnerUnavailableError,
  STOPPED_EXIT_CODE,
  checkNonNegative,
  createOutputCap,
  type FileTree,
  type LabRunner,
  type RunHandle,
  type RunOptions,
  type RunResult,
} from '../runner.ts';

/** The part of a booted WebContainer this runner uses (the real class satisfies it). */
export interface ContainerLike {
  mount(tree: FileSystemTree): Promise<void>;
  spawn(command: string, args: string[], options?: SpawnOptions): Promise<ProcessLike>;
  on(event: 'server-ready', listener: ServerReadyListener): Unsubscribe;
  readonly fs: {
    rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
  };
}

/** The part of a spawned process this runner uses. */
export type ProcessLike = Pick<WebContainerProcess, 'output' | 'exit' | 'kill'>;

export type BootFunction = (options: BootOptions) => Promise<ContainerLike>;

/** Timers, injectable so tests drive timeouts without waiting. */
export interface TimerLike {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WebContainerRunnerOptions {
  /** Boots the container. Default: `WebContainer.boot` from @webcontainer/api (loaded on first use). */
  readonly boot?: BootFunction;
  /** How long a boot may take before this tab gives up on the WebContainer. Default 8000 ms. */
  readonly bootTimeoutMs?: number;
  /** Whether the page is cross-origin isolated. Default: `globalThis.crossOriginIsolated === true`. */
  readonly isolated?: () => boolean;
  /** Output after which a run is stopped with a notice (reason 'output-limit'). Default 1 MiB. */
  readonly outputLimit?: number;
  /** Time limit of a run when RunOptions give none. Default 10 000 ms. */
  readonly timeoutMs?: number;
  readonly timer?: TimerLike;
}

/** The folder (under the container's workdir) a run's tree is mounted in. */
export const MOUNT_DIR = 'lab';

const realTimer: TimerLike = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const defaultBoot: BootFunction = async (options) => {
  const { WebContainer } = await import('@webcontainer/api');
  return WebContainer.boot(options);
};

// A compile-time proof that the real API satisfies the subset the runner (and its test fakes) use.
const _realContainerFits: (container: WebContainer) => ContainerLike = (container) => container;
void _realContainerFits;

/** This tab's boot, per boot function: the pending or finished boot, or why it failed. */
const boots = new WeakMap<BootFunction, Promise<ContainerLike>>();

/** Converts a flat tree (`a/b.js` -> contents) into the API's nested FileSystemTree. */
export function toFileSystemTree(files: FileTree): FileSystemTree {
  const root: FileSystemTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/').filter((part) => part !== '' && part !== '.');
    const name = parts.pop();
    if (name === undefined) continue;
    let dir = root;
    for (const part of parts) {
      const node = (dir[part] ??= { directory: {} });
      if (!('directory' in node)) throw new Error(`${path}: ${part} is both a file and a folder`);
      dir = node.directory;
    }
    dir[name] = { file: { contents } };
  }
  return root;
}

export class WebContainerRunner implements LabRunner {
  readonly kind = 'webcontainer' as const;
  readonly #boot: BootFunction;
  readonly #bootTimeoutMs: number;
  readonly #isolated: () => boolean;
  readonly #outputLimit: number;
  readonly #timeoutMs: number;
  readonly #timer: TimerLike;
  #active: RunHandle | undefined;

  constructor(options: WebContainerRunnerOptions = {}) {
    checkNonNegative(options, ['bootTimeoutMs', 'outputLimit', 'timeoutMs']);
    this.#boot = options.boot ?? defaultBoot;
    this.#bootTimeoutMs = options.bootTimeoutMs ?? 8000;
    this.#isolated =
      options.isolated ??
      (() => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
    this.#outputLimit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#timer = options.timer ?? realTimer;
  }

  async ready(): Promise<void> {
    await this.#container();
  }

  #container(): Promise<ContainerLike> {
    if (!this.#isolated()) {
      return Promise.reject(
        new RunnerUnavailableError(
          'not-isolated',
          'The in-browser Node.js (WebContainer) needs a cross-origin isolated page, and this one is not.',
        ),
      );
    }
    let boot = boots.get(this.#boot);
    if (boot === undefined) {
      boot = this.#startBoot();
      boots.set(this.#boot, boot);
    }
    return boot;
  }

  #startBoot(): Promise<ContainerLike> {
    const seconds = Math.round(this.#bootTimeoutMs / 100) / 10;
    return new Promise<ContainerLike>((resolve, reject) => {
      const timer = this.#timer.setTimeout(() => {
        reject(
          new RunnerUnavailableError(
            'boot-timeout',
            `The in-browser Node.js (WebContainer) did not start within ${seconds} s (offline, or blocked by the network or a browser extension).`,
          ),
        );
      }, this.#bootTimeoutMs);
      let booting: Promise<ContainerLike>;
      try {
        // The site's pages are served with `Cross-Origin-Embedder-Policy: require-corp`.
        booting = this.#boot({ coep: 'require-corp', workdirName: 'go-concurrency-labs' });
      } catch (error) {
        booting = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      booting.then(
        (container) => {
          this.#timer.clearTimeout(timer);
          resolve(container);
        },
        (error: unknown) => {
          this.#timer.clearTimeout(timer);
          const message = error instanceof Error ? error.message : String(error);
          const unsupported = /not supported|unsupported|SharedArrayBuffer/i.test(message);
          reject(
            new RunnerUnavailableError(
              unsupported ? 'unsupported-browser' : 'boot-failed',
              unsupported
                ? `This browser cannot run the in-browser Node.js (WebContainer): ${message}`
                : `The in-browser Node.js (WebContainer) failed to start: ${message}`,
              { cause: error },
            ),
          );
        },
      );
    });
  }

  run(options: RunOptions): RunHandle {
    this.#active?.stop();
    let settled = false;
    let proc: ProcessLike | undefined;
    let unsubscribe: Unsubscribe | undefined;
    let resolveDone!: (result: RunResult) => void;
    const done = new Promise<RunResult>((resolve) => (resolveDone = resolve));

    const finish = (result: RunResult) => {
      if (settled) return;
      settled = true;
      this.#timer.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      unsubscribe?.();
      if (this.#active === handle) this.#active = undefined;
      resolveDone(result);
    };
    const kill = (reason: NonNullable<RunResult['reason']>) => {
      if (settled) return;
      proc?.kill();
      finish({ exitCode: STOPPED_EXIT_CODE, stopped: true, reason });
    };
    const onAbort = () => kill('stopped');
    const timer = this.#timer.setTimeout(() => kill('timeout'), options.timeoutMs ?? this.#timeoutMs);
    const handle: RunHandle = { done, stop: () => kill('stopped') };
    this.#active = handle;
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    const cap = createOutputCap(this.#outputLimit, options.onOutput, () => kill('output-limit'));
    const deliver = (chunk: string) => {
      if (!settled) cap.write(chunk, 'stdout');
    };

    const start = async () => {
      const container = await this.#container();
      if (settled) return;
      await container.fs.rm(MOUNT_DIR, { recursive: true, force: true });
      await container.mount({ [MOUNT_DIR]: { directory: toFileSystemTree(options.files) } });
      if (settled) return;
      unsubscribe = container.on('server-ready', (port, url) => {
        if (!settled) options.onServerReady?.(port, url);
      });
      const spawned = await container.spawn('node', [options.entry, ...(options.args ?? [])], {
        cwd: MOUNT_DIR,
      });
      proc = spawned;
      if (settled) {
        spawned.kill();
        return;
      }
      const piping = spawned.output
        .pipeTo(new WritableStream<string>({ write: deliver }))
        .catch(() => undefined);
      const code = await spawned.exit;
      // The last output may arrive just after the exit code: give the stream a moment to drain.
      await Promise.race([piping, new Promise<void>((resolve) => this.#timer.setTimeout(resolve, 100))]);
      finish({ exitCode: code, stopped: false });
    };
    start().catch((error: unknown) => {
      if (settled) return;
      options.onOutput(`${error instanceof Error ? error.message : String(error)}\n`, 'stderr');
      finish({ exitCode: 1, stopped: false });
    });
    return handle;
  }

  dispose(): void {
    this.#active?.stop();
  }
}

export function createWebContainerRunner(options: WebContainerRunnerOptions = {}): WebContainerRunner {
  return new WebContainerRunner(options);
}
