/**
 * How the lab host reports an error the learner's program did not catch: the text for stderr and
 * the problem (kind, learner file, line, column) the editor marks.
 *
 * - An uncaught error prints as `Uncaught <name>: <message>` and its stack with every learner frame
 *   at `main.ts:line:col`; frames outside the learner's files (the runtime, the host, Node's
 *   internals, the sandbox) are left out unless `internalFrames` is set. Its problem is the first
 *   learner frame (kind `error`).
 * - An import that failed to resolve or link — a missing package, module or package subpath, a
 *   missing export, a Node.js built-in the sandbox lacks — prints as a compiler would:
 *   `main.ts:1:10: ...`, at the import in the learner's file, naming the package (never a blob URL
 *   or the emitted `main.js`), with the close names the package does export or the close packages
 *   that exist as "did you mean". Its problem is that import (kind `import`). The messages it reads
 *   are Node's and the sandbox linker's (same wording; worker-sandbox/link-modules.ts).
 */
import type { ImportRecord, LearnerMap, SourcePosition } from '../learner-map.ts';
import type { ProblemMessage } from '../protocol.ts';
import { closeNames } from './close-names.ts';
import type { Locate, MapLocation } from './locations.ts';

export type Problem = Omit<ProblemMessage, 'type'>;

export interface ErrorReport {
  /** What stderr shows, ending in a newline. */
  readonly text: string;
  /** Where the editor marks the failure, when it is in the learner's code. */
  readonly problem?: Problem;
}

export interface ErrorContext {
  readonly map: LearnerMap;
  readonly mapLocation: MapLocation;
  /** A location's place in the tree (for the paths and URLs that error messages name). */
  readonly locate: Locate;
  /** Keep frames outside the learner's files (a debugging flag). */
  readonly internalFrames: boolean;
  /** The names a module exports (for suggestions); rejects when it cannot be loaded. */
  readonly exportsOf?: (specifier: string) => Promise<readonly string[]>;
}

const FRAME = /^\s+at (?:(.*) \((.*)\)|(.*))$/;
const LOCATION = /^(.*):(\d+):(\d+)$/;

/** A stack's frames with learner locations mapped and the rest dropped (kept raw with `internal`). */
export function mapStack(
  stack: string,
  mapLocation: MapLocation,
  internal: boolean,
): { text: string; first: SourcePosition | undefined } {
  let first: SourcePosition | undefined;
  const out: string[] = [];
  for (const line of stack.split('\n')) {
    const frame = FRAME.exec(line);
    if (frame === null) {
      out.push(line);
      continue;
    }
    const [, name, inParens, bare] = frame;
    const where = LOCATION.exec(inParens ?? bare ?? '');
    const mapped = where === null ? null : mapLocation(where[1] ?? '', Number(where[2]), Number(where[3]));
    if (mapped === null) {
      if (internal) out.push(line);
      continue;
    }
    first ??= mapped;
    const at = `${mapped.file}:${mapped.line}:${mapped.column}`;
    out.push(name === undefined ? `    at ${at}` : `    at ${name} (${at})`);
  }
  return { text: out.join('\n'), first };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The report of an uncaught error (not an import error; see `describeImportError`). */
export function describeError(error: unknown, context: ErrorContext): ErrorReport {
  if (!(error instanceof Error)) return { text: `Uncaught ${describeValue(error)}\n` };
  const header = `${error.name}: ${error.message}`;
  const stack = typeof error.stack === 'string' && error.stack.includes(error.message) ? error.stack : header;
  const { text, first } = mapStack(stack, context.mapLocation, context.internalFrames);
  return {
    text: `Uncaught ${text.trimEnd()}\n`,
    ...(first === undefined ? {} : { problem: { kind: 'error' as const, ...first } }),
  };
}

/** `from`'s folder joined with a relative `specifier`, as a tree path. */
function resolveRelative(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/** Whether a learner import (from emitted file `from`) resolves into tree path `path`. */
function importsPath(record: ImportRecord, from: string, path: string): boolean {
  if (record.emitted.startsWith('.') || record.emitted.startsWith('/')) {
    return resolveRelative(from, record.emitted) === path;
  }
  return path.startsWith(`node_modules/${packageName(record.emitted)}/`);
}

interface Found {
  readonly from: string;
  readonly file: string;
  readonly record: ImportRecord;
}

function* allImports(map: LearnerMap, only?: string): Generator<Found> {
  for (const [from, file] of Object.entries(map.files)) {
    if (only !== undefined && from !== only) continue;
    for (const record of file.imports) yield { from, file: file.source, record };
  }
}

/** A message's module, which Node names as written and Chromium as the resolved URL, as a tree path. */
function modulePath(module: string, locate: Locate): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(module) && !module.startsWith('/')) return undefined;
  return locate(module, 1, 1)?.path;
}

/** The importer a message names (a tree path, an absolute path or a URL), as an emitted path. */
function importerPath(importer: string, context: ErrorContext): string | undefined {
  if (Object.hasOwn(context.map.files, importer)) return importer;
  return context.locate(importer, 1, 1)?.path;
}

function didYouMean(names: readonly string[], owner: string): string {
  if (names.length === 0) return '';
  const listed = names.map((n) => `'${n}'`).join(', ');
  return names.length === 1
    ? `\n    did you mean ${listed}? ('${owner}' exports it)\n`
    : `\n    did you mean one of ${listed}? ('${owner}' exports them)\n`;
}

function report(
  at: { file: string; line: number; column: number },
  message: string,
  tail = '\n',
): ErrorReport {
  return {
    text: `${at.file}:${at.line}:${at.column}: ${message}${tail}`,
    problem: { kind: 'import', file: at.file, line: at.line, column: at.column },
  };
}

/**
 * The report of an error that is an unresolved or unlinked import, or undefined for any other
 * error (which `describeError` reports).
 */
export async function describeImportError(
  error: unknown,
  context: ErrorContext,
): Promise<ErrorReport | undefined> {
  if (!(error instanceof Error)) return undefined;
  const message = error.message;

  const missingExport = /^The requested module '([^']+)' does not provide an export named '([^']+)'$/.exec(
    message,
  );
  if (missingExport !== null) {
    const module = missingExport[1] ?? '';
    const name = missingExport[2] ?? '';
    const path = modulePath(module, context.locate);
    let fallback: { found: Found; at: { file: string; line: number; column: number } } | undefined;
    for (const found of allImports(context.map)) {
      const named = found.record.names.find((n) => n.name === name);
      if (named === undefined) continue;
      const at = { file: found.file, line: named.line, column: named.column };
      const matches =
        path === undefined ? found.record.emitted === module : importsPath(found.record, found.from, path);
      if (!matches) {
        fallback ??= { found, at };
        continue;
      }
      return missingExportReport(found.record, name, at, context);
    }
    if (fallback !== undefined) return missingExportReport(fallback.found.record, name, fallback.at, context);
    return undefined;
  }

  const notFound = /^Cannot find (package|module) '([^']+)' imported from (.+)$/.exec(message);
  if (notFound !== null) {
    const [, kind, target = '', importer = ''] = notFound;
    const from = importerPath(importer, context);
    const targetPath = kind === 'module' ? (modulePath(target, context.locate) ?? target) : undefined;
    for (const found of allImports(context.map, from)) {
      const { record } = found;
      const matches =
        kind === 'package'
          ? packageName(record.emitted) === target
          : resolveRelative(found.from, record.emitted) === targetPath;
      if (!matches) continue;
      const at = { file: found.file, line: record.line, column: record.column };
      if (kind === 'package') {
        const close = closeNames(record.specifier, context.map.packages);
        return report(
          at,
          `Cannot find package '${target}' imported from ${found.file}`,
          close.length === 0 ? '\n' : `\n    did you mean ${close.map((c) => `'${c}'`).join(', ')}?\n`,
        );
      }
      return report(at, `Cannot find module '${record.specifier}' imported from ${found.file}`);
    }
    return undefined;
  }

  const notExported =
    /^Package subpath '\.\/([^']+)' is not defined by "exports" in .*?node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json imported from (.+)$/.exec(
      message,
    );
  if (notExported !== null) {
    const [, sub = '', pkg = '', importer = ''] = notExported;
    const wanted = `${pkg}/${sub}`;
    for (const found of allImports(context.map, importerPath(importer, context))) {
      if (found.record.emitted !== wanted) continue;
      const close = closeNames(wanted, context.map.packages);
      return report(
        { file: found.file, line: found.record.line, column: found.record.column },
        `the package '${pkg}' has no subpath './${sub}'`,
        close.length === 0 ? '\n' : `\n    did you mean ${close.map((c) => `'${c}'`).join(', ')}?\n`,
      );
    }
    return undefined;
  }

  const builtin =
    /^The Node\.js module '([^']+)' \(imported from ([^)]+)\) is not available in the in-browser runner$/.exec(
      message,
    );
  if (builtin !== null) {
    const [, module = '', importer = ''] = builtin;
    for (const found of allImports(context.map, importerPath(importer, context))) {
      if (found.record.emitted !== module) continue;
      return report(
        { file: found.file, line: found.record.line, column: found.record.column },
        `the Node.js module '${module}' is not available in the in-browser sandbox`,
      );
    }
  }
  return undefined;
}

async function missingExportReport(
  record: ImportRecord,
  name: string,
  at: { file: string; line: number; column: number },
  context: ErrorContext,
): Promise<ErrorReport> {
  const owner = record.specifier;
  let tail = '\n';
  // Only packages are loaded for their names: a learner's module would run its code again.
  if (!owner.startsWith('.') && !owner.startsWith('/') && context.exportsOf !== undefined) {
    const names = await context.exportsOf(record.emitted).catch(() => []);
    tail = didYouMean(closeNames(name, names), owner) || '\n';
  }
  return report(at, `the module '${owner}' does not provide an export named '${name}'`, tail);
}
