/**
 * Fakes shared by the lab UI tests (tests/lab/ui-*.test.ts): an in-memory `Storage` that can fail
 * the ways browsers fail, an engine around a given runner, and the handle a fake runner returns for
 * one program. They keep the real interfaces (`Storage`, `LabEngine`, `RunHandle`), so the store
 * under test cannot tell them from the browser's.
 */
import type { LabRunner, RunHandle, RunOptions, RunResult } from '../../src/lab/runner.ts';
import type { Files } from '../../src/lab/ui/persistence.ts';
import type { ChosenRunner, LabEngine } from '../../src/lab/ui/lab-engine.ts';

/** An in-memory Storage; `mode` makes writes fail the ways browsers fail them. */
export function memoryStorage(
  mode: 'ok' | 'full' | 'denied' = 'ok',
): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    key: (i) => [...data.keys()][i] ?? null,
    getItem: (k) => data.get(k) ?? null,
    removeItem: (k) => void data.delete(k),
    setItem(k, v) {
      if (mode === 'full') throw new DOMException('quota', 'QuotaExceededError');
      if (mode === 'denied') throw new DOMException('denied', 'SecurityError');
      data.set(k, v);
    },
  };
}

export interface FakeEngineOptions {
  /** Why the WebContainer is not used, reported with every choice. */
  readonly fallback?: ChosenRunner['fallback'];
  /** The solution the engine hands out (none by default). */
  readonly solution?: Files;
  /** Replaces the default prepare, which mounts the files as they are. */
  readonly prepare?: LabEngine['prepare'];
}

/**
 * An engine that always chooses `runner` and prepares a run by passing the files through, with the
 * host as entry and `--mode=<mode>` as the only argument.
 */
export function fakeEngine(runner: LabRunner, options: FakeEngineOptions = {}): LabEngine {
  const { fallback, solution = {} } = options;
  return {
    chooseRunner: () => Promise.resolve({ runner, ...(fallback ? { fallback } : {}) }),
    prepare:
      options.prepare ??
      ((files, mode) => Promise.resolve({ files, entry: '__lab_host.mjs', args: [`--mode=${mode}`] })),
    solution: () => Promise.resolve(solution),
  };
}

/**
 * The handle of one started program, as the real runners behave: `end` settles `done` once, and
 * Stop (the handle's or the run's abort signal) ends the program with status 130, after `onStop`.
 */
export function programHandle(
  options: RunOptions,
  onStop: () => void = () => undefined,
): RunHandle & { readonly end: (result: RunResult) => void } {
  let settle!: (result: RunResult) => void;
  let ended = false;
  const done = new Promise<RunResult>((resolve) => (settle = resolve));
  const end = (result: RunResult) => {
    if (ended) return;
    ended = true;
    settle(result);
  };
  const stop = () => {
    onStop();
    end({ exitCode: 130, stopped: true, reason: 'stopped' });
  };
  options.signal?.addEventListener('abort', stop);
  return { done, stop, end };
}
