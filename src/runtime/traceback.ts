/**
 * What a program prints when it ends badly (Go's panic.go printing and traceback.go): the text of a
 * panic and of a fatal error, and the stack frames they and the deadlock dump show, read from
 * JavaScript stacks.
 *
 * Whose frame is it. With the host's `mapLocation`, a frame is the learner's when it maps (the host
 * knows which scripts are the learner's and where their source is) and prints as Go prints one:
 * `main.worker(...)`, a newline, a tab and `main.ts:17`. Without it, a frame is the learner's unless
 * it is the runtime's, a package's (`node_modules`) or the host's (node internals, native code), and
 * prints with its location as the engine wrote it. Other frames are left out unless
 * `internalFrames` is on. A frame of the goroutine's own function (or an anonymous one) is named
 * like the goroutine (`main.main()`, `main.main.func1()`); others `main.<name>(...)`.
 *
 * Call sites (`callSites` on): the stack is captured once where each goroutine parks and once where
 * it is started, kept unwritten in WeakMaps (nothing per goroutine when off: the G stays small), and
 * read only when a dump, a trace event or the problem report needs it. A location is read from V8's
 * call sites without writing the stack's text (the text cost a traced program most of its time);
 * engines without them give text, whose learner location is remembered by the text (up to
 * LOCATED_MAX stacks), since a program parks at the same few lines thousands of times. V8's stack
 * format and the `name@url:line:column` one of SpiderMonkey and JavaScriptCore are both read.
 *
 * Invariants: text is Go's (`panic: `, `fatal error: `, `goroutine N [running]:`, `created by
 * X in goroutine N`); a frame line is always followed by its location line; a goroutine always
 * shows at least one frame (its function's, when no learner frame is known).
 */
import { formatPanicValue } from './errors.ts';
import { Status, type G, type GoNamer } from './g.ts';
import type { SourceLocation } from './options.ts';

type MapLocation = (url: string, line: number, column: number) => SourceLocation | null;

/** One frame of a JavaScript stack. */
interface Frame {
  /** The function's name as the engine gives it (null: anonymous or top level). */
  readonly fn: string | null;
  /** The location as the engine wrote it (`file:///x/main.js:3:9`). */
  readonly where: string;
  readonly url: string;
  /** 1-based; 0 when the engine gave no position (native code). */
  readonly line: number;
  readonly column: number;
}

/** Frames of the runtime itself and of the host, left out by default. */
const HIDDEN_FRAME =
  /\/src\/runtime\/|\/node_modules\/|node:internal|\(native\)|^\s*at (async )?Promise\.|<anonymous>/;
const V8_FRAME = /^\s+at (?:async )?(?:(.+?) \((.+)\)|(.+))$/;
const OTHER_FRAME = /^(?:async\*)?(?:(.*?)@)?(.+:\d+:\d+)$/;
const POSITION = /^(.*):(\d+):(\d+)$/;

function parseFrame(line: string): Frame | null {
  let fn: string | null;
  let where: string;
  const v8 = V8_FRAME.exec(line);
  if (v8 !== null) {
    fn = v8[1] ?? null;
    where = v8[2] ?? v8[3] ?? '';
  } else {
    const other = OTHER_FRAME.exec(line.trim());
    if (other === null) return null;
    fn = other[1] === undefined || other[1] === '' ? null : other[1];
    where = other[2]!;
  }
  const pos = POSITION.exec(where);
  if (pos === null) return { fn, where, url: where, line: 0, column: 0 };
  return { fn, where, url: pos[1]!, line: Number(pos[2]), column: Number(pos[3]) };
}

function parseStack(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split('\n')) {
    const f = parseFrame(line);
    if (f !== null) frames.push(f);
  }
  return frames;
}

function stackOf(e: unknown): string {
  return e instanceof Error && typeof e.stack === 'string' ? e.stack : '';
}

/** One frame as V8 gives it to `Error.prepareStackTrace` (Node, Chromium); other engines give text. */
interface CallSite {
  getScriptNameOrSourceURL(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  toString(): string;
}

interface StackHolder {
  stack?: unknown;
}
type CaptureStackTrace = (holder: object, below?: (...args: never[]) => unknown) => void;
const ErrorStatics = Error as unknown as {
  captureStackTrace?: CaptureStackTrace;
  prepareStackTrace?: unknown;
};
const captureStackTrace = ErrorStatics.captureStackTrace;
const asCallSites = (_holder: unknown, sites: unknown): unknown => sites;

/**
 * The stack of whoever called `below` (V8 leaves `below` and what it called out), not yet formatted:
 * V8 walks the stack now and makes its `.stack` when it is first read.
 */
function holdBelow(below: (...args: never[]) => unknown): StackHolder {
  const holder: StackHolder = {};
  if (typeof captureStackTrace === 'function') captureStackTrace(holder, below);
  else holder.stack = new Error().stack;
  return holder;
}

/**
 * A held stack's frames: V8's call sites, read through `Error.prepareStackTrace` (set only for this
 * read, then put back) so no text is written, or the text on engines without it. Writing the text
 * was most of what a traced program's channel operations cost.
 */
function framesOf(holder: StackHolder): readonly CallSite[] | string {
  const before = ErrorStatics.prepareStackTrace;
  ErrorStatics.prepareStackTrace = asCallSites;
  let stack: unknown;
  try {
    stack = holder.stack;
  } finally {
    ErrorStatics.prepareStackTrace = before;
  }
  if (Array.isArray(stack)) return stack as CallSite[];
  return typeof stack === 'string' ? stack : '';
}

/** A held stack's text, as V8 writes it (`Error`, then `\n    at <frame>` for each call site). */
function textOf(frames: readonly CallSite[] | string): string {
  if (typeof frames === 'string') return frames;
  let text = 'Error';
  for (const site of frames) text += `\n    at ${String(site)}`;
  return text;
}

/** How many stacks' learner locations are remembered (see the header). */
const LOCATED_MAX = 4096;

/** Formats frames the way Go prints them, keeping the learner's (see the header). */
export class Traceback {
  readonly #map: MapLocation | null;
  readonly #internal: boolean;
  readonly #names: GoNamer;
  readonly #parks: WeakMap<G, StackHolder> | null;
  readonly #starts: WeakMap<G, StackHolder> | null;
  /** A stack's first learner location (null: none), by the stack's text. */
  readonly #located = new Map<string, SourceLocation | null>();

  constructor(names: GoNamer, map: MapLocation | null, internal: boolean, callSites: boolean) {
    this.#names = names;
    this.#map = map;
    this.#internal = internal;
    this.#parks = callSites ? new WeakMap() : null;
    this.#starts = callSites ? new WeakMap() : null;
  }

  /** Whether call sites are recorded. */
  get callSites(): boolean {
    return this.#parks !== null;
  }

  /** Records where `g` parks: the stack of whoever called `below` (the runtime's park). */
  parked(g: G, below: (...args: never[]) => unknown): void {
    this.#parks?.set(g, holdBelow(below));
  }

  /** Records where `g` was started: the stack of whoever called `below` (the runtime's spawn). */
  started(g: G, below: (...args: never[]) => unknown): void {
    this.#starts?.set(g, holdBelow(below));
  }

  /** The learner's line parked `g` waits at (null: not parked, not recorded, or no learner frame). */
  parkSite(g: G): SourceLocation | null {
    const held = g.status === Status.Waiting ? this.#parks?.get(g) : undefined;
    return held === undefined ? null : this.#firstOf(framesOf(held));
  }

  /** The learner's line that called `below` right now (one stack capture), or null. */
  here(below: (...args: never[]) => unknown): SourceLocation | null {
    return this.#firstOf(framesOf(holdBelow(below)));
  }

  /** The first learner location among call sites (mapped directly) or in a stack's text. */
  #firstOf(frames: readonly CallSite[] | string): SourceLocation | null {
    if (typeof frames === 'string' || this.#map === null) return this.firstLocation(textOf(frames));
    for (const site of frames) {
      const line = site.getLineNumber() ?? 0;
      if (line <= 0) continue;
      const found = this.#map(site.getScriptNameOrSourceURL() ?? '', line, site.getColumnNumber() ?? 0);
      if (found !== null) return found;
    }
    return null;
  }

  /** The first learner location in a stack or an error's stack, or null. */
  firstLocation(stackOrError: unknown): SourceLocation | null {
    const stack = typeof stackOrError === 'string' ? stackOrError : stackOf(stackOrError);
    const known = this.#located.get(stack);
    if (known !== undefined) return known;
    let found: SourceLocation | null = null;
    for (const f of parseStack(stack)) {
      found = this.#locate(f);
      if (found !== null) break;
    }
    if (this.#located.size >= LOCATED_MAX) this.#located.clear();
    this.#located.set(stack, found);
    return found;
  }

  /** Go's `panic: <value>` text with the panicking goroutine's trace. */
  panicText(e: unknown, g: G): string {
    return `panic: ${formatPanicValue(e)}\n\n${this.#running(g, stackOf(e))}`;
  }

  /** Go's `fatal error: <msg>` text, with the trace of the goroutine that raised it (if any). */
  fatalText(msg: string, g: G | null, e: unknown): string {
    return `fatal error: ${msg}\n${g === null ? '' : `\n${this.#running(g, stackOf(e))}`}`;
  }

  /** A parked goroutine's frames (where it parked, with call sites on) and creation lines. */
  parkedTrace(g: G): string {
    const held = g.status === Status.Waiting ? this.#parks?.get(g) : undefined;
    return `${this.#frames(held === undefined ? '' : textOf(framesOf(held)), g)}${this.#createdBy(g)}`;
  }

  #running(g: G, stack: string): string {
    return `goroutine ${g.id} [running]:\n${this.#frames(stack, g)}${this.#createdBy(g)}`;
  }

  /** The frames of `stack` worth printing, Go style; the goroutine's own frame when there are none. */
  #frames(stack: string, g: G): string {
    let out = '';
    for (const f of parseStack(stack)) {
      const loc = this.#locate(f);
      if (loc !== null) {
        const where = this.#map === null ? f.where : `${loc.file}:${loc.line}`;
        out += `${this.#frameName(f.fn, g)}\n\t${where}\n`;
      } else if (this.#internal) out += `${f.fn ?? '<anonymous>'}(...)\n\t${f.where}\n`;
    }
    return out === '' ? `${this.#names.frame(g)}\n` : out;
  }

  #frameName(fn: string | null, g: G): string {
    const name = fn?.replace(/^Object\./, '') ?? null;
    if (name === null || name.includes('<anonymous>') || name === g.fn.name.replace(/^bound /, '')) {
      return this.#names.frame(g);
    }
    return `main.${name}(...)`;
  }

  /** Go's `created by` line and, with call sites, the `go` statement's location. */
  #createdBy(g: G): string {
    const line = this.#names.createdBy(g);
    const held = this.#starts?.get(g);
    if (line === '' || held === undefined) return line;
    const stack = textOf(framesOf(held));
    for (const f of parseStack(stack)) {
      const loc = this.#locate(f);
      if (loc !== null) return `${line}\t${this.#map === null ? f.where : `${loc.file}:${loc.line}`}\n`;
    }
    return line;
  }

  /** Where frame `f` is in the learner's source, or null when it is not the learner's. */
  #locate(f: Frame): SourceLocation | null {
    if (this.#map !== null) return f.line > 0 ? this.#map(f.url, f.line, f.column) : null;
    if (f.line === 0 || HIDDEN_FRAME.test(`    at ${f.fn ?? ''} (${f.where})`)) return null;
    if (f.fn === 'runG' || f.fn === 'new Promise') return null;
    return { file: f.url, line: f.line, column: f.column };
  }
}
