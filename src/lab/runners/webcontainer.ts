/**
 * The WebContainer runner: runs the mounted tree with a real `node` inside StackBlitz's in-browser
 * Node.js. The only module that imports `@webcontainer/api` (and only lazily, when a learner first
 * starts a lab, so a lesson page never loads the client before that).
 *
 * How a boot is decided (one boot per tab, shared by every runner using the same boot function):
 * - Without cross-origin isolation ready() rejects 'not-isolated', without SharedArrayBuffer
 *   'unsupported-browser', both without touching the API.
 * - `WebContainer.boot` loads StackBlitz's headless page in an iframe and waits for its `init`
 *   message; when the page cannot load (offline, a firewall, a proxy, an extension) it waits
 *   forever. So the runner asks the network itself, in parallel: offline, or a request to the
 *   same host that fails, rejects ready() at once with 'unreachable' — no waiting out the limit.
 * - Otherwise ready() waits at most `bootTimeoutMs` ('boot-timeout'). A boot the API itself
 *   rejects is 'boot-failed', for good.
 * - A verdict of 'unreachable' or 'boot-timeout' does not end the boot: it keeps going in the
 *   background, and `booted()` resolves if it succeeds after all (the lab offers the WebContainer
 *   then); from that moment ready() resolves. Until then every ready() rejects at once with the
 *   same verdict, so the UI never waits twice.
 *
 * Runs: each run replaces the `lab/` folder with the tree (no `npm install`: the packages are in the
 * tree's node_modules) and spawns `node <entry> <args>` there, under the lifecycle every runner
 * shares (supervise.ts). Output is the process's terminal (stdout and stderr together, reported as
 * 'stdout'), passed on raw; `server-ready` calls onServerReady with the preview URL; stop, the time
 * limit and the cap kill the process. `request()` is honest HTTP from inside the container: a second
 * `node` there fetches the service's URL, exactly as a program in the container would.
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
  RunnerRequestError,
  RunnerUnavailableError,
  checkNonNegative,
  type FileTree,
  type LabHttpRequest,
  type LabHttpResponse,
  type LabRunner,
  type RunHandle,
  type RunOptions,
} from '../runner.ts';
import { realTimer, superviseRun, type TimerLike } from './supervise.ts';

export type { TimerLike } from './supervise.ts';

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

/** What the page can tell about the WebContainer's chances before and while it boots. */
export interface BootEnvironment {
  /** Whether the page is cross-origin isolated. Default: `globalThis.crossOriginIsolated === true`. */
  readonly isolated: () => boolean;
  /** Whether the browser has what the WebContainer needs. Default: SharedArrayBuffer and Atomics exist. */
  readonly supported: () => boolean;
  /** Whether the browser believes it is online. Default: `navigator.onLine !== false`. */
  readonly online: () => boolean;
  /**
   * Resolves false once a request to StackBlitz's host has failed at the network level (true when
   * it was answered). Default: a no-cors `fetch` of the headless page the API's iframe loads.
   */
  readonly reachable: () => Promise<boolean>;
}

export interface WebContainerRunnerOptions extends Partial<BootEnvironment> {
  /** Boots the container. Default: `WebContainer.boot` from @webcontainer/api (loaded on first use). */
  readonly boot?: BootFunction;
  /** How long ready() waits for a boot before it gives up ('boot-timeout'). Default 8000 ms. */
  readonly bootTimeoutMs?: number;
  /** Output cap (the process's terminal output); default DEFAULT_OUTPUT_LIMIT. */
  readonly outputLimit?: number;
  readonly timer?: TimerLike;
}

/** The folder (under the container's workdir) a run's tree is mounted in. */
export const MOUNT_DIR = 'lab';

/** The line the request helper prints its answer on (see REQUEST_SCRIPT). */
const REQUEST_MARKER = '\x1eLABHTTP ';

/**
 * The request helper `request()` runs with `node -e` inside the container: fetches the URL in its
 * argument and prints the answer, or the failure, as one marked JSON line.
 */
const REQUEST_SCRIPT = `const r = JSON.parse(process.argv[1]);
const say = (v) => process.stdout.write(${JSON.stringify(REQUEST_MARKER)} + JSON.stringify(v) + '\\n');
fetch(r.url, { method: r.method, headers: r.headers, body: r.body }).then(async (res) => {
  const headers = {};
  res.headers.forEach((value, key) => { headers[key.toLowerCase()] = value; });
  say({ status: res.status, headers, body: await res.text() });
}, (e) => { say({ error: String(e && e.cause ? e.cause.message || e.cause : e && e.message || e) }); });`;

/** Where @webcontainer/api loads its headless page from (its iframe-url.js, version 1.6.4). */
function editorOrigin(): string {
  const configured = (globalThis as { WEBCONTAINER_API_IFRAME_URL?: string }).WEBCONTAINER_API_IFRAME_URL;
  return new URL(configured ?? 'https://stackblitz.com').origin;
}

const defaultEnvironment: BootEnvironment = {
  isolated: () => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  supported: () => typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object',
  online: () => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine !== false,
  // The iframe the API adds cannot report a failed load, but a request to the same page can: a
  // network error rejects it at once. The page is served to be framed under COEP (with CORP
  // `cross-origin`), so an opaque answer is an answer.
  reachable: () =>
    fetch(`${editorOrigin()}/headless`, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' }).then(
      () => true,
      () => false,
    ),
};

const defaultBoot: BootFunction = async (options) => {
  const { WebContainer } = await import('@webcontainer/api');
  return WebContainer.boot(options);
};

// A compile-time proof that the real API satisfies the subset the runner (and its test fakes) use.
const _realContainerFits: (container: WebContainer) => ContainerLike = (container) => container;
void _realContainerFits;

/** One tab's boot: the container once it is up, or the verdict that made ready() give up on it. */
interface BootState {
  /** The API's boot; it may never settle (offline). */
  readonly container: Promise<ContainerLike>;
  /** Set once the boot succeeded. */
  booted: ContainerLike | undefined;
  /** Why ready() gave up ('unreachable', 'boot-timeout' while the boot goes on; 'boot-failed' for good). */
  verdict: RunnerUnavailableError | undefined;
  /** Settles on the first verdict or success. */
  readonly decided: Promise<void>;
  decide(verdict: RunnerUnavailableError | undefined): void;
  /** The boot time limit, started by the first ready(). */
  timer: unknown;
}

/** This tab's boot, per boot function. */
const boots = new WeakMap<BootFunction, BootState>();

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

/** Reads a process's whole output (the request helper's). */
async function readAll(process: ProcessLike): Promise<string> {
  let text = '';
  const piping = process.output.pipeTo(
    new WritableStream<string>({ write: (chunk) => void (text += chunk) }),
  );
  await process.exit;
  await piping.catch(() => undefined);
  return text;
}

export class WebContainerRunner implements LabRunner {
  readonly kind = 'webcontainer' as const;
  readonly #boot: BootFunction;
  readonly #bootTimeoutMs: number;
  readonly #environment: BootEnvironment;
  readonly #outputLimit: number;
  readonly #timer: TimerLike;
  #active: RunHandle | undefined;

  constructor(options: WebContainerRunnerOptions = {}) {
    checkNonNegative(options, ['bootTimeoutMs', 'outputLimit']);
    this.#boot = options.boot ?? defaultBoot;
    this.#bootTimeoutMs = options.bootTimeoutMs ?? 8000;
    this.#environment = {
      isolated: options.isolated ?? defaultEnvironment.isolated,
      supported: options.supported ?? defaultEnvironment.supported,
      online: options.online ?? defaultEnvironment.online,
      reachable: options.reachable ?? defaultEnvironment.reachable,
    };
    this.#outputLimit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
    this.#timer = options.timer ?? realTimer;
  }

  async ready(): Promise<void> {
    await this.#container();
  }

  /**
   * Resolves once the container is up, even after ready() gave up on it (the boot went on in the
   * background). Rejects when no boot can succeed here (not isolated, unsupported, the API refused).
   */
  async booted(): Promise<void> {
    const state = this.#state();
    await state.container;
  }

  /** The booted container, or the verdict: starts the boot, and its time limit, on first use. */
  async #container(): Promise<ContainerLike> {
    const state = this.#state();
    if (state.booted !== undefined) return state.booted;
    if (state.verdict !== undefined) throw state.verdict;
    state.timer ??= this.#timer.setTimeout(
      () => state.decide(new RunnerUnavailableError('boot-timeout')),
      this.#bootTimeoutMs,
    );
    await state.decided;
    if (state.booted !== undefined) return state.booted;
    throw state.verdict ?? new RunnerUnavailableError('boot-failed');
  }

  #state(): BootState {
    let state = boots.get(this.#boot);
    if (state !== undefined) return state;
    const env = this.#environment;
    const refused = !env.isolated()
      ? new RunnerUnavailableError('not-isolated')
      : !env.supported()
        ? new RunnerUnavailableError('unsupported-browser')
        : undefined;
    if (refused !== undefined) {
      // Nothing to boot here, now or later: not even the API is loaded.
      const container = Promise.reject(refused);
      container.catch(() => undefined);
      state = {
        container,
        booted: undefined,
        verdict: refused,
        decided: Promise.resolve(),
        decide: () => undefined,
        timer: undefined,
      };
      boots.set(this.#boot, state);
      return state;
    }
    let resolveDecided!: () => void;
    const decided = new Promise<void>((resolve) => (resolveDecided = resolve));
    let container: Promise<ContainerLike>;
    try {
      // The site's pages are served with `Cross-Origin-Embedder-Policy: require-corp`.
      container = this.#boot({ coep: 'require-corp', workdirName: 'go-concurrency-labs' });
    } catch (error) {
      container = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const created: BootState = {
      container: container.catch((error: unknown) => {
        throw new RunnerUnavailableError('boot-failed', { cause: error });
      }),
      booted: undefined,
      verdict: undefined,
      decided,
      decide: (verdict) => {
        if (created.timer !== undefined) this.#timer.clearTimeout(created.timer);
        created.timer = undefined;
        if (verdict !== undefined && created.verdict === undefined && created.booted === undefined) {
          created.verdict = verdict;
        }
        resolveDecided();
      },
      timer: undefined,
    };
    created.container.then(
      (booted) => {
        created.booted = booted;
        // A boot that succeeds after a verdict of 'unreachable' or 'boot-timeout' clears it.
        created.verdict = undefined;
        created.decide(undefined);
      },
      (error: RunnerUnavailableError) => {
        created.verdict = error;
        created.decide(undefined);
      },
    );
    if (!env.online()) created.decide(new RunnerUnavailableError('unreachable'));
    else {
      env.reachable().then(
        (reached) => {
          if (!reached) created.decide(new RunnerUnavailableError('unreachable'));
        },
        () => created.decide(new RunnerUnavailableError('unreachable')),
      );
    }
    boots.set(this.#boot, created);
    return created;
  }

  run(options: RunOptions): RunHandle {
    this.#active?.stop();
    const handle: RunHandle = superviseRun(
      options,
      { outputLimit: this.#outputLimit, failure: 'boot-failed', timer: this.#timer },
      async (control) => {
        control.signal.addEventListener('abort', () => {
          if (this.#active === handle) this.#active = undefined;
        });
        const container = await this.#container();
        if (control.signal.aborted) return;
        await container.fs.rm(MOUNT_DIR, { recursive: true, force: true });
        await container.mount({ [MOUNT_DIR]: { directory: toFileSystemTree(options.files) } });
        if (control.signal.aborted) return;
        const unsubscribe = container.on('server-ready', (port, url) => {
          if (!control.signal.aborted) options.onServerReady?.(port, url);
        });
        control.signal.addEventListener('abort', () => unsubscribe(), { once: true });
        const spawned = await container.spawn('node', [options.entry, ...(options.args ?? [])], {
          cwd: MOUNT_DIR,
        });
        control.onStop(() => spawned.kill());
        if (control.signal.aborted) {
          spawned.kill();
          return;
        }
        control.startClock();
        const piping = spawned.output
          .pipeTo(new WritableStream<string>({ write: (chunk) => control.output(chunk, 'stdout') }))
          .catch(() => undefined);
        const code = await spawned.exit;
        // The last output may arrive just after the exit code: give the stream a moment to drain.
        await Promise.race([piping, new Promise<void>((resolve) => this.#timer.setTimeout(resolve, 100))]);
        control.exited(code);
      },
    );
    this.#active = handle;
    return handle;
  }

  /**
   * HTTP from inside the container: a second `node` there fetches `request.url` (the address the
   * program's `listen` line announced) and reports the answer. Rejects with RunnerRequestError:
   * 'not-running' without a running program, 'failed' when the request fails.
   */
  async request(request: LabHttpRequest): Promise<LabHttpResponse> {
    const state = boots.get(this.#boot);
    if (this.#active === undefined || state?.booted === undefined)
      throw new RunnerRequestError('not-running');
    const helper = await state.booted.spawn(
      'node',
      ['-e', REQUEST_SCRIPT, JSON.stringify({ method: 'GET', ...request })],
      { cwd: MOUNT_DIR },
    );
    const output = await readAll(helper);
    const line = output.split('\n').find((l) => l.startsWith(REQUEST_MARKER));
    let answer: unknown;
    try {
      answer = JSON.parse((line ?? '').slice(REQUEST_MARKER.length));
    } catch {
      throw new RunnerRequestError('failed', { cause: output.trim() || 'no answer' });
    }
    const { status, headers, body, error } = answer as Partial<LabHttpResponse> & { error?: string };
    if (typeof status !== 'number' || typeof body !== 'string' || headers === undefined) {
      throw new RunnerRequestError('failed', { cause: error ?? 'no answer' });
    }
    return { status, headers, body };
  }

  dispose(): void {
    this.#active?.stop();
  }
}

export function createWebContainerRunner(options: WebContainerRunnerOptions = {}): WebContainerRunner {
  return new WebContainerRunner(options);
}
