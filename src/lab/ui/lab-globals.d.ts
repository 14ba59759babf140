/**
 * The global names lab code may use beyond the language itself (lib.es2022): those both lab
 * runners give a program, Node and a Web Worker (the sandbox), so the editor flags what neither
 * has (`document`, `window`, `require`) and accepts what both do. The lab editor's TypeScript
 * worker reads this file as an extra lib (monaco.ts, `LAB_GLOBALS`), in place of lib.dom.d.ts.
 *
 * Why not lib.dom: it is 2.3 MB of declarations for a browser page no lab runs in. Measured
 * 2026-12-04 (issue 23): building the worker's first program took 946 ms with it and 481 ms without
 * (Node, Monaco's worker class); the worker shrank from 1.37 to 1.10 MB gzip; on the phone profile
 * (CPU 4x) the first error after a click went from 2.5-2.75 s to 1.65-1.9 s. The tests type-check
 * every lab's starter and solution, the API reference's examples and the cheat sheet's rows against
 * this file (tests/lab/ui-editor-types.test.ts, tests/site/), so a name missing here fails there.
 *
 * Invariants: a script (no import or export), so every declaration is global; each member exists in
 * Node 22+ and in a dedicated Web Worker, with the signature both share; nothing here is a DOM-only
 * name. Excluded from the site's own tsconfig, whose lib.dom and @types/node declare the same names.
 */

interface Console {
  assert(condition?: boolean, ...data: unknown[]): void;
  clear(): void;
  count(label?: string): void;
  countReset(label?: string): void;
  debug(...data: unknown[]): void;
  dir(item?: unknown, options?: unknown): void;
  error(...data: unknown[]): void;
  group(...data: unknown[]): void;
  groupCollapsed(...data: unknown[]): void;
  groupEnd(): void;
  info(...data: unknown[]): void;
  log(...data: unknown[]): void;
  table(tabularData?: unknown, properties?: string[]): void;
  time(label?: string): void;
  timeEnd(label?: string): void;
  timeLog(label?: string, ...data: unknown[]): void;
  trace(...data: unknown[]): void;
  warn(...data: unknown[]): void;
}
declare var console: Console;

/** What `setTimeout` and `setInterval` return: a number in a worker, an object in Node. */
interface LabTimerHandle {
  readonly __labTimerHandle?: never;
}
declare function setTimeout<A extends unknown[]>(
  handler: (...args: A) => void,
  timeout?: number,
  ...args: A
): LabTimerHandle;
declare function clearTimeout(handle: LabTimerHandle | undefined): void;
declare function setInterval<A extends unknown[]>(
  handler: (...args: A) => void,
  timeout?: number,
  ...args: A
): LabTimerHandle;
declare function clearInterval(handle: LabTimerHandle | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;
declare function atob(data: string): string;
declare function btoa(data: string): string;

interface Event {
  readonly type: string;
  readonly target: EventTarget | null;
  readonly timeStamp: number;
  preventDefault(): void;
  stopPropagation(): void;
}
declare var Event: {
  prototype: Event;
  new (type: string): Event;
};
interface EventTarget {
  addEventListener(type: string, listener: (event: Event) => void, options?: { once?: boolean }): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
}
declare var EventTarget: {
  prototype: EventTarget;
  new (): EventTarget;
};

interface DOMException extends Error {
  readonly name: string;
  readonly message: string;
}
declare var DOMException: {
  prototype: DOMException;
  new (message?: string, name?: string): DOMException;
};

interface AbortSignal extends EventTarget {
  readonly aborted: boolean;
  readonly reason: unknown;
  onabort: ((event: Event) => void) | null;
  throwIfAborted(): void;
}
declare var AbortSignal: {
  prototype: AbortSignal;
  abort(reason?: unknown): AbortSignal;
  any(signals: AbortSignal[]): AbortSignal;
  timeout(milliseconds: number): AbortSignal;
};
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: {
  prototype: AbortController;
  new (): AbortController;
};

interface URLSearchParams {
  readonly size: number;
  append(name: string, value: string): void;
  delete(name: string, value?: string): void;
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string, value?: string): boolean;
  set(name: string, value: string): void;
  sort(): void;
  toString(): string;
  forEach(callback: (value: string, key: string, parent: URLSearchParams) => void): void;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}
declare var URLSearchParams: {
  prototype: URLSearchParams;
  new (init?: string | Record<string, string> | Iterable<readonly [string, string]>): URLSearchParams;
};
interface URL {
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  readonly searchParams: URLSearchParams;
  username: string;
  toString(): string;
  toJSON(): string;
}
declare var URL: {
  prototype: URL;
  new (url: string | URL, base?: string | URL): URL;
  canParse(url: string | URL, base?: string | URL): boolean;
};

interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};
interface TextDecoder {
  readonly encoding: string;
  decode(input?: ArrayBuffer | ArrayBufferView, options?: { stream?: boolean }): string;
}
declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};

declare var performance: {
  readonly timeOrigin: number;
  now(): number;
};
declare var crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  randomUUID(): `${string}-${string}-${string}-${string}-${string}`;
};

/**
 * The part of Node's `process` the sandbox gives a program too (its shim,
 * src/lab/runners/worker-sandbox/worker-main.ts): arguments, an empty environment, the exit status.
 */
declare var process: {
  readonly argv: string[];
  readonly env: Record<string, string | undefined>;
  readonly platform: string;
  exitCode: number | undefined;
  cwd(): string;
  exit(code?: number): never;
  readonly stdout: { write(chunk: string): boolean };
  readonly stderr: { write(chunk: string): boolean };
};
