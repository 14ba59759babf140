/**
 * The host's view of stdout/stderr: writing its own protocol lines, and capturing what the
 * learner's program writes during a check.
 *
 * Everything a program prints reaches `process.stdout.write` / `process.stderr.write` (Node's
 * console does, the runtime's `write` is pointed there, and the worker runner's console shim routes
 * through them too), so a capture wraps exactly those two functions and tees to the originals: the
 * learner still sees the output live. Invariants: protocol lines are written with the original
 * functions and never captured; a protocol line always starts on a fresh line of the terminal; at
 * most one `problem` line per host process (per run), for the first failure.
 */
import { encodeMessage, type LabMessage, type ProblemMessage } from '../protocol.ts';

type WriteFn = (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;

interface Stream {
  write: WriteFn;
  /** Bytes a Node stream still holds (a pipe to the runner is a socket: writes are asynchronous). */
  readonly writableLength?: number;
}

interface ProcessLike {
  stdout?: Stream;
  stderr?: Stream;
}

const proc = (globalThis as { process?: ProcessLike }).process;
const decoder = new TextDecoder();

function originalWriter(
  stream: Stream | undefined,
  fallback: (text: string) => void,
): (text: string) => void {
  if (stream === undefined) return fallback;
  const write: WriteFn = stream.write.bind(stream);
  originals.set(stream, write);
  return (text) => {
    write(text);
  };
}

/** The stream's own write, as it was before installStdio wrapped it. */
const originals = new Map<Stream, WriteFn>();
const originalWrite = (stream: Stream): WriteFn => originals.get(stream) ?? stream.write.bind(stream);

const realOut = originalWriter(proc?.stdout, (text) => console.log(text.replace(/\n$/, '')));
const realErr = originalWriter(proc?.stderr, (text) => console.error(text.replace(/\n$/, '')));

/** Whether the last text on stdout ended a line (a protocol line must start on a fresh line). */
let atLineStart = true;

/** Whether stdout is at the start of a line (a protocol line written now splits no line of the program). */
export function outputAtLineStart(): boolean {
  return atLineStart;
}

function toText(chunk: string | Uint8Array): string {
  return typeof chunk === 'string' ? chunk : decoder.decode(chunk);
}

/** Characters of protocol lines written so far (what the runner's protocol cap counts). */
let messageChars = 0;

/** How much of the runner's protocol cap (`PROTOCOL_OUTPUT_LIMIT`) the host's messages have used. */
export function writtenMessageChars(): number {
  return messageChars;
}

function writeOut(text: string): void {
  if (text === '') return;
  atLineStart = text.endsWith('\n');
  realOut(text);
}

export function writeErr(text: string): void {
  realErr(text);
}

/** Prints a protocol message on a line of its own. */
export function writeMessage(message: LabMessage): void {
  if (!atLineStart) writeOut('\n');
  const line = encodeMessage(message);
  messageChars += line.length;
  writeOut(line);
}

let problemWritten = false;

/** Prints where the program failed, for the editor to mark: only the first time in this run. */
export function writeProblem(problem: Omit<ProblemMessage, 'type'>): void {
  if (problemWritten) return;
  problemWritten = true;
  writeMessage({ type: 'problem', ...problem });
}

/** The runtime's `write` option: goes through the (possibly captured) process streams. */
export function runtimeWrite(fd: 1 | 2, text: string): void {
  const stream = fd === 1 ? proc?.stdout : proc?.stderr;
  if (stream !== undefined) {
    stream.write(text);
    return;
  }
  record(fd, text);
  if (fd === 1) writeOut(text);
  else writeErr(text);
}

export interface Capture {
  stdout: string;
  stderr: string;
  output: string;
}

let active: Capture | undefined;
/** The active capture does not reach the terminal (the runs `t.explore` makes after its first). */
let quiet = false;
let installed = false;
/** The host is exiting: nothing more reaches the terminal. */
let closed = false;

function record(fd: 1 | 2, text: string): void {
  if (active === undefined) return;
  if (fd === 1) active.stdout += text;
  else active.stderr += text;
  active.output += text;
}

/**
 * Routes the process streams through the host (once): needed to know where lines end, and for
 * captures. Called at host start in every mode.
 */
export function installStdio(): void {
  if (!installed && proc?.stdout !== undefined && proc.stderr !== undefined) {
    installed = true;
    const wrap = (stream: Stream, fd: 1 | 2) => {
      stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = toText(chunk);
        record(fd, text);
        if (closed || (quiet && active !== undefined)) {
          // Captured only (a quiet run), or after the exit was decided.
        } else if (fd === 1) writeOut(text);
        else writeErr(text);
        // Node's write(chunk, cb) contract: call back once written (it is, synchronously).
        const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      };
    };
    wrap(proc.stdout, 1);
    wrap(proc.stderr, 2);
  }
}

/** Whether a quiet capture is active: the program runs unseen (the runs `t.explore` makes after its first). */
export function captureIsQuiet(): boolean {
  return quiet && active !== undefined;
}

/**
 * Starts capturing program output into `sink` (still teeing it to the terminal); returns the
 * function that stops. Only one capture is active at a time: starting one ends the previous.
 */
export function capture(sink: Capture, tee = true): () => void {
  installStdio();
  active = sink;
  quiet = !tee;
  return () => {
    if (active === sink) {
      active = undefined;
      quiet = false;
    }
  };
}

/**
 * Stops output and resolves once what was written has left the process. Node writes to the pipe
 * a runner reads (a socket) asynchronously, and `process.exit` drops what is still queued: a long
 * output could lose its end, and a check its report line.
 */
export function flushOutput(): Promise<void> {
  closed = true;
  const pending = [proc?.stdout, proc?.stderr].filter(
    (stream): stream is Stream => (stream?.writableLength ?? 0) > 0,
  );
  return Promise.all(
    pending.map((stream) => new Promise<void>((resolve) => originalWrite(stream)('', () => resolve()))),
  ).then(() => undefined);
}
