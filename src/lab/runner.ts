/**
 * The one interface every lab runner implements (WebContainer, sandboxed worker, Node), and what
 * the three share: the run's result, the defaults (time limit, output cap), the output cap itself,
 * and the errors a runner reports — as codes the UI words (src/lab/ui/i18n.ts), never as sentences.
 *
 * A runner is given a mounted file tree (see mount.ts: the same bytes for every runner), runs the
 * tree's host script with `node`-like semantics, streams what the program writes, and reports how it
 * ended. Runners never interpret learner code themselves: the lab host inside the tree configures the
 * runtime (clock, seed, trace), imports the learner's entry, and, in check mode, runs the hidden check
 * and prints its report on a marked line that `parseCheckReport` reads back. Each runner's run goes
 * through one lifecycle (runners/supervise.ts): settled once, stopped, timed out and capped alike.
 */

import { createOutputBudget } from './output-budget.ts';

/** A file tree: path (posix, relative, no leading slash) -> file contents. */
export type FileTree = Readonly<Record<string, string | Uint8Array>>;

export type RunnerKind = 'webcontainer' | 'worker' | 'node';

export interface RunOptions {
  /** The tree to mount, from `buildMount()`. */
  readonly files: FileTree;
  /** Entry script inside the tree to run with node (the lab host), e.g. `__lab_host.mjs`. */
  readonly entry: string;
  /** Arguments after the entry (the host reads mode and options from them). */
  readonly args?: readonly string[];
  /** Chunks of stdout/stderr as the program writes them (already decoded text). */
  readonly onOutput: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /**
   * The WebContainer's `server-ready` event: a port of the program is served at `url`, which this
   * page can load (the lab's preview). Only the WebContainer runner calls it; the other runners'
   * services are announced by `listen` protocol lines in stdout, which the caller demuxes.
   */
  readonly onServerReady?: (port: number, url: string) => void;
  /** Ends the run (as Stop does) when aborted. */
  readonly signal?: AbortSignal;
  /** Ends the run with reason 'timeout' after this many ms (the lab's `timeoutMs`); default DEFAULT_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

/** How a run ended when the program did not end it itself. */
export type RunEndReason = 'stopped' | 'timeout' | 'output-limit' | 'unavailable';

export interface RunResult {
  /** Exit status: 0 ok, 2 Go panic/fatal error, 1 uncaught JS error or check failure, 130 stopped. */
  readonly exitCode: number;
  /** True when the run was ended from outside: stop()/abort, the time limit or the output cap. */
  readonly stopped: boolean;
  readonly reason?: RunEndReason;
  /** With reason 'output-limit': the cap that was reached (UTF-16 code units: bytes for ASCII). */
  readonly outputLimit?: number;
  /** With reason 'unavailable' (exit status 1): why the runner could not run the program at all. */
  readonly unavailable?: RunnerUnavailableCode;
}

export interface RunHandle {
  /** Settles once the program has ended, however it ended. Never rejects. */
  readonly done: Promise<RunResult>;
  /** Ends the program at once (within a second even for a busy loop). Idempotent. */
  stop(): void;
}

/** An HTTP request to a service of the running program (the lab's "send a request" panel). */
export interface LabHttpRequest {
  /** Absolute URL of a service as announced by the host's `listen` line, e.g. `http://127.0.0.1:8080/users/2`. */
  readonly url: string;
  /** Default `GET`. */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface LabHttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface LabRunner {
  readonly kind: RunnerKind;
  /**
   * Prepares the runner (boots the WebContainer, creates the sandbox iframe). Rejects with a
   * RunnerUnavailableError saying why when this runner cannot work here; may be called again.
   */
  ready(): Promise<void>;
  /** Runs a program; one at a time for the in-browser runners (a new run stops the previous one). */
  run(options: RunOptions): RunHandle;
  /**
   * Sends an HTTP request to a service of the running program, from where the program runs (the
   * sandbox's in-memory network, the container, this machine). Rejects with a RunnerRequestError.
   */
  request(request: LabHttpRequest): Promise<LabHttpResponse>;
  /** Frees what ready() took (the iframe, the container's processes). */
  dispose(): void;
}

/**
 * Why a runner cannot work here. The UI words each code (`lab.reason.<code>`); the message is for
 * developers' consoles and the CLI only.
 *
 * - `not-isolated`: the page is not cross-origin isolated, which the WebContainer needs.
 * - `unsupported-browser`: this browser lacks what the runner needs (SharedArrayBuffer, Workers).
 * - `unreachable`: StackBlitz's servers, which the WebContainer loads from, cannot be reached
 *   (offline, or blocked by a firewall, a proxy or an extension).
 * - `boot-timeout`: the WebContainer did not start within the boot time limit.
 * - `boot-failed`: the WebContainer API refused to start (the cause says why).
 * - `sandbox-failed`: the in-browser sandbox (iframe and worker) did not start.
 * - `spawn-failed`: `node` could not be started (the Node runner).
 */
export type RunnerUnavailableCode =
  | 'not-isolated'
  | 'unsupported-browser'
  | 'unreachable'
  | 'boot-timeout'
  | 'boot-failed'
  | 'sandbox-failed'
  | 'spawn-failed';

const UNAVAILABLE: Readonly<Record<RunnerUnavailableCode, string>> = {
  'not-isolated': 'the WebContainer needs a cross-origin isolated page',
  'unsupported-browser': 'this browser cannot run this runner',
  unreachable: "StackBlitz's servers cannot be reached",
  'boot-timeout': 'the WebContainer did not start within the boot time limit',
  'boot-failed': 'the WebContainer failed to start',
  'sandbox-failed': 'the in-browser sandbox did not start',
  'spawn-failed': 'node could not be started',
};

function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** An error whose `code` is what callers act on; its message is the code's text and the cause's. */
abstract class CodedError<C extends string> extends Error {
  readonly code: C;

  constructor(code: C, texts: Readonly<Record<C, string>>, options?: { cause?: unknown }) {
    const cause = options?.cause;
    const text = texts[code];
    if (cause === undefined) super(text);
    else super(`${text}: ${causeText(cause)}`, { cause });
    this.code = code;
  }
}

export class RunnerUnavailableError extends CodedError<RunnerUnavailableCode> {
  override readonly name = 'RunnerUnavailableError';

  constructor(code: RunnerUnavailableCode, options?: { cause?: unknown }) {
    super(code, UNAVAILABLE, options);
  }
}

/**
 * Why `request()` got no answer, as a code the UI words:
 * - `not-running`: no program is running;
 * - `ended`: the program ended before it answered;
 * - `no-services`: the program mounts no gomesh, so it has no services to call;
 * - `failed`: the request itself failed (no such service, connection refused; the message says how).
 */
export type RunnerRequestCode = 'not-running' | 'ended' | 'no-services' | 'failed';

const REQUEST_FAILED: Readonly<Record<RunnerRequestCode, string>> = {
  'not-running': 'the program is not running',
  ended: 'the program ended before answering',
  'no-services': 'this lab does not mount gomesh, so it has no services to call',
  failed: 'the request failed',
};

export class RunnerRequestError extends CodedError<RunnerRequestCode> {
  override readonly name = 'RunnerRequestError';

  constructor(code: RunnerRequestCode, options?: { cause?: unknown }) {
    super(code, REQUEST_FAILED, options);
  }
}

// The check report's types live with `labcheck` (whose published declarations must stand alone).
export type { CheckItem, CheckReport } from './check/report.ts';

/** Exit status reported for a run that was ended from outside (stop, time limit, output cap). */
export const STOPPED_EXIT_CODE = 130;

/** The time limit of a run that names none (a lab's `timeoutMs` defaults to the same). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Every runner's cap on what the program writes (stdout + stderr, in UTF-16 code units: bytes for
 * ASCII): 1 MiB. Past it the run ends with reason 'output-limit' and the caller words the notice.
 * The host's protocol lines are not counted here but against PROTOCOL_OUTPUT_LIMIT (output-budget.ts).
 */
export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

/**
 * The cap on the host's protocol lines in one run: 8 MiB, room for a trace of TRACE_EVENT_LIMIT
 * events (about 40 characters each) beside the other messages. Reaching it ends the run as the
 * output cap does; the host sizes its trace to stay under it (host/trace.ts).
 */
export const PROTOCOL_OUTPUT_LIMIT = 8 * 1024 * 1024;

/** Throws the exact message for an option that is not a finite number >= 0 (runner options). */
export function checkNonNegative<K extends string>(
  options: Readonly<Partial<Record<K, number>>>,
  keys: readonly K[],
): void {
  for (const key of keys) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`Expected \`${key}\` to be a finite number >= 0, got ${String(value)}`);
    }
  }
}

export interface OutputCap {
  /**
   * Passes `chunk` on, or the part of it that still fits under the caps (counted in UTF-16 code
   * units: bytes for ASCII): the program's text under `limit`, the host's protocol lines on stdout
   * under `protocolLimit`. A chunk that reaches a cap is followed by `onLimit()`; after that nothing
   * more is passed on.
   */
  write(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** Ends the output now, as reaching the cap does (the sandbox's worker reports its own cap). */
  reach(): void;
}

/**
 * The output cap, so the same program is cut at the same place whichever runner ran it. It prints
 * no notice of its own: the run ends with reason 'output-limit' and the caller says so in its
 * language. `onLimit` is called once (the runner stops the program).
 */
export function createOutputCap(
  limit: number,
  onOutput: (chunk: string, stream: 'stdout' | 'stderr') => void,
  onLimit: () => void,
  protocolLimit = PROTOCOL_OUTPUT_LIMIT,
): OutputCap {
  const budget = createOutputBudget(limit, protocolLimit);
  let reached = false;
  const reach = () => {
    if (reached) return;
    reached = true;
    onLimit();
  };
  return {
    write(chunk, stream) {
      if (reached) return;
      const { fits, full } = budget.take(chunk, stream);
      if (fits > 0) onOutput(fits === chunk.length ? chunk : chunk.slice(0, fits), stream);
      if (full) reach();
    },
    reach,
  };
}
