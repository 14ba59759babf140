/**
 * Readable names for the runtime's channels and locks, read from the learner's source: the runtime
 * knows a channel only by its number, but the line a goroutine is parked at says what the learner
 * called it (`await ping.send(1)` → `ping`; a select's `out: send(results, v)` → `results`). Also:
 * whether code after a parked goroutine's line would later operate on a name (who could have woken
 * a waiter), which is how the explainer draws a cycle through a channel.
 *
 * Invariants: a name is a plain identifier path (`ping`, `this.results`, at most 40 characters),
 * never other source text; anything not recognised gives null, and the caller falls back to the
 * object's number. Pure: no DOM, no runtime.
 */
import type { SourceLocation, WaitOp } from 'gort';

/** The learner's files that ran, by name (`main.ts`). */
export type SourceFiles = Readonly<Record<string, string>>;

const PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
const RECEIVER = /([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*\??\.\s*$/;
/** `name =` or `name: Type =` just before the made value (no `==`, no arrow). */
const ASSIGNED = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(?::[^=]+)?(?<![=!<>])=\s*(?:new\s+)?$/;
const RANGE = /\bof\s+([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\)/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function clean(name: string | undefined): string | null {
  if (name === undefined) return null;
  const path = name.replace(/\s+/g, '').replace(/\?\./g, '.');
  return PATH.test(path) && path.length <= 40 ? path : null;
}

function lineOf(files: SourceFiles, at: SourceLocation): string | null {
  const text = files[at.file];
  if (text === undefined) return null;
  return text.split('\n')[at.line - 1] ?? null;
}

/** What the value made at `at` is assigned to: `const ping = chan()` → `ping`, `this.jobs = chan(1)` → `this.jobs`. */
export function declaredName(files: SourceFiles, at: SourceLocation): string | null {
  const line = lineOf(files, at);
  if (line === null) return null;
  const before = line.slice(0, Math.max(0, at.column - 1));
  return clean(ASSIGNED.exec(before)?.[1]);
}

/**
 * The name of what a plain operation parked at `at` works on: the receiver of the method called
 * there (`ping.send(...)`, `mu.lock()`, `wg.wait()`), or the channel of a `for await (... of ch)`.
 */
export function receiverName(files: SourceFiles, at: SourceLocation): string | null {
  const line = lineOf(files, at);
  if (line === null) return null;
  const before = line.slice(0, Math.max(0, at.column - 1));
  return clean(RECEIVER.exec(before)?.[1]) ?? clean(RANGE.exec(line)?.[1]);
}

/** The channel of select case `key` (`key: recv(ch)` / `key: send(ch, v)`), from `at` on. */
export function selectCaseName(files: SourceFiles, at: SourceLocation, key: string): string | null {
  const text = files[at.file];
  if (text === undefined) return null;
  const lines = text.split('\n');
  const from = lines.slice(at.line - 1).join('\n');
  const keyPattern = `(?:${escape(key)}|'${escape(key)}'|"${escape(key)}")`;
  const m = new RegExp(`${keyPattern}\\s*:\\s*(?:recv|send)\\(\\s*([\\w$.?\\s]+?)\\s*[,)]`).exec(from);
  return clean(m?.[1]);
}

/** The operations that complete (and so wake) a waiter doing `op` on a channel named `name`. */
function wakers(op: WaitOp, name: string): RegExp {
  const n = escape(name);
  return op === 'send'
    ? new RegExp(`${n}\\s*\\.\\s*recv2?\\s*\\(|\\brecv\\(\\s*${n}\\s*\\)|\\bof\\s+${n}\\s*\\)`)
    : new RegExp(`${n}\\s*\\.\\s*(?:send|close)\\s*\\(|\\bsend\\(\\s*${n}\\s*,|\\bclose\\(\\s*${n}\\s*\\)`);
}

/**
 * Where the code a goroutine would run after its line `at` (to the end of the enclosing block)
 * does what would wake a waiter doing `op` on channel `name`: the first such line, or null.
 */
export function laterWaker(
  files: SourceFiles,
  at: SourceLocation,
  op: WaitOp,
  name: string,
): SourceLocation | null {
  const text = files[at.file];
  if (text === undefined || (op !== 'send' && op !== 'recv')) return null;
  const lines = text.split('\n');
  const pattern = wakers(op, name);
  let depth = 0;
  for (let i = at.line - 1; i < lines.length; i++) {
    const line = i === at.line - 1 ? lines[i]!.slice(at.column - 1) : lines[i]!;
    const m = pattern.exec(line);
    // Braces before the match on the same line still count: stop once the block is closed.
    const upTo = m === null ? line : line.slice(0, m.index);
    for (const c of upTo) {
      if (c === '{') depth++;
      else if (c === '}' && --depth < 0) return null;
    }
    if (m !== null)
      return { file: at.file, line: i + 1, column: (i === at.line - 1 ? at.column - 1 : 0) + m.index + 1 };
    for (const c of line.slice(upTo.length)) {
      if (c === '{') depth++;
      else if (c === '}' && --depth < 0) return null;
    }
  }
  return null;
}
