/**
 * The boundary between the lab store and the engine behind it (engine.ts in the page, fakes in the
 * tests): choosing a runner, mounting a run, fetching the solution, and telling the store when a
 * better runner became ready. The runner side owns what happens behind this interface; the store
 * owns what the learner sees of it. Change this declaration when the engine needs to tell the store
 * something new.
 *
 * Invariant: nothing here carries words. Why a runner is not used is a code the UI words
 * (i18n.ts `lab.reason.*`); the message beside it is kept for the console, never shown.
 */
import type { LabMode } from '../mount.ts';
import type { FileTree, LabRunner, RunnerKind, RunnerUnavailableError } from '../runner.ts';
import type { Files } from './persistence.ts';

/** Which runner the learner wants: the best available (`auto`) or always the sandbox. */
export type RunnerPreference = 'auto' | 'worker';

/** The tree a runner mounts and how to start it. */
export interface PreparedRun {
  readonly files: FileTree;
  readonly entry: string;
  readonly args: readonly string[];
}

/** Why the preferred runner (the WebContainer) is not used, when it is not. */
export interface RunnerFallback {
  readonly code: RunnerUnavailableError['code'];
  /** The underlying error's text, for the console only (the UI words `code`). */
  readonly message: string;
}

/** Sends a GET to a service of the running program (the Requests tab); resolves with status and body. */
export interface ServiceRequester {
  get(url: string): Promise<{ status: number; body: string }>;
}

/** The lab solution's Go twin and the Go release the tests verified it with (`go1.26.8`). */
export interface GoTwin {
  readonly source: string;
  readonly version: string;
}

/** A runner the engine chose for a preference (not the runners' own `chooseRunner` result). */
export interface ChosenRunner {
  readonly runner: LabRunner;
  readonly fallback?: RunnerFallback;
}

/** What a run (run mode) does besides running the code. */
export interface RunExtras {
  /** Replay this schedule token (a check's `t.explore` reported it) instead of the lab's seed. */
  readonly schedule?: string;
  /** End the run once the program only serves (`--until-serving`): the Export button's run. */
  readonly untilServing?: boolean;
}

export interface LabEngine {
  /**
   * `worker` skips the WebContainer (the learner's pick); `auto` tries it first. A WebContainer
   * that cannot start here is given up on as soon as that is knowable (not isolated, unsupported,
   * offline, StackBlitz unreachable), else after the boot time limit; the sandbox is started in
   * parallel, so a fallback costs no further wait.
   */
  chooseRunner(preference: RunnerPreference): Promise<ChosenRunner>;
  /**
   * Transpiles and mounts for `runner` (the sandbox needs the in-memory transport); rejects with a
   * LabSyntaxError (file, line, column) on a syntax error. `extras` (run mode): see RunExtras.
   */
  prepare(files: Files, mode: LabMode, runner: RunnerKind, extras?: RunExtras): Promise<PreparedRun>;
  /** The solution files: fetched when first asked for, then kept (a failed fetch is retried). */
  solution(): Promise<Files>;
  /** The solution's Go twin, fetched with the solution; undefined for a lab without one. */
  goTwin?(): Promise<GoTwin | undefined>;
  /**
   * Calls `listener` once when a runner better than the one `chooseRunner('auto')` settled for
   * became ready later: the WebContainer, whose boot went on after the page fell back to the sandbox
   * (it was slow, or StackBlitz was unreachable at first); from then on `chooseRunner('auto')`
   * resolves to it. The store offers it to the learner; nothing switches by itself, so no edit, output or
   * running program is lost. Returns the unsubscribe function. Engines that never upgrade (the Node
   * runner's, most tests') leave it out.
   */
  onUpgrade?(listener: (better: ChosenRunner) => void): () => void;
}
