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
 * it is started, kept in WeakMaps (nothing per goroutine when off: the G stays small), and parsed
 * only when a dump, a trace event or the problem report needs it. V8's stack format and the
 * `name@url:line:column` one of SpiderMonkey and JavaScriptCore are both read.
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

interface StackHolder {
  stack?: string | undefined;
}
type CaptureStackTrace = (holder: object, below?: (...args: never[]) => unknown) => void;
const captureStackTrace = (Error as unknown as { captureStackTrace?: CaptureStackTrace }).captureStackTrace;

/** The stack of whoever called `below` (V8 leaves `below` and what it called out). */
function captureBelow(below: (...args: never[]) => unknown): string {
  const holder: StackHolder = {};
  if (typeof captureStackTrace === 'function') captureStackTrace(holder, below);
  else holder.stack = new Error().stack;
  return holder.stack ?? '';
}

/** Formats frames the way Go prints them, keeping the learner's (see the header). */
export class Traceback {
  readonly #map: MapLocation | null;
  readonly #internal: boolean;
  readonly #names: GoNamer;
  readonly #parks: WeakMap<G, string> | null;
  readonly #starts: WeakMap<G, string> | null;

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
    this.#parks?.set(g, captureBelow(below));
  }

  /** Records where `g` was started: the stack of whoever called `below` (the runtime's spawn). */
  started(g: G, below: (...args: never[]) => unknown): void {
    this.#starts?.set(g, captureBelow(below));
  }

  /** The learner's line parked `g` waits at (null: not parked, not recorded, or no learner frame). */
  parkSite(g: G): SourceLocation | null {
    const stack = g.status === Status.Waiting ? this.#parks?.get(g) : undefined;
    return stack === undefined ? null : this.firstLocation(stack);
  }

  /** The learner's line that called `below` right now (one stack capture), or null. */
  here(below: (...args: never[]) => unknown): SourceLocation | null {
    return this.firstLocation(captureBelow(below));
  }

  /** The first learner location in a stack or an error's stack, or null. */
  firstLocation(stackOrError: unknown): SourceLocation | null {
    const stack = typeof stackOrError === 'string' ? stackOrError : stackOf(stackOrError);
    for (const f of parseStack(stack)) {
      const loc = this.#locate(f);
      if (loc !== null) return loc;
    }
    return null;
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
    const stack = g.status === Status.Waiting ? this.#parks?.get(g) : undefined;
    return `${this.#frames(stack ?? '', g)}${this.#createdBy(g)}`;
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
    const stack = this.#starts?.get(g);
    if (line === '' || stack === undefined) return line;
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
