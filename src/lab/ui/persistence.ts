/**
 * Saving a learner's edits and progress per lab, in `localStorage`, without ever breaking the lab.
 *
 * Invariants:
 * - Keys: edits under `gcl:lab:<id>:v1`, progress under `gcl:lab:<id>:progress:v1`, the runner
 *   choice (all labs) under `gcl:runner:v1`. The `v1`
 *   suffix lets a later format live beside this one instead of misreading it.
 * - No method throws. Storage that is missing, disabled (a throwing getter, a SecurityError), full
 *   (QuotaExceededError) or holding garbage is reported through the result, never as an exception,
 *   so the lab keeps running with a notice.
 * - A record is only accepted when every file is a string: a hand-edited or foreign value reads as
 *   "nothing saved", not as a crash.
 */

export type Files = Readonly<Record<string, string>>;

export type SaveResult = 'saved' | 'unavailable' | 'full';

export interface SavedEdits {
  readonly files: Files;
  /** Epoch milliseconds of the save. */
  readonly savedAt: number;
}

export interface LabProgress {
  /** True once a check of this lab has passed. */
  readonly passed: boolean;
  /** Items passed / total in the best check so far. */
  readonly best: { readonly passed: number; readonly total: number };
  readonly at: number;
}

export interface LabStorage {
  /** False when the browser refuses storage: edits then live only in memory. */
  readonly available: boolean;
  loadEdits(id: string): SavedEdits | null;
  saveEdits(id: string, files: Files, now?: number): SaveResult;
  clearEdits(id: string): SaveResult;
  loadProgress(id: string): LabProgress | null;
  saveProgress(id: string, progress: LabProgress): SaveResult;
  clearProgress(id: string): SaveResult;
  /** The learner's runner choice, for every lab; `auto` when none was made. */
  loadRunnerPreference(): 'auto' | 'worker';
  saveRunnerPreference(preference: 'auto' | 'worker'): SaveResult;
}

export const editsKey = (id: string): string => `gcl:lab:${id}:v1`;
export const progressKey = (id: string): string => `gcl:lab:${id}:progress:v1`;
const RUNNER_KEY = 'gcl:runner:v1';

/** Reads `globalThis.localStorage` the careful way: the getter itself throws when storage is blocked. */
function defaultBackend(): Storage | null {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return null;
    // Safari's private mode and some policies hand out a storage object whose writes throw.
    const probe = 'gcl:probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

function isQuotaError(error: unknown): boolean {
  return (
    error instanceof DOMException &&
    (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED' || error.code === 22)
  );
}

export function isFiles(value: unknown): value is Files {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string');
}

function readJson(backend: Storage, key: string): unknown {
  try {
    const raw = backend.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

export function createLabStorage(backend: Storage | null = defaultBackend()): LabStorage {
  const write = (key: string, value: unknown): SaveResult => {
    if (!backend) return 'unavailable';
    try {
      backend.setItem(key, JSON.stringify(value));
      return 'saved';
    } catch (error) {
      return isQuotaError(error) ? 'full' : 'unavailable';
    }
  };
  const remove = (key: string): SaveResult => {
    if (!backend) return 'unavailable';
    try {
      backend.removeItem(key);
      return 'saved';
    } catch {
      return 'unavailable';
    }
  };

  return {
    available: backend !== null,
    loadEdits(id) {
      if (!backend) return null;
      const value = readJson(backend, editsKey(id));
      if (typeof value !== 'object' || value === null) return null;
      const { files, savedAt } = value as { files?: unknown; savedAt?: unknown };
      if (!isFiles(files)) return null;
      return { files, savedAt: typeof savedAt === 'number' ? savedAt : 0 };
    },
    saveEdits(id, files, now = Date.now()) {
      return write(editsKey(id), { files, savedAt: now });
    },
    clearEdits(id) {
      return remove(editsKey(id));
    },
    loadProgress(id) {
      if (!backend) return null;
      const value = readJson(backend, progressKey(id));
      if (typeof value !== 'object' || value === null) return null;
      const { passed, best, at } = value as Partial<Record<keyof LabProgress, unknown>>;
      if (typeof passed !== 'boolean' || typeof best !== 'object' || best === null) return null;
      const { passed: p, total } = best as { passed?: unknown; total?: unknown };
      if (typeof p !== 'number' || typeof total !== 'number') return null;
      return { passed, best: { passed: p, total }, at: typeof at === 'number' ? at : 0 };
    },
    saveProgress(id, progress) {
      return write(progressKey(id), progress);
    },
    clearProgress(id) {
      return remove(progressKey(id));
    },
    loadRunnerPreference() {
      return backend && readJson(backend, RUNNER_KEY) === 'worker' ? 'worker' : 'auto';
    },
    saveRunnerPreference(preference) {
      return write(RUNNER_KEY, preference);
    },
  };
}

/** Keeps the better of two progress records: a pass is never downgraded by a later failing check. */
export function mergeProgress(previous: LabProgress | null, next: LabProgress): LabProgress {
  if (!previous) return next;
  if (previous.passed && !next.passed) return previous;
  if (!previous.passed && !next.passed && previous.best.passed > next.best.passed) return previous;
  return next;
}
