/**
 * The lab store's state and the events it sends the terminal: data only, no behaviour.
 *
 * Invariants: every field is a fact the view renders as it is (nothing here is worded: outcomes,
 * notices and reasons are codes that i18n.ts turns into the page's language); the state object is
 * replaced, never mutated, so a listener can compare a field with its previous value to know what
 * changed.
 */
import type { LabMode } from '../mount.ts';
import type { MeshConfigRecord, TrafficEvent } from 'gomesh';
import type { ListenMessage, ProblemMessage, StuckMessage, TraceMessage } from '../protocol.ts';
import type { CheckReport, RunnerKind } from '../runner.ts';
import type { RunnerFallback, RunnerPreference } from './lab-engine.ts';
import type { Files, LabProgress } from './persistence.ts';
import type { ShareLinkProblem } from './share-link.ts';

export interface SyntaxProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * The line the editor marks: where the last run failed (a syntax error before it started, or the
 * host's `problem` message: a panic, an uncaught error, an unresolved import, main's line in a
 * deadlock). Cleared by the next edit and the next run.
 */
export type FailedLine =
  ({ readonly kind: 'syntax' } & SyntaxProblem) | Pick<ProblemMessage, 'kind' | 'file' | 'line' | 'column'>;

export type Outcome =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'timeout'; readonly seconds: number }
  | { readonly kind: 'output-limit'; readonly kb: number }
  | { readonly kind: 'syntax'; readonly problem: SyntaxProblem }
  | { readonly kind: 'failed'; readonly message: string };

export type Notice =
  | { readonly kind: 'storage-unavailable' }
  | { readonly kind: 'storage-full' }
  | { readonly kind: 'shared' }
  | { readonly kind: 'malformed-link'; readonly reason: ShareLinkProblem }
  | { readonly kind: 'restored' }
  /** The WebContainer became ready after the sandbox was chosen: offered, never switched by itself. */
  | { readonly kind: 'upgrade' };

export type Phase = 'idle' | 'preparing' | 'running' | 'checking';

/** A running program's HTTP server the page can show in an iframe (WebContainer `server-ready`). */
export interface Preview {
  readonly port: number;
  /** The URL the WebContainer serves the port at (its own origin, not this page's). */
  readonly url: string;
}

export interface RunnerState {
  readonly kind: RunnerKind;
  readonly fallback?: RunnerFallback;
}

export interface LabState {
  readonly files: Files;
  readonly fileNames: readonly string[];
  readonly activeFile: string;
  /** Where the code in the editor came from. */
  readonly source: 'starter' | 'saved' | 'shared';
  readonly phase: Phase;
  /** What the current or last program was started for. */
  readonly mode: LabMode | null;
  readonly runner: RunnerState | null;
  readonly runnerPreference: RunnerPreference;
  /** The preference a runner is being chosen for right now (booting), or null when none is. */
  readonly runnerChoosing: RunnerPreference | null;
  readonly outcome: Outcome | null;
  /** The line the editor marks, or null. */
  readonly failedLine: FailedLine | null;
  /** The report of the last check (kept across runs until the next check or a reset). */
  readonly report: CheckReport | null;
  /** Whether `report` belongs to the code as it is now. */
  readonly reportCurrent: boolean;
  readonly progress: LabProgress | null;
  readonly services: readonly ListenMessage[];
  /** The server the preview shows while the program runs, or null. */
  readonly preview: Preview | null;
  readonly notices: readonly Notice[];
  /**
   * What the last run's goroutines were left stuck on (a deadlock, or main returning while others
   * were alive), with the files that ran (the explainer reads names from them), or null.
   */
  readonly stuck: StuckState | null;
  /** The last plain run's trace and the files that ran (the Timeline's data), or null. */
  readonly trace: TraceState | null;
  /**
   * The mesh traffic of the current or last run or check of a service lab (the Traffic view's
   * data), growing while it runs, or null before the first record.
   */
  readonly traffic: TrafficState | null;
  /**
   * How the current or last plain run of a service lab set up its services, sidecars and clients
   * (gomesh's `mesh-config` records, what the Export button turns into real configuration), growing
   * while it runs; empty before the first run and after a check (a check's runs send none).
   */
  readonly meshConfig: readonly MeshConfigRecord[];
}

/** The mesh's traffic records the host sent for a run, and how many there were in all. */
export interface TrafficState {
  readonly events: readonly TrafficEvent[];
  /** Every record of the run so far; more than `events.length` when the host cut the traffic. */
  readonly total: number;
}

/** The host's `trace` message of a run and the learner's files as they ran. */
export interface TraceState {
  readonly message: TraceMessage;
  readonly files: Files;
}

/** The host's `stuck` report of a run and the learner's files as they ran. */
export interface StuckState {
  readonly report: StuckMessage['report'];
  readonly files: Files;
}

/** A patch of the state (what the parts of the store hand to `set`). */
export type StatePatch = { -readonly [K in keyof LabState]?: LabState[K] };

export type TerminalEvent =
  | { readonly kind: 'clear' }
  | { readonly kind: 'text'; readonly text: string; readonly stream: 'stdout' | 'stderr' }
  /** A line from the lab itself (exit status, cap notice), not from the program. */
  | { readonly kind: 'note'; readonly note: TerminalNote };

/** An error the editor shows in the learner's code (a type error, a dropped promise). */
export interface CodeProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type TerminalNote =
  | { readonly kind: 'exit'; readonly code: number }
  /** A check ended with a report: the host's own exit status (1 = failed) would read as the program's. */
  | { readonly kind: 'checked'; readonly passed: number; readonly total: number }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'capped'; readonly kb: number }
  | { readonly kind: 'syntax'; readonly problem: SyntaxProblem }
  /** Run was pressed on code with errors the editor shows: it runs anyway, and says so first. */
  | { readonly kind: 'code-problems'; readonly count: number; readonly first: CodeProblem }
  | { readonly kind: 'failed'; readonly message: string }
  /** Goroutines main left behind (the leak report), shown dimmed after the exit status. */
  | { readonly kind: 'leaks'; readonly stuck: StuckState }
  /** Replay this schedule was pressed: the run replays the order a check's exploration reported. */
  | { readonly kind: 'replay'; readonly schedule: string }
  /** Export was pressed: the run ends once the program only serves (`--until-serving`). */
  | { readonly kind: 'export' };

/** The one cell of state the parts of the store share: read it, patch it (listeners are told). */
export interface StateCell {
  get(): LabState;
  set(patch: StatePatch): void;
}
