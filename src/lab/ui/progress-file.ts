/**
 * The progress file: a learner's saved code and check results for every lab, as one JSON file they
 * can keep, move to another browser and bring back (the progress page's Export and Import), and
 * the page's Reset all.
 *
 * Invariants:
 * - The format is `progressFileSchema`: `{ format: "go-concurrency-labs/progress", version: 1,
 *   exportedAt, labs: { "<id>": { edits?, progress? } } }`. A later format gets a new `version`; a
 *   file from a newer version is refused by name rather than misread.
 * - Parsing never throws past `parseProgressFile`: a bad file becomes a ProgressFileError with a
 *   stable code and the dotted field that is wrong; words are the UI's (i18n.ts `progress.error.*`).
 * - Importing is all or nothing: every lab's previous edits and progress are kept aside first, and
 *   when a write fails (storage disabled or full) what was already written is put back, so a failed
 *   import changes nothing. A pass is never downgraded by an import (`mergeProgress`); the file's
 *   code replaces the saved code of the labs it names. Labs this site does not have are skipped and
 *   named, never written.
 */
import { z } from 'zod';
import { labSchema } from '../schema.ts';
import { mergeProgress, type LabProgress, type LabStorage, type SavedEdits } from './persistence.ts';

export const PROGRESS_FORMAT = 'go-concurrency-labs/progress';
export const PROGRESS_VERSION = 1;
/** Far above any real progress (localStorage holds about 5 MB); a bigger file is not ours. */
export const MAX_PROGRESS_FILE_BYTES = 10 * 1024 * 1024;

const epochMs = z.number().int().nonnegative();

const labEntrySchema = z
  .object({
    edits: z
      .object({
        files: labSchema.shape.starter.describe('The saved files by relative path -> source text.'),
        savedAt: epochMs.describe('Epoch milliseconds of the save.'),
      })
      .strict()
      .optional()
      .describe('The learner’s saved code. Absent when the lab has none.'),
    progress: z
      .object({
        passed: z.boolean().describe('True once a check of the lab has passed.'),
        best: z
          .object({ passed: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
          .strict()
          .describe('Items passed / total in the best check so far.'),
        at: epochMs.describe('Epoch milliseconds of that check.'),
      })
      .strict()
      .optional()
      .describe('The best check result. Absent when no check has run.'),
  })
  .strict();

export const progressFileSchema = z
  .object({
    format: z.literal(PROGRESS_FORMAT).describe(`Always "${PROGRESS_FORMAT}". Required.`),
    version: z.literal(PROGRESS_VERSION).describe(`The format version, ${PROGRESS_VERSION}. Required.`),
    exportedAt: z.iso.datetime().describe('When the file was written (ISO 8601, UTC). Required.'),
    labs: z.record(labSchema.shape.id, labEntrySchema).describe('Per lab id, what was saved. Required.'),
  })
  .strict();

export type ProgressFile = z.output<typeof progressFileSchema>;

export type ProgressFileErrorCode =
  | 'too-large'
  | 'not-json'
  | 'not-progress-file'
  | 'newer-version'
  | 'unknown-field'
  | 'missing-field'
  | 'wrong-value';

/** Why a file is not a progress file this site can import; `field` is the dotted path, if any. */
export class ProgressFileError extends Error {
  override readonly name = 'ProgressFileError';
  readonly code: ProgressFileErrorCode;
  readonly field: string | undefined;

  constructor(code: ProgressFileErrorCode, field?: string) {
    super(field === undefined ? code : `${code}: ${field}`);
    this.code = code;
    this.field = field;
  }
}

export type ParseResult =
  | { readonly ok: true; readonly file: ProgressFile }
  | { readonly ok: false; readonly error: ProgressFileError };

const fail = (code: ProgressFileErrorCode, field?: string): ParseResult => ({
  ok: false,
  error: new ProgressFileError(code, field),
});

/** Validates the text of a chosen file; `bytes` is its size, checked before anything is parsed. */
export function parseProgressFile(text: string, bytes = text.length): ParseResult {
  if (bytes > MAX_PROGRESS_FILE_BYTES) return fail('too-large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('not-json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not-progress-file');
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format !== PROGRESS_FORMAT) return fail('not-progress-file');
  if (typeof version === 'number' && version > PROGRESS_VERSION) return fail('newer-version');
  const result = progressFileSchema.safeParse(value);
  if (result.success) return { ok: true, file: result.data };
  const issue = result.error.issues[0];
  if (issue === undefined) return fail('wrong-value');
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys')
    return fail('unknown-field', [...path, issue.keys[0] ?? ''].join('.'));
  if (issue.code === 'invalid_type' && !present(value, issue.path))
    return fail('missing-field', path.join('.'));
  return fail('wrong-value', path.join('.'));
}

/** Whether `path` leads to a value in `root` (zod's issues do not carry the input by default). */
function present(root: unknown, path: readonly PropertyKey[]): boolean {
  let at = root;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at !== undefined;
}

/** What this browser holds for `ids`, as a progress file; labs with nothing saved are left out. */
export function exportProgress(storage: LabStorage, ids: readonly string[], now = Date.now()): ProgressFile {
  const labs: Record<string, ProgressFile['labs'][string]> = {};
  for (const id of ids) {
    const edits = storage.loadEdits(id);
    const progress = storage.loadProgress(id);
    if (!edits && !progress) continue;
    labs[id] = {
      ...(edits ? { edits: { files: { ...edits.files }, savedAt: edits.savedAt } } : {}),
      ...(progress ? { progress } : {}),
    };
  }
  return {
    format: PROGRESS_FORMAT,
    version: PROGRESS_VERSION,
    exportedAt: new Date(now).toISOString(),
    labs,
  };
}

export type ImportResult =
  | {
      readonly status: 'imported';
      /** Labs whose code the file replaced. */
      readonly edits: readonly string[];
      /** Labs whose check result the file brought (merged: a pass is kept). */
      readonly progress: readonly string[];
      /** Labs in the file this site does not have. */
      readonly skipped: readonly string[];
    }
  | { readonly status: 'unavailable' | 'full' };

interface Before {
  readonly id: string;
  readonly edits: SavedEdits | null;
  readonly progress: LabProgress | null;
}

/** Writes `file` into storage for the labs in `known`, all or nothing (see the header). */
export function importProgress(
  storage: LabStorage,
  file: ProgressFile,
  known: readonly string[],
): ImportResult {
  if (!storage.available) return { status: 'unavailable' };
  const ids = Object.keys(file.labs).sort();
  const skipped = ids.filter((id) => !known.includes(id));
  const wanted = ids.filter((id) => known.includes(id));
  const before: Before[] = wanted.map((id) => ({
    id,
    edits: storage.loadEdits(id),
    progress: storage.loadProgress(id),
  }));
  const edits: string[] = [];
  const progress: string[] = [];
  for (const { id, progress: previous } of before) {
    const entry = file.labs[id];
    if (entry?.edits) {
      const result = storage.saveEdits(id, entry.edits.files, entry.edits.savedAt);
      if (result !== 'saved') return rollBack(storage, before, result);
      edits.push(id);
    }
    if (entry?.progress) {
      const result = storage.saveProgress(id, mergeProgress(previous, entry.progress));
      if (result !== 'saved') return rollBack(storage, before, result);
      progress.push(id);
    }
  }
  return { status: 'imported', edits, progress, skipped };
}

/**
 * Puts every lab back as it was before the import. Each value goes back over the one the import
 * wrote (or is removed), so the storage returns to a size it already had: restoring fits.
 */
function rollBack(
  storage: LabStorage,
  before: readonly Before[],
  result: 'unavailable' | 'full',
): ImportResult {
  for (const { id, edits, progress } of before) {
    if (edits) storage.saveEdits(id, edits.files, edits.savedAt);
    else storage.clearEdits(id);
    if (progress) storage.saveProgress(id, progress);
    else storage.clearProgress(id);
  }
  return { status: result };
}

/** What Reset all deletes: the labs among `ids` with saved code, and those with a check result. */
export function savedLabs(
  storage: LabStorage,
  ids: readonly string[],
): { edits: string[]; progress: string[] } {
  return {
    edits: ids.filter((id) => storage.loadEdits(id) !== null),
    progress: ids.filter((id) => storage.loadProgress(id) !== null),
  };
}

/** Deletes the saved code and check results of `ids`; the runner choice is kept. */
export function resetAll(storage: LabStorage, ids: readonly string[]): 'saved' | 'unavailable' {
  let result: 'saved' | 'unavailable' = 'saved';
  for (const id of ids) {
    if (storage.clearEdits(id) !== 'saved') result = 'unavailable';
    if (storage.clearProgress(id) !== 'saved') result = 'unavailable';
  }
  return result;
}
