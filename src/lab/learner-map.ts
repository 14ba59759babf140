/**
 * Where the learner's code is, for the lab host: each emitted learner file of a mount with its
 * source file, how emitted columns map back to source columns, and the imports it makes (each
 * specifier and imported name at its source position). mount.ts builds it (from sucrase's source
 * maps, through transpile.ts) into the tree as `__lab_map.mjs`; the host reads it to print every
 * location as `main.ts:line:col` and to point import errors at the import. Browser-safe.
 *
 * Invariants: lines are never mapped, only columns — sucrase keeps every token on its line, and the
 * specifier rewrite only changes text within a line; positions here are 1-based, as stack traces
 * and editors count; a file's `columns` are per emitted line, pairs of (emitted column, source
 * column), 0-based, ascending.
 */

/** A position in a learner's source file (1-based). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One import (or re-export) of a learner file. */
export interface ImportRecord {
  /** The specifier as the learner wrote it (`./util`). */
  readonly specifier: string;
  /** The specifier as emitted (`./util.js`): what the module loader resolved. */
  readonly emitted: string;
  /** Where the specifier's string literal is. */
  readonly line: number;
  readonly column: number;
  /** The names it imports (`default` for a default import), each where it is written. */
  readonly names: readonly { readonly name: string; readonly line: number; readonly column: number }[];
}

/** One emitted learner file (`main.js`). */
export interface EmittedFile {
  /** The learner's file it comes from (`main.ts`). */
  readonly source: string;
  /** Per emitted line: [emitted column, source column, ...], 0-based, ascending. */
  readonly columns: readonly (readonly number[])[];
  readonly imports: readonly ImportRecord[];
}

export interface LearnerMap {
  /** Emitted path (`main.js`, `lib/util.js`) -> what it was made from. */
  readonly files: Readonly<Record<string, EmittedFile>>;
  /** Every specifier the mounted packages export (`gort`, `gort/sync`, ...), for suggestions. */
  readonly packages: readonly string[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one source map `mappings` line group into its segments' numbers (base64 VLQ). */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit === -1) throw new Error(`invalid source map character ${JSON.stringify(char)}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * The column pairs of a single-source map's `mappings` whose segments stay on their line (all of
 * sucrase's do): per emitted line, [emitted column, source column, ...].
 */
export function decodeColumns(mappings: string): number[][] {
  const lines: number[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  mappings.split(';').forEach((group, line) => {
    const pairs: number[] = [];
    let column = 0;
    for (const segment of group.split(',')) {
      if (segment === '') continue;
      const [dColumn = 0, , dLine, dSourceColumn] = decodeSegment(segment);
      column += dColumn;
      if (dLine === undefined || dSourceColumn === undefined) continue;
      sourceLine += dLine;
      sourceColumn += dSourceColumn;
      if (sourceLine === line) pairs.push(column, sourceColumn);
    }
    lines.push(pairs);
  });
  return lines;
}

const WORD = /[\w$]/;

/**
 * The column pairs of `code` against `source` (line by line: sucrase keeps lines), checked and
 * completed from the texts themselves. Each word and each other character of an emitted line is
 * found on the source line at or after the previous one (whole words only); where sucrase's map
 * (`hints`) puts it and the text is there, that column is taken. The texts are needed because
 * sucrase's map goes wrong after a template literal with an empty part (`` `${x}` ``,
 * `` `boom ${x}` ``): from there on every source column of the file is stuck at one value and most
 * segments are dropped (its computeSourceColumns expects no two tokens to start at the same offset,
 * and those do). Text sucrase inserted (none for the code labs use) is left unmapped.
 */
export function alignColumns(
  source: string,
  code: string,
  hints: readonly (readonly number[])[],
): number[][] {
  const sourceLines = source.split('\n');
  return code.split('\n').map((out, line) => {
    const src = sourceLines[line] ?? '';
    const hinted = new Map<number, number>();
    const pairs = hints[line] ?? [];
    for (let i = 0; i + 1 < pairs.length; i += 2) hinted.set(pairs[i] ?? 0, pairs[i + 1] ?? 0);
    const aligned: number[] = [];
    let cursor = 0;
    for (const atom of out.matchAll(/[\w$]+|\S/g)) {
      const text = atom[0];
      const at = atom.index;
      const hint = hinted.get(at);
      let found = hint !== undefined && hint >= cursor && src.startsWith(text, hint) ? hint : -1;
      for (let from = cursor; found === -1;) {
        const next = src.indexOf(text, from);
        if (next === -1) break;
        const whole =
          !WORD.test(text) ||
          ((next === 0 || !WORD.test(src[next - 1] ?? '')) && !WORD.test(src[next + text.length] ?? ''));
        if (whole) found = next;
        else from = next + 1;
      }
      if (found === -1) continue;
      aligned.push(at, found);
      cursor = found + text.length;
    }
    return aligned;
  });
}

/**
 * Moves the emitted columns at or after `column` (0-based) on `line` (0-based) by `delta`: the map
 * after an edit of the emitted text there.
 */
export function shiftColumns(columns: number[][], line: number, column: number, delta: number): void {
  const pairs = columns[line];
  if (pairs === undefined) return;
  for (let i = 0; i < pairs.length; i += 2) {
    const at = pairs[i] ?? 0;
    if (at >= column) pairs[i] = at + delta;
  }
}

/** The source column (0-based) of an emitted column (0-based) on a line, by the nearest segment before it. */
export function sourceColumn(columns: EmittedFile['columns'], line: number, column: number): number {
  const pairs = columns[line];
  if (pairs === undefined || pairs.length === 0) return column;
  let best = -1;
  for (let i = 0; i < pairs.length; i += 2) {
    if ((pairs[i] ?? 0) <= column) best = i;
    else break;
  }
  if (best === -1) return pairs[1] ?? column;
  // Within a token the text is the same on both sides, so the offset into it carries over.
  return (pairs[best + 1] ?? 0) + (column - (pairs[best] ?? 0));
}

/** `line`:`column` (1-based) of emitted `path`, as the learner's file and position; undefined when not a learner file. */
export function toSource(
  map: LearnerMap,
  path: string,
  line: number,
  column: number,
): SourcePosition | undefined {
  const file = map.files[path];
  if (file === undefined) return undefined;
  return { file: file.source, line, column: sourceColumn(file.columns, line - 1, column - 1) + 1 };
}
