/**
 * What a program prints when it ends badly (Go's panic.go printing and traceback.go): the text of a
 * panic and of a fatal error, and the stack frames they and the deadlock dump show, read from
 * JavaScript stacks.
 *
 * A frame is the learner's unless it is the runtime's, a package's (`node_modules`) or the host's
 * (node internals, native code); only the learner's are printed, as Go prints a frame:
 * `main.worker(...)`, a newline, a tab and the location as the engine wrote it. A frame of the
 * goroutine's own function (or an anonymous one) is named like the goroutine (`main.main()`,
 * `main.main.func1()`); others `main.<name>(...)`. V8's stack format and the `name@url:line:column`
 * one of SpiderMonkey and JavaScriptCore are both read.
 *
 * Invariants: text is Go's (`panic: `, `fatal error: `, `goroutine N [running]:`, `created by
 * X in goroutine N`); a frame line is always followed by its location line; a goroutine always
 * shows at least one frame (its function's, when no learner frame is known).
 */
import { formatPanicValue } from './errors.ts';
import type { G, GoNamer } from './g.ts';

/** One frame of a JavaScript stack. */
interface Frame {
  /** The function's name as the engine gives it (null: anonymous or top level). */
  readonly fn: string | null;
  /** The location as the engine wrote it (`file:///x/main.js:3:9`). */
  readonly where: string;
  /** 1-based; 0 when the engine gave no position (native code). */
  readonly line: number;
}

/** Frames of the runtime itself and of the host, left out. */
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
  return { fn, where, line: pos === null ? 0 : Number(pos[2]) };
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

/** Formats frames the way Go prints them, keeping the learner's (see the header). */
export class Traceback {
  readonly #names: GoNamer;

  constructor(names: GoNamer) {
    this.#names = names;
  }

  /** Go's `panic: <value>` text with the panicking goroutine's trace. */
  panicText(e: unknown, g: G): string {
    return `panic: ${formatPanicValue(e)}\n\n${this.#running(g, stackOf(e))}`;
  }

  /** Go's `fatal error: <msg>` text, with the trace of the goroutine that raised it (if any). */
  fatalText(msg: string, g: G | null, e: unknown): string {
    return `fatal error: ${msg}\n${g === null ? '' : `\n${this.#running(g, stackOf(e))}`}`;
  }

  /** A parked goroutine's frame and creation line, for the deadlock dump. */
  parkedTrace(g: G): string {
    return `${this.#names.frame(g)}\n${this.#names.createdBy(g)}`;
  }

  #running(g: G, stack: string): string {
    return `goroutine ${g.id} [running]:\n${this.#frames(stack, g)}${this.#names.createdBy(g)}`;
  }

  /** The learner's frames of `stack`, Go style; the goroutine's own frame when there are none. */
  #frames(stack: string, g: G): string {
    let out = '';
    for (const f of parseStack(stack)) {
      if (this.#learners(f)) out += `${this.#frameName(f.fn, g)}\n\t${f.where}\n`;
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

  #learners(f: Frame): boolean {
    if (f.line === 0 || HIDDEN_FRAME.test(`    at ${f.fn ?? ''} (${f.where})`)) return false;
    return f.fn !== 'runG' && f.fn !== 'new Promise';
  }
}
