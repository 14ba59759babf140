/**
 * TypeScript -> ES module JavaScript for the learner's files and a lab's check (browser-safe).
 *
 * Uses sucrase with only the `typescript` transform: types are erased, ES syntax and ESM are kept
 * as written, and line numbers are preserved (sucrase never moves code across lines), so a stack
 * trace's `main.js:12` is line 12 of main.ts; columns move (erased types), so each file comes with
 * its column map from sucrase's source map (learner-map.ts), which the lab host uses to print
 * `main.ts:12:5`. Relative import specifiers are rewritten to the emitted `.js` files (`./util` and
 * `./util.ts` -> `./util.js`, a folder with index.ts -> `./folder/index.js`), found with the one
 * import scanner (scan-imports.ts); bare specifiers (`gort`, `gort/sync`, ...) are left to
 * node_modules. A syntax error becomes a LabSyntaxError naming the file, line and column (1-based).
 */
import { transform } from 'sucrase';
import {
  alignColumns,
  decodeColumns,
  shiftColumns,
  sourceColumn,
  type EmittedFile,
  type ImportRecord,
} from './learner-map.ts';
import { scanImports } from './scan-imports.ts';

export class LabSyntaxError extends Error {
  override readonly name = 'LabSyntaxError';
  readonly code = 'LAB_SYNTAX';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The parser's words, without the position. */
  readonly reason: string;

  constructor(file: string, line: number, column: number, reason: string) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** The path a source file (always `.ts`: the lab schema admits no other) is emitted at: `lib/util.ts` -> `lib/util.js`. */
export function outputPath(file: string): string {
  return `${file.slice(0, -'.ts'.length)}.js`;
}

function dirname(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

/** Joins a relative specifier to the importing file's folder, resolving `.` and `..`. */
function resolvePath(from: string, specifier: string): string {
  const parts = dirname(from) === '' ? [] : dirname(from).split('/');
  for (const part of specifier.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/**
 * The specifier to emit for a relative `specifier` imported from `file`, given the names of the
 * source files that exist (when known).
 */
export function rewriteSpecifier(specifier: string, file: string, sources?: ReadonlySet<string>): string {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier;
  if (specifier.endsWith('.ts')) return `${specifier.slice(0, -3)}.js`;
  if (/\.(?:m?js|json)$/.test(specifier)) return specifier;
  if (sources !== undefined) {
    const target = resolvePath(file, specifier);
    if (!sources.has(`${target}.ts`) && sources.has(`${target}/index.ts`)) {
      return `${specifier.replace(/\/$/, '')}/index.js`;
    }
  }
  return `${specifier}.js`;
}

/** Line (0-based) and column (0-based) of each offset in `text`, by a table of line starts. */
function positions(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - (starts[lo] ?? 0) };
  };
}

/**
 * Rewrites the relative specifiers of `code` (sucrase's output) to the emitted files, keeping each
 * literal's quotes, and records every import at its position in the source; `columns` (the map of
 * `code`) is updated for the edits.
 */
function rewriteImports(
  code: string,
  file: string,
  columns: number[][],
  sources?: ReadonlySet<string>,
): { code: string; imports: ImportRecord[] } {
  const at = positions(code);
  const source = (offset: number) => {
    const { line, column } = at(offset);
    return { line: line + 1, column: sourceColumn(columns, line, column) + 1 };
  };
  const imports: ImportRecord[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const site of scanImports(code)) {
    const literal = site.dynamic ? site.literal : { start: site.start, end: site.end };
    if (site.specifier === undefined || literal === undefined) continue;
    const rewritten = rewriteSpecifier(site.specifier, file, sources);
    imports.push({
      specifier: site.specifier,
      emitted: rewritten,
      ...source(literal.start),
      names: site.dynamic ? [] : site.names.map(({ name, start }) => ({ name, ...source(start) })),
    });
    if (rewritten !== site.specifier) {
      const quote = code[literal.start] ?? "'";
      edits.push({ ...literal, text: `${quote}${rewritten}${quote}` });
    }
  }
  let out = '';
  let last = 0;
  /** What earlier edits added to each line so far: the map's columns there are already moved by it. */
  const grownOn = new Map<number, number>();
  for (const edit of edits) {
    out += code.slice(last, edit.start) + edit.text;
    last = edit.end;
    const { line, column } = at(edit.end);
    const before = grownOn.get(line) ?? 0;
    const grown = edit.text.length - (edit.end - edit.start);
    shiftColumns(columns, line, column + before, grown);
    grownOn.set(line, before + grown);
  }
  return { code: out + code.slice(last), imports };
}

interface SucraseError extends Error {
  loc?: { line?: unknown; column?: unknown };
  pos?: unknown;
}

function errorPosition(
  error: unknown,
): { line: number; column: number; pos: number; reason: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { loc, pos } = error as SucraseError;
  if (
    loc === undefined ||
    typeof loc.line !== 'number' ||
    typeof loc.column !== 'number' ||
    typeof pos !== 'number'
  ) {
    return undefined;
  }
  const reason = error.message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '');
  return { line: loc.line, column: loc.column, pos, reason };
}

function parseOnly(source: string, file: string): void {
  transform(source, { transforms: ['typescript'], filePath: file, disableESTransforms: true });
}

/**
 * Where a syntax error really is. sucrase parses `(...) => body` speculatively and, when the body
 * has an error, drops that error and reports the `=>` instead — so `main(() => { foo(; })` would
 * point at `main`'s line. When the reported position is an arrow, the arrow is rewritten into
 * something the parser takes without speculation and the source is parsed again (nested arrows
 * repeat this): a block body becomes `function(...) {...}`; an expression body becomes `(0) || body`
 * (same length; not a comma, which would split a `const` declaration). Columns are mapped back past inserted text, so the
 * position is that of the learner's source.
 */
function locateSyntaxError(file: string, source: string, error: unknown): LabSyntaxError | undefined {
  let found = errorPosition(error);
  if (found === undefined) return undefined;
  let text = source;
  /** Where `function` was inserted (line and column in the text of that moment). */
  const inserted: { line: number; column: number }[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    if (!/^\s*=>/.test(text.slice(found.pos))) break;
    const arrowAt = text.indexOf('=>', found.pos);
    // The parameter list's `)`, possibly followed by a simple return type annotation.
    const head = /\)(\s*:[^=;{}()]*)?\s*$/.exec(text.slice(0, arrowAt));
    if (head === null) break;
    const close = head.index;
    let depth = 0;
    let open = -1;
    for (let i = close; i >= 0; i--) {
      if (text[i] === ')') depth++;
      else if (text[i] === '(' && --depth === 0) {
        open = i;
        break;
      }
    }
    if (open === -1) break;
    if (/^\s*\{/.test(text.slice(arrowAt + 2))) {
      const lineStart = text.lastIndexOf('\n', open - 1) + 1;
      inserted.push({ line: text.slice(0, open).split('\n').length, column: open - lineStart + 1 });
      text = `${text.slice(0, open)}function${text.slice(open, arrowAt)}  ${text.slice(arrowAt + 2)}`;
    } else {
      const blank = (part: string) => part.replace(/[^\n]/g, ' ');
      text = `${text.slice(0, open + 1)}0${blank(text.slice(open + 2, close))})${blank(text.slice(close + 1, arrowAt))}||${text.slice(arrowAt + 2)}`;
    }
    try {
      parseOnly(text, file);
      break; // no error without the speculation: keep the report we have
    } catch (next) {
      const position = errorPosition(next);
      if (position === undefined) break;
      found = position;
    }
  }
  let { column } = found;
  // Undo the inserted keywords on the error's line, latest first (each was made in shifted text).
  for (const insertion of inserted.reverse()) {
    if (insertion.line === found.line && column > insertion.column) column -= 'function'.length;
  }
  return new LabSyntaxError(file, found.line, column, found.reason);
}

export interface Transpiled {
  readonly code: string;
  /** The source file, its column map and its imports (for the lab host's locations). */
  readonly emitted: EmittedFile;
}

/** Transpiles one file; `sources` (all source file names) lets `./dir` resolve to `./dir/index.js`. */
export function transpile(file: string, source: string, sources?: ReadonlySet<string>): Transpiled {
  let result: ReturnType<typeof transform>;
  try {
    result = transform(source, {
      transforms: ['typescript'],
      filePath: file,
      disableESTransforms: true,
      preserveDynamicImport: true,
      sourceMapOptions: { compiledFilename: outputPath(file) },
    });
  } catch (error) {
    throw locateSyntaxError(file, source, error) ?? error;
  }
  const columns = alignColumns(source, result.code, decodeColumns(result.sourceMap?.mappings ?? ''));
  const { code, imports } = rewriteImports(result.code, file, columns, sources);
  return { code, emitted: { source: file, columns, imports } };
}

/** Transpiles one file to its code only (the check, which needs no map). */
export function transpileModule(file: string, source: string, sources?: ReadonlySet<string>): string {
  return transpile(file, source, sources).code;
}

/**
 * Transpiles a set of `.ts` files: `{ 'main.ts': src }` -> `{ 'main.js': js }`, with what each
 * emitted file was made from. Throws the first error.
 */
export function transpileFiles(files: Readonly<Record<string, string>>): {
  files: Record<string, string>;
  emitted: Record<string, EmittedFile>;
} {
  const sources = new Set(Object.keys(files));
  const out: Record<string, string> = {};
  const emitted: Record<string, EmittedFile> = {};
  for (const [file, source] of Object.entries(files)) {
    const result = transpile(file, source, sources);
    out[outputPath(file)] = result.code;
    emitted[outputPath(file)] = result.emitted;
  }
  return { files: out, emitted };
}
