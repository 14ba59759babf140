/**
 * Which runner a lab's programs run in: the learner's preference, the engine's choice for it, and a
 * better runner offered when it becomes ready later.
 *
 * Invariants:
 * - The runner is chosen once per preference and as early as the lab starts (`prepare()`), so a Run
 *   pressed after the choice starts at once; `runnerChoosing` says a choice is under way. A failed
 *   choice is not kept: the next Run tries again.
 * - A run waiting for a choice follows a switch of preference made meanwhile instead of waiting for
 *   the abandoned choice (the learner's way out of a slow WebContainer boot).
 * - A better runner reported by the engine (`onUpgrade`) is only offered (an `upgrade` notice) while
 *   the learner is on `auto` and runs in the fallback; `acceptUpgrade()` makes it the runner of the
 *   next run. Nothing is cleared: the files, the terminal, the report and a running program stay.
 * - `gcl:runner-ready` marks the moment a runner was chosen.
 */
import type { ChosenRunner, LabEngine, RunnerPreference } from './lab-engine.ts';
import type { RunnerState, StateCell } from './lab-state.ts';
import type { LabStorage } from './persistence.ts';
import { withStorageNotice } from './edits.ts';

/** What the state says about a chosen runner. */
function runnerState(choice: ChosenRunner): RunnerState {
  return { kind: choice.runner.kind, ...(choice.fallback ? { fallback: choice.fallback } : {}) };
}

/** A one-shot signal: a promise and the function that settles it. */
function signal(): { readonly promise: Promise<void>; readonly fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

export class RunnerSelection {
  readonly #engine: LabEngine;
  readonly #state: StateCell;
  readonly #storage: LabStorage;
  readonly #mark: (name: string) => void;
  #choice: Promise<ChosenRunner> | undefined;
  /** Set once a runner was wanted: from then on a switch of preference starts the new choice at once. */
  #eager = false;
  /** Settled when the learner switches runner, so a run waiting for the old choice can move on. */
  #switched = signal();
  /** The better runner the engine reported, until the learner takes it or switches preference. */
  #upgrade: ChosenRunner | undefined;

  constructor(engine: LabEngine, state: StateCell, storage: LabStorage, mark: (name: string) => void) {
    this.#engine = engine;
    this.#state = state;
    this.#storage = storage;
    this.#mark = mark;
    engine.onUpgrade?.((better) => this.#offer(better));
  }

  /** Starts choosing now, without waiting for a Run. Idempotent. */
  prepare(): void {
    this.#eager = true;
    if (this.#choice) return;
    this.#choose().catch(() => undefined);
  }

  /** Switches runner (remembered for every lab); a run waiting for the old choice follows. */
  setPreference(preference: RunnerPreference): void {
    const state = this.#state.get();
    if (preference === state.runnerPreference) return;
    this.#choice = undefined;
    this.#upgrade = undefined;
    const notices = state.notices.filter((n) => n.kind !== 'upgrade');
    const result = this.#storage.saveRunnerPreference(preference);
    this.#state.set({
      runnerPreference: preference,
      runner: null,
      runnerChoosing: null,
      notices: result === 'full' ? withStorageNotice(notices, result) : notices,
    });
    const switched = this.#switched;
    this.#switched = signal();
    switched.fire();
    if (this.#eager) this.prepare();
  }

  /** Takes the better runner the `upgrade` notice offers; the next run uses it. */
  acceptUpgrade(): void {
    const better = this.#upgrade;
    if (!better) return;
    this.#upgrade = undefined;
    this.#choice = Promise.resolve(better);
    const state = this.#state.get();
    this.#state.set({
      runner: runnerState(better),
      notices: state.notices.filter((n) => n.kind !== 'upgrade'),
    });
  }

  /**
   * The runner for a run: the current choice (started now if there is none), or, when the learner
   * switches runner while waiting, the new choice. Null when the run was superseded meanwhile.
   */
  async runnerFor(current: () => boolean): Promise<ChosenRunner | null> {
    for (;;) {
      const pending = this.#choice ?? this.#choose();
      const chosen = await Promise.race([pending, this.#switched.promise.then(() => null)]);
      if (!current()) return null;
      if (chosen && pending === this.#choice) {
        this.#state.set({ runner: runnerState(chosen) });
        return chosen;
      }
    }
  }

  #offer(better: ChosenRunner): void {
    const state = this.#state.get();
    if (state.runnerPreference !== 'auto' || state.runner?.kind === better.runner.kind) return;
    this.#upgrade = better;
    if (!state.notices.some((n) => n.kind === 'upgrade')) {
      this.#state.set({ notices: [...state.notices, { kind: 'upgrade' }] });
    }
  }

  #choose(): Promise<ChosenRunner> {
    this.#eager = true;
    const preference = this.#state.get().runnerPreference;
    const choice = this.#engine.chooseRunner(preference);
    this.#choice = choice;
    this.#state.set({ runnerChoosing: preference });
    choice.then(
      (chosen) => {
        // A choice the learner switched away from meanwhile is not shown.
        if (this.#choice !== choice) return;
        this.#mark('gcl:runner-ready');
        this.#state.set({ runnerChoosing: null, runner: runnerState(chosen) });
      },
      () => {
        // A failed choice is not cached: the next Run tries again (and shows why it failed).
        if (this.#choice !== choice) return;
        this.#choice = undefined;
        this.#state.set({ runnerChoosing: null });
      },
    );
    return choice;
  }
}
