/**
 * The lab store: the state of one lab on a page and every action on it. The composition root of the
 * lab UI — the view only renders `getState()`, writes terminal events, and calls methods.
 *
 * Three parts, each with its own invariants: the learner's code (edits.ts: saving, share links,
 * reset), the runner (runner-selection.ts: preference, choice, a better runner offered later) and
 * one run (run-session.ts: mount, output, outcome, failed line). The store holds the one state
 * cell they share and the progress a check earns.
 *
 * Invariants: at most one program runs per lab — starting a run or check stops the previous one
 * first, and results of a superseded run are dropped, never shown; a passing check is never
 * downgraded by a later failing one (`mergeProgress`).
 */
import type { MeshConfigRecord } from 'gomesh';
import type { CheckReport } from '../runner.ts';
import type { StoreLab } from '../schema.ts';
import { fileOrder } from './config.ts';
import { LabEdits, onlyLabFiles, sameFiles } from './edits.ts';
import type { GoTwin, LabEngine, RunExtras, RunnerPreference } from './lab-engine.ts';
import type { CodeProblem, LabState, Notice, StateCell, StatePatch, TerminalEvent } from './lab-state.ts';
import { mergeProgress, type Files, type LabStorage } from './persistence.ts';
import { RunnerSelection } from './runner-selection.ts';
import { RunSession } from './run-session.ts';

export type { ChosenRunner, GoTwin, LabEngine, PreparedRun, RunnerPreference } from './lab-engine.ts';
export type * from './lab-state.ts';
export type { StoreLab } from '../schema.ts';
export { syntaxProblemOf } from './run-session.ts';

export interface LabStoreOptions {
  readonly lab: StoreLab;
  readonly engine: LabEngine;
  readonly storage: LabStorage;
  readonly debounceMs?: number;
  readonly now?: () => number;
  /** Performance marks; defaults to `performance.mark`. */
  readonly mark?: (name: string) => void;
}

export class LabStore {
  readonly lab: StoreLab;
  readonly #engine: LabEngine;
  readonly #storage: LabStorage;
  readonly #now: () => number;
  readonly #mark: (name: string) => void;
  readonly #listeners = new Set<(state: LabState) => void>();
  readonly #terminal = new Set<(event: TerminalEvent) => void>();
  readonly #cell: StateCell;
  readonly #edits: LabEdits;
  readonly #runners: RunnerSelection;
  #state: LabState;
  #session: RunSession | undefined;

  constructor(options: LabStoreOptions) {
    this.lab = options.lab;
    this.#engine = options.engine;
    this.#storage = options.storage;
    this.#now = options.now ?? (() => Date.now());
    this.#mark =
      options.mark ??
      ((name) => {
        globalThis.performance?.mark?.(name);
      });
    const entryFirst = fileOrder(this.lab.entry, this.lab.starter);
    const saved = this.#storage.loadEdits(this.lab.id);
    const files = saved ? onlyLabFiles(entryFirst, saved.files, this.lab.starter) : { ...this.lab.starter };
    const notices: Notice[] = [];
    if (!this.#storage.available) notices.push({ kind: 'storage-unavailable' });
    const source = saved && !sameFiles(files, this.lab.starter) ? 'saved' : 'starter';
    if (source === 'saved') notices.push({ kind: 'restored' });
    this.#state = {
      files,
      fileNames: entryFirst,
      activeFile: entryFirst[0] ?? this.lab.entry,
      source,
      phase: 'idle',
      mode: null,
      runner: null,
      runnerPreference: this.#storage.loadRunnerPreference(),
      runnerChoosing: null,
      outcome: null,
      failedLine: null,
      report: null,
      reportCurrent: false,
      progress: this.#storage.loadProgress(this.lab.id),
      services: [],
      preview: null,
      notices,
      stuck: null,
      trace: null,
      traffic: null,
      meshConfig: [],
    };
    this.#cell = { get: () => this.#state, set: (patch) => this.#set(patch) };
    this.#edits = new LabEdits(this.lab, this.#cell, this.#storage, options.debounceMs ?? 300, this.#now);
    this.#runners = new RunnerSelection(this.#engine, this.#cell, this.#storage, this.#mark);
  }

  getState(): LabState {
    return this.#state;
  }

  subscribe(listener: (state: LabState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onTerminal(listener: (event: TerminalEvent) => void): () => void {
    this.#terminal.add(listener);
    return () => this.#terminal.delete(listener);
  }

  get running(): boolean {
    return this.#state.phase !== 'idle';
  }

  setActiveFile(name: string): void {
    if (this.#state.fileNames.includes(name)) this.#set({ activeFile: name });
  }

  // The learner's code (edits.ts).

  /** Applies a share link from `hash` if it is meant for this lab. */
  openShareLink(hash: string): Promise<void> {
    return this.#edits.openShareLink(hash);
  }

  /** The learner changed `name` (every keystroke): update state and schedule a save. */
  edit(name: string, text: string): void {
    this.#edits.edit(name, text);
  }

  /** Writes pending edits now (pagehide, visibility change, before leaving). */
  flush(): void {
    this.#edits.flush();
  }

  /**
   * Replaces every file with the starter and forgets this lab's saved edits, report and progress
   * (a "passed" mark above starter code would claim what the code no longer does). The view
   * confirms first.
   */
  reset(): void {
    this.#edits.reset();
    if (this.#state.progress) {
      this.#edits.noteStorage(this.#storage.clearProgress(this.lab.id));
      this.#set({ progress: null });
    }
  }

  /** Leaves shared code and returns to the learner's saved edits (or the starter). */
  backToSaved(): void {
    this.#edits.backToSaved();
  }

  /** `#lab=<id>:<data>` for the code as it is now. */
  shareFragment(): Promise<string> {
    return this.#edits.shareFragment();
  }

  dismissNotice(kind: Notice['kind']): void {
    this.#set({ notices: this.#state.notices.filter((n) => n.kind !== kind) });
  }

  /** The solution files (the engine keeps them once fetched, and retries a failed fetch). */
  solution(): Promise<Files> {
    return this.#engine.solution();
  }

  /** The solution's Go twin, or undefined when the lab has none (or the engine cannot tell). */
  goTwin(): Promise<GoTwin | undefined> {
    return this.#engine.goTwin?.() ?? Promise.resolve(undefined);
  }

  /** Copies the solution into the editor (and saves it like an edit). */
  async useSolution(): Promise<void> {
    const solution = await this.solution();
    for (const name of this.#state.fileNames) {
      const text = solution[name];
      if (text !== undefined) this.edit(name, text);
    }
  }

  // The runner (runner-selection.ts).

  /** Starts choosing the runner now, so the learner reads and edits while a WebContainer boots. */
  prepareRunner(): void {
    this.#runners.prepare();
  }

  /** Switches runner (remembered for every lab); a run waiting for the old choice follows. */
  setRunnerPreference(preference: RunnerPreference): void {
    this.#runners.setPreference(preference);
  }

  /** Takes the better runner offered by the `upgrade` notice, for the next run. */
  acceptUpgrade(): void {
    this.#runners.acceptUpgrade();
  }

  // One run (run-session.ts).

  /**
   * Runs the program. `problems` are the errors the editor shows in the code (type errors, dropped
   * promises): the program runs anyway, and the terminal says first that the code has them.
   */
  run(problems: readonly CodeProblem[] = []): Promise<void> {
    return this.#start('run', problems);
  }

  check(): Promise<void> {
    return this.#start('check');
  }

  /**
   * Runs the code as it is now and resolves with the configuration records the run reported (the
   * Export button's input): empty when the program set up no service or did not get that far.
   */
  async runForExport(): Promise<readonly MeshConfigRecord[]> {
    // Ended once the program only serves: a service's setup is done then, and it would otherwise
    // serve until the lab's limit (15-90 s) before the download.
    await this.#start('run', [], { untilServing: true });
    return this.#state.meshConfig;
  }

  /** Runs the code under a schedule token a failed check reported (Replay this schedule). */
  replay(schedule: string): Promise<void> {
    return this.#start('run', [], { schedule });
  }

  /** Ends the current program (within a second, whatever it is doing). */
  stop(): void {
    this.#session?.stop();
  }

  /** Closes the preview; it stays closed until the next run opens one. */
  closePreview(): void {
    if (this.#state.preview) this.#set({ preview: null });
  }

  #set(patch: StatePatch): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }

  #start(
    mode: 'run' | 'check',
    problems: readonly CodeProblem[] = [],
    extras: RunExtras = {},
  ): Promise<void> {
    this.stop();
    const session = new RunSession(
      {
        lab: this.lab,
        engine: this.#engine,
        runners: this.#runners,
        state: this.#cell,
        emit: (event) => {
          for (const listener of this.#terminal) listener(event);
        },
        mark: this.#mark,
        isCurrent: (s) => this.#session === s,
        onReport: (report, patch) => this.#keepProgress(report, patch),
      },
      mode,
      extras,
    );
    this.#session = session;
    return session.run(problems);
  }

  #keepProgress(report: CheckReport, patch: StatePatch): void {
    const progress = mergeProgress(this.#state.progress, {
      passed: report.passed,
      best: { passed: report.items.filter((i) => i.pass).length, total: report.items.length },
      at: this.#now(),
    });
    patch.progress = progress;
    const result = this.#storage.saveProgress(this.lab.id, progress);
    this.#edits.noteStorage(result);
  }
}
