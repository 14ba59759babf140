/**
 * The one interface every lab runner implements (WebContainer, sandboxed worker, Node).
 *
 * A runner is given a mounted file tree (see mount.ts: the same bytes for every runner), runs the
 * tree's host script with `node`-like semantics, streams what the program writes, and reports how it
 * ended. Runners never interpret learner code themselves: the lab host inside the tree configures the
 * runtime (clock, seed, trace), imports the learner's entry, and, in check mode, runs the hidden check
 * and prints its report on a marked line that `parseCheckReport` reads back.
 */

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
  /** Ends the run with reason 'timeout' after this many ms (the lab's `timeoutMs`); runner default otherwise. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  /** Exit status: 0 ok, 2 Go panic/fatal error, 1 uncaught JS error or check failure, 130 stopped. */
  readonly exitCode: number;
  /** True when the run was ended by stop()/abort or by the lab's timeout. */
  readonly stopped: boolean;
  readonly reason?: 'stopped' | 'timeout' | 'output-limit';
}

export interface RunHandle {
  /** Settles once the program has ended, however it ended. Never rejects. */
  readonly done: Promise<RunResult>;
  /** Ends the program at once (within a second even for a busy loop). Idempotent. */
  stop(): void;
}

export interface LabRunner {
  readonly kind: RunnerKind;
  /**
   * Prepares the runner (boots the WebContainer, creates the sandbox iframe). Rejects with a
   * RunnerUnavailableError saying why when this runner cannot work here; may be called again.
   */
  ready(): Promise<void>;
  run(options: RunOptions): RunHandle;
  /** Frees what ready() took (the iframe, the container's processes). */
  dispose(): void;
}

/** Why a runner cannot work here, in words a learner can act on. */
export class RunnerUnavailableError extends Error {
  override readonly name = 'RunnerUnavailableError';
  constructor(
    readonly code: 'not-isolated' | 'unsupported-browser' | 'boot-timeout' | 'boot-failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// The check report's types live with `labcheck` (whose published declarations must stand alone).
export type { CheckItem, CheckReport } from './check/report.ts';

/** Exit status reported for a run that was ended from outside (stop, time limit, output cap). */
export const STOPPED_EXIT_CODE = 130;

/** Every runner's default output cap (stdout + stderr, in UTF-16 code units: bytes for ASCII): 1 MiB. */
export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

/** `limit` in words: `1 MB`, `16 KB`, `1000 bytes`. */
function formatSize(limit: number): string {
  if (limit >= 1024 * 1024 && limit % (1024 * 1024) === 0) return `${limit / (1024 * 1024)} MB`;
  if (limit >= 1024 && limit % 1024 === 0) return `${limit / 1024} KB`;
  return `${limit} bytes`;
}

/** The line every runner prints (to stderr) when the output cap ends a run. */
function outputLimitNotice(limit: number): string {
  return `\n[output limit of ${formatSize(limit)} reached: the program was stopped]\n`;
}

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
   * Passes `chunk` on, or the part of it that still fits under the cap (counted in UTF-16 code
   * units: bytes for ASCII). A chunk that reaches the cap is followed by the notice on stderr and
   * `onLimit()`; after that nothing more is passed on.
   */
  write(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** Ends the output now, as reaching the cap does (the sandbox's worker reports its own cap). */
  reach(): void;
}

/**
 * The output cap every runner applies, so the same program is cut at the same place and ends with
 * the same notice whichever runner ran it. `onLimit` is called once (the runner stops the program).
 */
export function createOutputCap(
  limit: number,
  onOutput: (chunk: string, stream: 'stdout' | 'stderr') => void,
  onLimit: () => void,
): OutputCap {
  let delivered = 0;
  let reached = false;
  const reach = () => {
    if (reached) return;
    reached = true;
    onOutput(outputLimitNotice(limit), 'stderr');
    onLimit();
  };
  return {
    write(chunk, stream) {
      if (reached) return;
      const room = limit - delivered;
      const piece = chunk.length > room ? chunk.slice(0, room) : chunk;
      delivered += piece.length;
      if (piece !== '') onOutput(piece, stream);
      if (chunk.length >= room) reach();
    },
    reach,
  };
}
