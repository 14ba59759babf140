/**
 * The learner's code in one lab: the files in the editor, where they came from, and saving them.
 *
 * Invariants:
 * - Edits are saved `debounceMs` after the last keystroke and at once on `flush()` (pagehide). Saving
 *   never throws: a refusing or full storage becomes a notice and the lab keeps working in memory.
 * - Code opened from a share link is never saved until the learner edits it, so a link never silently
 *   replaces saved edits: opening one first saves any typing still waiting for its debounce (the
 *   learner's own code), and only an edit schedules a save. `backToSaved()` returns to the saved code.
 * - A reset forgets the saved edits and the last check report (it belonged to code that is gone).
 */
import type { StoreLab } from '../schema.ts';
import type { Notice, StateCell } from './lab-state.ts';
import type { Files, LabStorage, SaveResult } from './persistence.ts';
import { decodeShareFragment, encodeShareFragment } from './share-link.ts';

export function sameFiles(a: Files, b: Files): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Keeps the lab's own file names and order; unknown names in saved or shared data are ignored. */
export function onlyLabFiles(names: readonly string[], files: Files, fallback: Files): Files {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = files[name] ?? fallback[name] ?? '';
  return out;
}

/** Adds (or clears) the storage notice that `result` calls for; same array when nothing changes. */
export function withStorageNotice(notices: readonly Notice[], result: SaveResult): readonly Notice[] {
  const has = (kind: Notice['kind']) => notices.some((n) => n.kind === kind);
  if (result === 'full') return has('storage-full') ? notices : [...notices, { kind: 'storage-full' }];
  if (result === 'unavailable') {
    return has('storage-unavailable') ? notices : [...notices, { kind: 'storage-unavailable' }];
  }
  return has('storage-full') ? notices.filter((n) => n.kind !== 'storage-full') : notices;
}

const without = (notices: readonly Notice[], ...kinds: Notice['kind'][]) =>
  notices.filter((n) => !kinds.includes(n.kind));

export class LabEdits {
  readonly #lab: StoreLab;
  readonly #state: StateCell;
  readonly #storage: LabStorage;
  readonly #debounceMs: number;
  readonly #now: () => number;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(lab: StoreLab, state: StateCell, storage: LabStorage, debounceMs: number, now: () => number) {
    this.#lab = lab;
    this.#state = state;
    this.#storage = storage;
    this.#debounceMs = debounceMs;
    this.#now = now;
  }

  /** Applies a share link from `hash` if it is meant for this lab. */
  async openShareLink(hash: string): Promise<void> {
    const decoded = await decodeShareFragment(hash, this.#lab.id);
    if (decoded.kind === 'none' || decoded.kind === 'other-lab') return;
    const state = this.#state.get();
    const notices = without(state.notices, 'restored');
    if (decoded.kind === 'malformed') {
      this.#state.set({ notices: [...notices, { kind: 'malformed-link', reason: decoded.reason }] });
      return;
    }
    // The learner's typing still waiting for its save is theirs: save it before the shared code
    // replaces it in the editor (after this, only an edit schedules a save).
    this.flush();
    this.#state.set({
      files: onlyLabFiles(state.fileNames, decoded.files, this.#lab.starter),
      source: 'shared',
      reportCurrent: false,
      failedLine: null,
      notices: [...without(this.#state.get().notices, 'restored'), { kind: 'shared' }],
    });
  }

  /** The learner changed `name` (every keystroke): update state and schedule a save. */
  edit(name: string, text: string): void {
    const state = this.#state.get();
    if (!state.fileNames.includes(name) || state.files[name] === text) return;
    const kept = without(state.notices, 'shared', 'restored');
    this.#state.set({
      files: { ...state.files, [name]: text },
      source: 'saved',
      reportCurrent: false,
      failedLine: null,
      // The same array when nothing is removed: the view re-renders the notices only when they change.
      notices: kept.length === state.notices.length ? state.notices : kept,
    });
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.#save();
    }, this.#debounceMs);
  }

  /** Writes pending edits now (pagehide, visibility change, before leaving). */
  flush(): void {
    if (this.#saveTimer === undefined) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    this.#save();
  }

  /** Replaces every file with the starter and forgets saved edits and the last report. */
  reset(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    const result = this.#storage.clearEdits(this.#lab.id);
    this.#state.set({
      files: { ...this.#lab.starter },
      source: 'starter',
      report: null,
      reportCurrent: false,
      failedLine: null,
      notices: withStorageNotice(without(this.#state.get().notices, 'shared', 'restored'), result),
    });
  }

  /** Leaves shared code and returns to the learner's saved edits (or the starter). */
  backToSaved(): void {
    const saved = this.#storage.loadEdits(this.#lab.id);
    const state = this.#state.get();
    this.#state.set({
      files: saved ? onlyLabFiles(state.fileNames, saved.files, this.#lab.starter) : { ...this.#lab.starter },
      source: saved ? 'saved' : 'starter',
      reportCurrent: false,
      failedLine: null,
      notices: without(state.notices, 'shared'),
    });
  }

  /** `#lab=<id>:<data>` for the code as it is now. */
  shareFragment(): Promise<string> {
    return encodeShareFragment(this.#lab.id, this.#state.get().files);
  }

  /** Records a storage result (a save made elsewhere, such as progress) in the notices. */
  noteStorage(result: SaveResult): void {
    const notices = this.#state.get().notices;
    const next = withStorageNotice(notices, result);
    if (next !== notices) this.#state.set({ notices: next });
  }

  #save(): void {
    this.noteStorage(this.#storage.saveEdits(this.#lab.id, this.#state.get().files, this.#now()));
  }
}
