/**
 * What the runtime needs from its host, found without importing anything: a macrotask, a
 * monotonic clock, and default output/exit through `globalThis.process` when it exists (Node, a
 * WebContainer) or the console (a Web Worker). No `node:*` import and no DOM: the runtime must load
 * unchanged in all three places.
 */

interface WritableLike {
  write(text: string): unknown;
}
interface ProcessLike {
  stdout?: WritableLike;
  stderr?: WritableLike;
  exit?: (code: number) => void;
  once?: (event: string, listener: () => void) => unknown;
  removeListener?: (event: string, listener: () => void) => unknown;
}
interface HostGlobals {
  process?: ProcessLike;
  setImmediate?: (fn: () => void) => unknown;
  MessageChannel?: new () => {
    port1: { onmessage: (() => void) | null };
    port2: { postMessage(v: unknown): void };
  };
  performance?: { now(): number };
}

const host = globalThis as unknown as HostGlobals;

/**
 * Runs `fn` once the microtask queue has drained (a macrotask). The deadlock detector and the
 * virtual clock use it: only then do we know no goroutine is about to run.
 */
export const macrotask: (fn: () => void) => void = (() => {
  const si = host.setImmediate;
  if (typeof si === 'function') return (fn: () => void) => void si(fn);
  const MC = host.MessageChannel;
  if (typeof MC === 'function') {
    const queue: (() => void)[] = [];
    const channel = new MC();
    channel.port1.onmessage = () => queue.shift()?.();
    return (fn: () => void) => {
      queue.push(fn);
      channel.port2.postMessage(0);
    };
  }
  return (fn: () => void) => void setTimeout(fn, 0);
})();

/** Monotonic milliseconds (sub-millisecond where the host allows). */
export const monotonicNow: () => number =
  typeof host.performance?.now === 'function' ? () => host.performance!.now() : () => Date.now();

/** Default output: process.stdout/stderr when there is a process, else the console. */
export function defaultWrite(fd: 1 | 2, text: string): void {
  const stream = fd === 1 ? host.process?.stdout : host.process?.stderr;
  if (stream !== undefined && typeof stream.write === 'function') {
    stream.write(text);
    return;
  }
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (fd === 1) console.log(line);
  else console.error(line);
}

/**
 * Calls `fn` when the host is about to exit because nothing is left to do (Node's `beforeExit`):
 * no timer, no socket, no pending I/O. Returns a function that cancels the subscription.
 */
export function onHostIdle(fn: () => void): () => void {
  const proc = host.process;
  if (typeof proc?.once !== 'function' || typeof proc.removeListener !== 'function') return () => undefined;
  proc.once('beforeExit', fn);
  return () => void proc.removeListener?.('beforeExit', fn);
}

/** Default exit: process.exit when there is one; otherwise the host must configure `exit`. */
export function defaultExit(code: number): void {
  host.process?.exit?.(code);
}
