/**
 * The lab store: the state of one lab on a page and every action on it. The composition root of the
 * lab UI — the view only renders `getState()`, writes terminal events, and calls methods.
 *
 * Invariants:
 * - At most one program runs per lab. Starting a run or check aborts the previous one first (its
 *   AbortController), and results of a superseded run are dropped, never shown.
 * - Edits are saved `debounceMs` after the last keystroke and at once on `flush()` (pagehide). Saving
 *   never throws: a refusing or full storage becomes a notice and the lab keeps working in memory.
 * - Code opened from a share link is not saved until the learner edits it, so a link never silently
 *   replaces saved edits; `backToSaved()` returns to them.
 * - Output of one run is capped at `outputCapBytes`; past it the rest is dropped with a notice and
 *   the program is stopped, so a print loop cannot freeze the page.
 * - The runner is chosen once per preference and as early as the lab starts (`prepareRunner()`), so
 *   a Run pressed after the choice starts at once; `runnerChoosing` says a choice is under way. A run
 *   waiting for a choice follows a switch of preference made meanwhile instead of waiting for the
 *   abandoned choice (the learner's way out of a slow WebContainer boot).
 * - `gcl:run-start` and `gcl:first-output` performance marks bracket each run for measurements;
 *   `gcl:runner-ready` marks the moment a runner was chosen.
 * - `preview` is set only by a WebContainer Run's `server-ready` (a real URL this page can frame),
 *   never by the sandbox's in-memory listeners (those have the request panel instead). It holds the
 *   run's first server, stays closed once the learner closes it, and is cleared when the run ends,
 *   is stopped or is superseded: a preview never outlives the program serving it.
 */
import { createOutputDemux, type ListenMessage } from '../protocol.ts';
import type {
  CheckReport,
  FileTree,
  LabRunner,
  RunHandle,
  RunnerKind,
  RunnerUnavailableError,
  RunOptions,
  RunResult,
} from '../runner.ts';
import { LabSyntaxError } from '../transpile.ts';
import {
  mergeProgress,
  type Files,
  type LabProgress,
  type LabStorage,
  type SaveResult,
} from './persistence.ts';
import { fileOrder } from './config.ts';
import { decodeShareFragment, encodeShareFragment, type ShareLinkProblem } from './share-link.ts';

/**
 * What the store needs to know about a lab: a subset of the published `Lab` (the solution is not in
 * it: the engine fetches it when it is first wanted).
 */
export interface LabData {
  readonly id: string;
  readonly entry: string;
  readonly kind: 'exercise' | 'demo';
  readonly timeoutMs: number;
  readonly services: boolean;
  readonly starter: Files;
}

export type RunMode = 'run' | 'check';

/** Which runner the learner wants: the best available (`auto`) or always the sandbox. */
export type RunnerPreference = 'auto' | 'worker';

/** The tree a runner mounts and how to start it. */
export interface PreparedRun {
  readonly files: FileTree;
  readonly entry: string;
  readonly args: readonly string[];
}

export interface RunnerChoice {
  readonly runner: LabRunner;
  /** Why the preferred runner (the WebContainer) is not used, when it is not. */
  readonly fallback?: { readonly code: RunnerUnavailableError['code']; readonly message: string };
}

/** The engine behind the store: runner selection and mounting (see engine.ts), faked in tests. */
export interface LabEngine {
  /**
   * `worker` skips the WebContainer (the learner's pick); `auto` tries it first. A WebContainer
   * that cannot start here is given up on as soon as that is knowable (not isolated, unsupported,
   * offline, StackBlitz unreachable), else after the boot time limit; the sandbox is started in
   * parallel, so a fallback costs no further wait.
   */
  chooseRunner(preference: RunnerPreference): Promise<RunnerChoice>;
  /**
   * Calls `listener` once when a runner better than the one `chooseRunner('auto')` settled for
   * became ready later: the WebContainer, whose boot went on after the page fell back to the sandbox
   * (it was slow, or StackBlitz was unreachable at first); from then on `chooseRunner('auto')`
   * resolves to it. Nothing switches by itself: the UI may offer it. Returns a function that
   * unsubscribes. Engines that never upgrade leave it out.
   */
  onUpgrade?(listener: (better: RunnerChoice) => void): () => void;
  /**
   * Transpiles and mounts for `runner` (the sandbox needs the in-memory transport); rejects with a
   * LabSyntaxError (file, line, column) on a syntax error.
   */
  prepare(files: Files, mode: RunMode, runner: RunnerKind): Promise<PreparedRun>;
  /** The solution files: fetched when first asked for, then kept (a failed fetch is retried). */
  solution(): Promise<Files>;
}

export interface SyntaxProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

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
  | { readonly kind: 'restored' };

export type Phase = 'idle' | 'preparing' | 'running' | 'checking';

/** A running program's HTTP server the page can show in an iframe (WebContainer `server-ready`). */
export interface Preview {
  readonly port: number;
  /** The URL the WebContainer serves the port at (its own origin, not this page's). */
  readonly url: string;
}

export interface LabState {
  readonly files: Files;
  readonly fileNames: readonly string[];
  readonly activeFile: string;
  /** Where the code in the editor came from. */
  readonly source: 'starter' | 'saved' | 'shared';
  readonly phase: Phase;
  /** What the current or last program was started for. */
  readonly mode: RunMode | null;
  readonly runner: { readonly kind: RunnerKind; readonly fallback?: RunnerChoice['fallback'] } | null;
  readonly runnerPreference: RunnerPreference;
  /** The preference a runner is being chosen for right now (booting), or null when none is. */
  readonly runnerChoosing: RunnerPreference | null;
  readonly outcome: Outcome | null;
  /** The report of the last check (kept across runs until the next check). */
  readonly report: CheckReport | null;
  /** Whether `report` belongs to the code as it is now. */
  readonly reportCurrent: boolean;
  readonly progress: LabProgress | null;
  readonly services: readonly ListenMessage[];
  /** The server the preview shows while the program runs, or null (see the invariants above). */
  readonly preview: Preview | null;
  readonly notices: readonly Notice[];
}

export type TerminalEvent =
  | { readonly kind: 'clear' }
  | { readonly kind: 'text'; readonly text: string; readonly stream: 'stdout' | 'stderr' }
  /** A line from the lab itself (exit status, cap notice), not from the program. */
  | { readonly kind: 'note'; readonly note: TerminalNote };

export type TerminalNote =
  | { readonly kind: 'exit'; readonly code: number }
  /** A check ended with a report: the host's own exit status (1 = failed) would read as the program's. */
  | { readonly kind: 'checked'; readonly passed: number; readonly total: number }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'capped'; readonly kb: number }
  | { readonly kind: 'syntax'; readonly problem: SyntaxProblem }
  | { readonly kind: 'failed'; readonly message: string };

export interface LabStoreOptions {
  readonly lab: LabData;
  readonly engine: LabEngine;
  readonly storage: LabStorage;
  readonly debounceMs?: number;
  readonly outputCapBytes?: number;
  readonly now?: () => number;
  /** Performance marks; defaults to `performance.mark`. */
  readonly mark?: (name: string) => void;
}

const DEFAULT_OUTPUT_CAP = 256 * 1024;

/** Where a LabSyntaxError (what `prepare` rejects with) points, or null for any other error. */
export function syntaxProblemOf(error: unknown): SyntaxProblem | null {
  if (!(error instanceof LabSyntaxError)) return null;
  return { file: error.file, line: error.line, column: error.column, message: error.reason };
}

function sameFiles(a: Files, b: Files): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Keeps the lab's own file names and order; unknown names in saved or shared data are ignored. */
function onlyLabFiles(names: readonly string[], files: Files, fallback: Files): Files {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = files[name] ?? fallback[name] ?? '';
  return out;
}

/** What the state says about a chosen runner. */
function runnerState(choice: RunnerChoice): NonNullable<LabState['runner']> {
  return { kind: choice.runner.kind, ...(choice.fallback ? { fallback: choice.fallback } : {}) };
}

/** A one-shot signal: a promise and the function that settles it. */
function signal(): { readonly promise: Promise<void>; readonly fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

export class LabStore {
  readonly lab: LabData;
  #engine: LabEngine;
  #storage: LabStorage;
  #state: LabState;
  #listeners = new Set<(state: LabState) => void>();
  #terminal = new Set<(event: TerminalEvent) => void>();
  #debounceMs: number;
  #outputCap: number;
  #now: () => number;
  #mark: (name: string) => void;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** True while the editor holds shared code the learner has not touched: do not save it. */
  #holdingShared = false;
  #runnerChoice: Promise<RunnerChoice> | undefined;
  /** Set once a runner was wanted: from then on a switch of preference starts the new choice at once. */
  #eager = false;
  /** Settled when the learner switches runner, so a run waiting for the old choice can move on. */
  #switched = signal();
  #controller: AbortController | undefined;
  #handle: RunHandle | undefined;

  constructor(options: LabStoreOptions) {
    this.lab = options.lab;
    this.#engine = options.engine;
    this.#storage = options.storage;
    this.#debounceMs = options.debounceMs ?? 300;
    this.#outputCap = options.outputCapBytes ?? DEFAULT_OUTPUT_CAP;
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
      report: null,
      reportCurrent: false,
      progress: this.#storage.loadProgress(this.lab.id),
      services: [],
      preview: null,
      notices,
    };
  }

  /** Applies a share link from `hash` if it is meant for this lab. Call once after construction. */
  async openShareLink(hash: string): Promise<void> {
    const decoded = await decodeShareFragment(hash, this.lab.id);
    if (decoded.kind === 'none' || decoded.kind === 'other-lab') return;
    const notices = this.#state.notices.filter((n) => n.kind !== 'restored');
    if (decoded.kind === 'malformed') {
      this.#set({ notices: [...notices, { kind: 'malformed-link', reason: decoded.reason }] });
      return;
    }
    this.#holdingShared = true;
    this.#set({
      files: onlyLabFiles(this.#state.fileNames, decoded.files, this.lab.starter),
      source: 'shared',
      reportCurrent: false,
      notices: [...notices, { kind: 'shared' }],
    });
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

  /** The learner changed `name` (every keystroke): update state and schedule a save. */
  edit(name: string, text: string): void {
    if (!this.#state.fileNames.includes(name) || this.#state.files[name] === text) return;
    this.#holdingShared = false;
    const notices = this.#state.notices;
    const kept = notices.filter((n) => n.kind !== 'shared' && n.kind !== 'restored');
    this.#set({
      files: { ...this.#state.files, [name]: text },
      source: 'saved',
      reportCurrent: false,
      // The same array when nothing is removed: the view re-renders the notices only when they change.
      notices: kept.length === notices.length ? notices : kept,
    });
    this.#scheduleSave();
  }

  /** Writes pending edits now (pagehide, visibility change, before leaving). */
  flush(): void {
    if (this.#saveTimer === undefined) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    this.#save();
  }

  /** Replaces every file with the starter and forgets saved edits. The view confirms first. */
  reset(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    this.#holdingShared = false;
    const result = this.#storage.clearEdits(this.lab.id);
    this.#set({
      files: { ...this.lab.starter },
      source: 'starter',
      reportCurrent: false,
      notices: this.#withStorageNotice(
        this.#state.notices.filter((n) => n.kind !== 'shared' && n.kind !== 'restored'),
        result,
      ),
    });
  }

  /** Leaves shared code and returns to the learner's saved edits (or the starter). */
  backToSaved(): void {
    const saved = this.#storage.loadEdits(this.lab.id);
    this.#holdingShared = false;
    const files = saved
      ? onlyLabFiles(this.#state.fileNames, saved.files, this.lab.starter)
      : { ...this.lab.starter };
    this.#set({
      files,
      source: saved ? 'saved' : 'starter',
      reportCurrent: false,
      notices: this.#state.notices.filter((n) => n.kind !== 'shared'),
    });
  }

  /**
   * Starts choosing the runner now, without waiting for a Run: booting a WebContainer can take
   * seconds (up to the engine's time limit when it cannot start at all), which the learner should
   * spend reading and editing, not watching "Preparing". Idempotent; a failed choice is retried by
   * the next Run.
   */
  prepareRunner(): void {
    this.#eager = true;
    if (this.#runnerChoice) return;
    this.#chooseRunner().catch(() => undefined);
  }

  /**
   * Switches runner (remembered for every lab). Once a runner was wanted the new choice starts at
   * once, and a run waiting for the old one follows the switch.
   */
  setRunnerPreference(preference: RunnerPreference): void {
    if (preference === this.#state.runnerPreference) return;
    this.#runnerChoice = undefined;
    const result = this.#storage.saveRunnerPreference(preference);
    this.#set({
      runnerPreference: preference,
      runner: null,
      runnerChoosing: null,
      notices: result === 'full' ? this.#withStorageNotice(this.#state.notices, result) : this.#state.notices,
    });
    const switched = this.#switched;
    this.#switched = signal();
    switched.fire();
    if (this.#eager) this.prepareRunner();
  }

  /** Closes the preview; it stays closed until the next run opens one. */
  closePreview(): void {
    if (this.#state.preview) this.#set({ preview: null });
  }

  dismissNotice(kind: Notice['kind']): void {
    this.#set({ notices: this.#state.notices.filter((n) => n.kind !== kind) });
  }

  /** The solution files (the engine keeps them once fetched, and retries a failed fetch). */
  solution(): Promise<Files> {
    return this.#engine.solution();
  }

  /** Copies the solution into the editor (and saves it like an edit). */
  async useSolution(): Promise<void> {
    const solution = await this.solution();
    for (const name of this.#state.fileNames) {
      const text = solution[name];
      if (text !== undefined) this.edit(name, text);
    }
  }

  /** `#lab=<id>:<data>` for the code as it is now. */
  shareFragment(): Promise<string> {
    return encodeShareFragment(this.lab.id, this.#state.files);
  }

  run(): Promise<void> {
    return this.#start('run');
  }

  check(): Promise<void> {
    return this.#start('check');
  }

  /** Ends the current program (within a second, whatever it is doing). */
  stop(): void {
    this.#controller?.abort();
    this.#handle?.stop();
  }

  #set(patch: Partial<LabState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }

  #emit(event: TerminalEvent): void {
    for (const listener of this.#terminal) listener(event);
  }

  #scheduleSave(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.#save();
    }, this.#debounceMs);
  }

  #save(): void {
    if (this.#holdingShared) return;
    const result = this.#storage.saveEdits(this.lab.id, this.#state.files, this.#now());
    const notices = this.#withStorageNotice(this.#state.notices, result);
    if (notices !== this.#state.notices) this.#set({ notices });
  }

  /** Adds (or clears) the storage notice that `result` calls for; same array when nothing changes. */
  #withStorageNotice(notices: readonly Notice[], result: SaveResult): readonly Notice[] {
    const has = (kind: Notice['kind']) => notices.some((n) => n.kind === kind);
    if (result === 'full') return has('storage-full') ? notices : [...notices, { kind: 'storage-full' }];
    if (result === 'unavailable') {
      return has('storage-unavailable') ? notices : [...notices, { kind: 'storage-unavailable' }];
    }
    return has('storage-full') ? notices.filter((n) => n.kind !== 'storage-full') : notices;
  }

  #chooseRunner(): Promise<RunnerChoice> {
    this.#eager = true;
    const preference = this.#state.runnerPreference;
    const choice = this.#engine.chooseRunner(preference);
    this.#runnerChoice = choice;
    this.#set({ runnerChoosing: preference });
    choice.then(
      (chosen) => {
        // A choice the learner switched away from meanwhile is not shown.
        if (this.#runnerChoice !== choice) return;
        this.#mark('gcl:runner-ready');
        this.#set({ runnerChoosing: null, runner: runnerState(chosen) });
      },
      () => {
        // A failed choice is not cached: the next Run tries again (and shows why it failed).
        if (this.#runnerChoice !== choice) return;
        this.#runnerChoice = undefined;
        this.#set({ runnerChoosing: null });
      },
    );
    return choice;
  }

  /**
   * The runner for a run: the current choice (started now if there is none), or, when the learner
   * switches runner while waiting, the new choice. Null when the run was superseded meanwhile.
   */
  async #runnerFor(current: () => boolean): Promise<RunnerChoice | null> {
    for (;;) {
      const pending = this.#runnerChoice ?? this.#chooseRunner();
      const chosen = await Promise.race([pending, this.#switched.promise.then(() => null)]);
      if (!current()) return null;
      if (chosen && pending === this.#runnerChoice) return chosen;
    }
  }

  async #start(mode: RunMode): Promise<void> {
    this.stop();
    const controller = new AbortController();
    this.#controller = controller;
    this.#handle = undefined;
    const current = () => this.#controller === controller;
    this.#mark('gcl:run-start');
    const filesAtStart = this.#state.files;
    this.#emit({ kind: 'clear' });
    this.#set({
      phase: 'preparing',
      mode,
      outcome: null,
      services: [],
      preview: null,
      ...(mode === 'check' ? { report: null, reportCurrent: false } : {}),
    });

    let choice: RunnerChoice;
    let prepared: PreparedRun;
    try {
      // The runner is chosen once (later runs reuse it), usually before the first Run (prepareRunner).
      const chosen = await this.#runnerFor(current);
      if (!chosen) return;
      choice = chosen;
      this.#set({ runner: runnerState(choice) });
      prepared = await this.#engine.prepare(filesAtStart, mode, choice.runner.kind);
    } catch (error) {
      if (!current()) return;
      const problem = syntaxProblemOf(error);
      if (problem) {
        this.#emit({ kind: 'note', note: { kind: 'syntax', problem } });
        this.#set({ phase: 'idle', outcome: { kind: 'syntax', problem } });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        this.#emit({ kind: 'note', note: { kind: 'failed', message } });
        this.#set({ phase: 'idle', outcome: { kind: 'failed', message } });
      }
      return;
    }
    if (!current()) return;
    this.#set({ phase: mode === 'check' ? 'checking' : 'running' });

    let written = 0;
    let capped = false;
    let sawOutput = false;
    /** Filled by the demux; an object because TypeScript does not track writes made in callbacks. */
    const seen: { report: CheckReport | null } = { report: null };
    const write = (text: string, stream: 'stdout' | 'stderr') => {
      if (capped || !current() || text === '') return;
      if (!sawOutput) {
        sawOutput = true;
        this.#mark('gcl:first-output');
      }
      const room = this.#outputCap - written;
      if (text.length > room) {
        capped = true;
        if (room > 0) this.#emit({ kind: 'text', text: text.slice(0, room), stream });
        written = this.#outputCap;
        this.#emit({ kind: 'note', note: { kind: 'capped', kb: Math.round(this.#outputCap / 1024) } });
        // The handle may not exist yet if a runner writes synchronously; the signal reaches it anyway.
        controller.abort();
        this.#handle?.stop();
        return;
      }
      written += text.length;
      this.#emit({ kind: 'text', text, stream });
    };
    const demux = createOutputDemux(
      (text) => write(text, 'stdout'),
      (message) => {
        if (!current()) return;
        if (message.type === 'listen') this.#set({ services: [...this.#state.services, message] });
        else if (message.type === 'check') seen.report = message.report;
      },
    );

    // Only the WebContainer serves a port at a URL this page can load; the sandbox's listeners
    // live in memory (its `onServerReady` URLs are names like http://users:8080) and the Node
    // runner's are the learner's machine. One preview per run: the first server, and a closed
    // preview is not reopened by a later server of the same run.
    let previewed = false;
    // A check's services answer the check's own calls; a preview flashing up meanwhile would only
    // distract, so only a Run opens one.
    const onServerReady =
      choice.runner.kind === 'webcontainer' && mode === 'run'
        ? (port: number, url: string) => {
            if (previewed || !current() || this.#state.phase === 'idle') return;
            previewed = true;
            this.#set({ preview: { port, url } });
          }
        : undefined;

    // Every runner ends the program at `timeoutMs` (reason 'timeout'), counting from when it starts
    // the program; without it each would apply its own default (10 s), cutting a longer lab short.
    const options: RunOptions = {
      files: prepared.files,
      entry: prepared.entry,
      args: prepared.args,
      signal: controller.signal,
      timeoutMs: this.lab.timeoutMs,
      onOutput: (chunk, stream) => (stream === 'stdout' ? demux.push(chunk) : write(chunk, 'stderr')),
      ...(onServerReady ? { onServerReady } : {}),
    };
    const handle = choice.runner.run(options);
    this.#handle = handle;
    const result: RunResult = await handle.done;
    demux.flush();
    if (!current()) return;
    this.#handle = undefined;

    const outcome: Outcome =
      capped || result.reason === 'output-limit'
        ? { kind: 'output-limit', kb: Math.round(this.#outputCap / 1024) }
        : result.reason === 'timeout'
          ? { kind: 'timeout', seconds: Math.round(this.lab.timeoutMs / 1000) }
          : result.stopped
            ? { kind: 'stopped' }
            : { kind: 'exited', code: result.exitCode };
    if (!capped) {
      const report = mode === 'check' ? seen.report : null;
      this.#emit({
        kind: 'note',
        note:
          outcome.kind !== 'exited'
            ? { kind: 'stopped' }
            : report
              ? {
                  kind: 'checked',
                  passed: report.items.filter((i) => i.pass).length,
                  total: report.items.length,
                }
              : { kind: 'exit', code: outcome.code },
      });
    }
    const patch: { -readonly [K in keyof LabState]?: LabState[K] } = {
      phase: 'idle',
      outcome,
      preview: null,
    };
    if (mode === 'check') {
      const finalReport = seen.report;
      patch.report = finalReport;
      patch.reportCurrent = finalReport !== null && sameFiles(filesAtStart, this.#state.files);
      if (finalReport) {
        const passedItems = finalReport.items.filter((i) => i.pass).length;
        const progress = mergeProgress(this.#state.progress, {
          passed: finalReport.passed,
          best: { passed: passedItems, total: finalReport.items.length },
          at: this.#now(),
        });
        patch.progress = progress;
        const saved = this.#storage.saveProgress(this.lab.id, progress);
        patch.notices = this.#withStorageNotice(this.#state.notices, saved);
      }
    }
    this.#set(patch);
  }
}
