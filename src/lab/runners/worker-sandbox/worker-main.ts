/**
 * The Web Worker side of the fallback runner: makes the worker look enough like `node <entry>`
 * for the lab host and learner programs, imports the linked entry, and reports output and exit.
 *
 * - `process`: argv, env (empty), cwd(), platform, versions, exit(code), exitCode, stdout/stderr.write,
 *   nextTick, hrtime, on/once/off/emit ('exit', 'beforeExit', 'uncaughtException',
 *   'unhandledRejection'), plus `setImmediate`. `console.*` formats like Node (console-format.ts)
 *   and writes through `process.stdout/stderr.write`, looked up at call time, so the host's
 *   capture of those two functions sees console output as it does in Node.
 * - Output is batched (at most one message per `batchMs`, or per `batchBytes`) so a flood costs a
 *   few messages, and capped at `outputLimit` characters of the program's text and `protocolLimit` of the host's
 *   protocol lines (output-budget.ts): past either nothing more is sent and a `limit`
 *   message asks the page to stop the run.
 * - The run ends like a Node process: `process.exit(code)`; an uncaught error or unhandled
 *   rejection (printed `Uncaught <stack>`, exit 1) unless a listener handles it; or an empty event
 *   loop — no timers, immediates, import() still loading, announced listening services, the
 *   program's own `fetch()` calls in flight (until their body is read: an open response keeps Node
 *   alive too) or the page's HTTP calls, seen on two consecutive macrotasks — after 'beforeExit',
 *   with `process.exitCode`. So a goroutine awaiting a fetch is in a syscall, never deadlocked. (A top-level await that never settles, which Node ends with status 13,
 *   keeps the run alive here until Stop or the lab's time limit: module loading cannot be told
 *   apart from waiting.)
 * - Every `import(x)` in the tree was rewritten by the linker to `__labImport(importer, x)`:
 *   resolved here from the linker's tables, counted while loading. A relative specifier with a
 *   query (`./main.js?run=2`: the lab host evaluating the entry again for a check's next run, as
 *   Node does for a new URL) loads the same module's blob URL with the query as its fragment, which
 *   is a new module to the loader, so the entry runs again here too. `__labLocate(url, line, column)`
 *   gives a stack frame's place in the tree (path, and the column before linking moved it).
 *
 * Invariants: self-contained (shipped as source text: `(${workerMain})(${createConsoleFormatter})`);
 * after exit nothing more is written or sent except the single `exit` message.
 */
import type { OutputBudget } from '../../output-budget.ts';
import type { ConsoleFormatter } from './console-format.ts';
import type { OutputChunk, WorkerEvent, WorkerHttpMessage, WorkerStartMessage } from './messages.ts';

export function workerMain(
  createConsoleFormatter: () => ConsoleFormatter,
  createOutputBudget: (limit: number, protocolLimit: number) => OutputBudget,
): void {
  interface WorkerScope {
    postMessage(message: WorkerEvent): void;
    addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
    addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
    addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
    close(): void;
  }
  type Listener = (...args: unknown[]) => void;
  type TimerId = ReturnType<typeof setTimeout>;

  const scope = globalThis as unknown as WorkerScope;
  const global = globalThis as unknown as Record<string, unknown>;
  const formatter = createConsoleFormatter();
  const originalSetTimeout = setTimeout.bind(globalThis);
  const originalClearTimeout = clearTimeout.bind(globalThis);
  const originalSetInterval = setInterval.bind(globalThis);
  const originalClearInterval = clearInterval.bind(globalThis);
  const decoder = new TextDecoder();
  /** Thrown by process.exit() to unwind the caller, as Node never returns from it. */
  const exitSignal = new Error('process.exit() ended the program');

  let config: WorkerStartMessage | undefined;
  let exited = false;
  /** import() calls still loading: module loading is not a timer, but it keeps the program alive. */
  let pendingImports = 0;
  let listening = false;
  let httpInFlight = 0;
  /** The program's own fetch() calls and body reads in flight: outside I/O keeps it alive. */
  let fetchesInFlight = 0;
  const activeTimers = new Set<TimerId>();
  const immediates = new Map<number, () => void>();
  let nextImmediate = 1;

  // ---- output -------------------------------------------------------------------------------
  let queue: Array<[OutputChunk[0], string]> = [];
  let queuedChars = 0;
  /** Set from the start message: what may still be sent (output-budget.ts). */
  let budget: OutputBudget | undefined;
  let limited = false;
  let flushTimer: TimerId | undefined;
  let lastFlushAt = -Infinity;

  const flush = () => {
    if (flushTimer !== undefined) originalClearTimeout(flushTimer);
    flushTimer = undefined;
    if (queue.length === 0) return;
    lastFlushAt = performance.now();
    const chunks = queue;
    queue = [];
    queuedChars = 0;
    scope.postMessage({ type: 'output', chunks });
  };

  const write = (stream: OutputChunk[0], text: string) => {
    if (exited || limited || text === '' || config === undefined) return;
    if (text.includes('\x1eLAB {"type":"listen"')) listening = true; // a listening server keeps Node alive
    budget ??= createOutputBudget(config.outputLimit, config.protocolLimit);
    const { fits, full } = budget.take(text, stream);
    limited = full;
    const piece = fits === text.length ? text : text.slice(0, fits);
    const last = queue[queue.length - 1];
    if (last !== undefined && last[0] === stream) last[1] += piece;
    else queue.push([stream, piece]);
    queuedChars += piece.length;
    if (limited) {
      flush();
      scope.postMessage({ type: 'limit' });
    } else if (queuedChars >= config.batchBytes || performance.now() - lastFlushAt >= config.batchMs) {
      // Throttled, not debounced: a program that prints and then spins in a loop still shows
      // what it printed, and a flood costs at most one message per batchMs (or batchBytes).
      flush();
    } else flushTimer ??= originalSetTimeout(flush, config.batchMs);
  };

  const toText = (chunk: unknown) => (chunk instanceof Uint8Array ? decoder.decode(chunk) : String(chunk));

  // ---- process --------------------------------------------------------------------------------
  const listeners = new Map<string, Listener[]>();
  const listenersOf = (event: string) => listeners.get(event) ?? [];
  const emit = (event: string, ...args: unknown[]): boolean => {
    const list = listenersOf(event);
    for (const listener of [...list]) listener(...args);
    return list.length > 0;
  };

  const makeStream = (name: OutputChunk[0], fd: number) => {
    const stream = {
      fd,
      isTTY: false,
      columns: 80,
      writable: true,
      write(chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
        write(name, toText(chunk));
        const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
        if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
        return true;
      },
      on: () => stream,
      once: () => stream,
      off: () => stream,
      end: () => undefined,
    };
    return stream;
  };

  const timeOrigin = performance.now();
  const hrtime = (previous?: readonly [number, number]): [number, number] => {
    const nowNs = BigInt(Math.round((performance.now() - timeOrigin) * 1e6));
    let seconds = Number(nowNs / 1_000_000_000n);
    let nanos = Number(nowNs % 1_000_000_000n);
    if (previous !== undefined) {
      seconds -= previous[0];
      nanos -= previous[1];
      if (nanos < 0) {
        seconds--;
        nanos += 1e9;
      }
    }
    return [seconds, nanos];
  };
  hrtime.bigint = () => BigInt(Math.round((performance.now() - timeOrigin) * 1e6));

  const processShim = {
    title: 'node',
    argv: [] as string[],
    execArgv: [] as string[],
    env: {} as Record<string, string>,
    platform: 'linux',
    arch: 'x64',
    pid: 1,
    ppid: 0,
    version: 'v24.0.0',
    versions: { node: '24.0.0' } as Record<string, string>,
    release: { name: 'node' },
    exitCode: undefined as number | string | undefined,
    stdout: makeStream('stdout', 1),
    stderr: makeStream('stderr', 2),
    cwd: () => config?.cwd ?? '/',
    hrtime,
    uptime: () => (performance.now() - timeOrigin) / 1000,
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
    nextTick: (fn: Listener, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
    exit(code?: number | string): never {
      end(code === undefined ? exitCodeOf(processShim.exitCode) : exitCodeOf(code));
      throw exitSignal;
    },
    on(event: string, listener: Listener) {
      listeners.set(event, [...listenersOf(event), listener]);
      return processShim;
    },
    addListener(event: string, listener: Listener) {
      return processShim.on(event, listener);
    },
    once(event: string, listener: Listener) {
      const wrapped: Listener = (...args) => {
        processShim.off(event, wrapped);
        listener(...args);
      };
      return processShim.on(event, wrapped);
    },
    off(event: string, listener: Listener) {
      listeners.set(
        event,
        listenersOf(event).filter((l) => l !== listener),
      );
      return processShim;
    },
    removeListener(event: string, listener: Listener) {
      return processShim.off(event, listener);
    },
    removeAllListeners(event?: string) {
      if (event === undefined) listeners.clear();
      else listeners.delete(event);
      return processShim;
    },
    emit,
    listeners: (event: string) => [...listenersOf(event)],
    listenerCount: (event: string) => listenersOf(event).length,
  };

  const exitCodeOf = (code: unknown): number => {
    const n = typeof code === 'string' ? Number.parseInt(code, 10) : typeof code === 'number' ? code : 0;
    return Number.isFinite(n) ? n & 0xff : 0;
  };

  /** Ends the run once: 'exit' listeners, the last output, then the exit message. */
  const end = (code: number) => {
    if (exited) return;
    processShim.exitCode = code;
    try {
      emit('exit', code);
    } catch {
      // Node ignores nothing here either, but there is no later point to report it at.
    }
    flush();
    exited = true;
    scope.postMessage({ type: 'exit', code });
    scope.close();
  };

  // ---- errors ---------------------------------------------------------------------------------
  /** Stack frames of this script (the timer and import wrappers) are noise to the learner. */
  const ownUrl = String((globalThis as unknown as { location?: { href?: string } }).location?.href ?? '');
  const readableStack = (text: string): string => {
    let out =
      ownUrl === ''
        ? text
        : text
            .split('\n')
            .filter((line) => !line.includes(ownUrl))
            .join('\n');
    for (const [url, path] of Object.entries(config?.paths ?? {})) out = out.split(url).join(path);
    return out;
  };

  const describeError = (error: unknown): string => {
    if (error instanceof Error) {
      const stack =
        typeof error.stack === 'string' && error.stack !== ''
          ? error.stack
          : `${error.name}: ${error.message}`;
      return readableStack(
        stack.includes(error.message) ? stack : `${error.name}: ${error.message}\n${stack}`,
      );
    }
    return formatter.inspect(error);
  };

  const crash = (error: unknown, kind: 'uncaughtException' | 'unhandledRejection') => {
    if (exited || error === exitSignal) return;
    try {
      if (kind === 'unhandledRejection' && emit('unhandledRejection', error)) return;
      if (emit('uncaughtException', error, kind)) return;
    } catch (listenerError) {
      error = listenerError;
    }
    write('stderr', `Uncaught ${describeError(error)}\n`);
    end(1);
  };

  scope.addEventListener('error', (event) => {
    event.preventDefault();
    crash(event.error ?? new Error(event.message), 'uncaughtException');
  });
  scope.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    crash(event.reason, 'unhandledRejection');
  });

  // ---- timers and the empty event loop ------------------------------------------------------
  let idleChecks = 0;
  let idleTimer: TimerId | undefined;

  const scheduleIdleCheck = () => {
    if (exited || idleTimer !== undefined) return;
    idleTimer = originalSetTimeout(checkIdle, 0);
  };

  const isIdle = () =>
    activeTimers.size === 0 &&
    immediates.size === 0 &&
    pendingImports === 0 &&
    !listening &&
    httpInFlight === 0 &&
    fetchesInFlight === 0;

  const joinPath = (importer: string, relative: string): string | undefined => {
    const parts = relative.startsWith('/') ? [] : importer.split('/').slice(0, -1);
    for (const part of relative.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length === 0) return undefined;
        parts.pop();
      } else parts.push(part);
    }
    return parts.join('/');
  };

  function checkIdle() {
    idleTimer = undefined;
    if (exited) return;
    if (!isIdle()) {
      idleChecks = 0;
      return;
    }
    // Twice in a row, a macrotask apart: work scheduled in ways not counted here (a MessageChannel
    // the program made) gets a turn before the loop is declared empty.
    if (++idleChecks < 2) {
      scheduleIdleCheck();
      return;
    }
    idleChecks = 0;
    try {
      emit('beforeExit', exitCodeOf(processShim.exitCode));
    } catch (error) {
      crash(error, 'uncaughtException');
      return;
    }
    if (isIdle()) end(exitCodeOf(processShim.exitCode));
    else scheduleIdleCheck();
  }

  const trackTimer = (repeat: boolean) =>
    function (handler: unknown, delay?: number, ...args: unknown[]): TimerId {
      if (typeof handler !== 'function')
        return (repeat ? originalSetInterval : originalSetTimeout)(() => undefined, delay);
      const callback = () => {
        if (!repeat) activeTimers.delete(id);
        try {
          (handler as Listener)(...args);
        } finally {
          scheduleIdleCheck();
        }
      };
      const id = (repeat ? originalSetInterval : originalSetTimeout)(callback, delay);
      activeTimers.add(id);
      return id;
    };
  const clearTracked = (repeat: boolean) => (id?: TimerId) => {
    if (id === undefined) return;
    activeTimers.delete(id);
    (repeat ? originalClearInterval : originalClearTimeout)(id);
    scheduleIdleCheck();
  };

  const immediateChannel = new MessageChannel();
  immediateChannel.port1.onmessage = (event: MessageEvent<number>) => {
    const run = immediates.get(event.data);
    if (run === undefined) return;
    immediates.delete(event.data);
    try {
      run();
    } finally {
      scheduleIdleCheck();
    }
  };

  // ---- HTTP for the page's request panel -----------------------------------------------------
  const handleHttp = async (message: WorkerHttpMessage) => {
    const meshUrl = config?.meshUrl;
    if (meshUrl === undefined) {
      scope.postMessage({
        type: 'http-result',
        requestId: message.requestId,
        errorCode: 'no-services',
        error: 'this lab does not mount gomesh, so it has no services to call',
      });
      return;
    }
    httpInFlight++;
    try {
      const mesh = (await import(meshUrl)) as {
        request?: (
          url: string,
          init: { method: string; headers: Record<string, string>; body?: string },
        ) => Promise<{ status: number; headers: Record<string, string>; text(): Promise<string> }>;
      };
      if (typeof mesh.request !== 'function') throw new Error('gomesh has no request() function');
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(message.request.headers ?? {}))
        headers[key.toLowerCase()] = value;
      const response = await mesh.request(message.request.url, {
        method: message.request.method ?? 'GET',
        headers,
        ...(message.request.body === undefined ? {} : { body: message.request.body }),
      });
      const responseHeaders: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers))
        responseHeaders[key.toLowerCase()] = String(value);
      const body = await response.text();
      if (!exited) {
        scope.postMessage({
          type: 'http-result',
          requestId: message.requestId,
          response: { status: response.status, headers: responseHeaders, body },
        });
      }
    } catch (error) {
      if (!exited) {
        scope.postMessage({
          type: 'http-result',
          requestId: message.requestId,
          errorCode: 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
      }
    } finally {
      httpInFlight--;
      scheduleIdleCheck();
    }
  };

  // ---- start ------------------------------------------------------------------------------------
  const installGlobals = (start: WorkerStartMessage) => {
    processShim.argv = [...start.argv];
    global['process'] = processShim;
    global['global'] = globalThis;
    global['__labImport'] = (
      importer: string,
      specifier: unknown,
      options?: ImportCallOptions,
    ): Promise<unknown> => {
      const [spec = '', query] = String(specifier).split(/\?(.*)/s, 2);
      let path = start.resolved[`${importer}\n${spec}`];
      if (path === undefined && /^\.{0,2}\//.test(spec)) path = joinPath(importer, spec);
      if (path === undefined) path = start.bare[spec];
      const linked = path === undefined ? undefined : start.urls[path];
      const url = linked === undefined || query === undefined ? linked : `${linked}#${query}`;
      if (url === undefined) {
        // An error like Node's: its message, and its code as a property.
        const failure = (path === undefined ? undefined : start.failures[path]) ?? {
          code: 'ERR_MODULE_NOT_FOUND',
          message: `Cannot find module '${path ?? spec}' imported from ${importer}`,
        };
        return Promise.reject(Object.assign(new Error(failure.message), { code: failure.code }));
      }
      pendingImports++;
      const settle = () => {
        pendingImports--;
        scheduleIdleCheck();
      };
      const loading = options === undefined ? import(url) : import(url, options);
      loading.then(settle, settle);
      return loading;
    };
    const hostFetch = typeof fetch === 'function' ? fetch.bind(globalThis) : undefined;
    if (hostFetch !== undefined) {
      const inFlight = <T>(promise: Promise<T>): Promise<T> => {
        fetchesInFlight++;
        const settle = () => {
          fetchesInFlight--;
          scheduleIdleCheck();
        };
        promise.then(settle, settle);
        return promise;
      };
      const bodyReaders = ['text', 'json', 'arrayBuffer', 'blob', 'formData', 'bytes'] as const;
      global['fetch'] = (input: RequestInfo | URL, init?: RequestInit) =>
        inFlight(
          hostFetch(input, init).then((response) => {
            const body = response as unknown as Record<string, unknown>;
            for (const name of bodyReaders) {
              const read = body[name];
              if (typeof read === 'function') {
                body[name] = (...args: unknown[]) =>
                  inFlight((read as (...a: unknown[]) => Promise<unknown>).apply(response, args));
              }
            }
            return response;
          }),
        );
    }
    // Where a stack frame's blob URL, line and column are in the tree (the lab host maps them on
    // to the learner's files); undefined for a URL that is not a linked module.
    global['__labLocate'] = (frameUrl: string, line: number, column: number) => {
      // A module loaded again for a later run carries its query as a fragment (see __labImport).
      const url = frameUrl.replace(/#.*$/s, '');
      const path = start.paths[url];
      if (path === undefined) return undefined;
      const moved = start.shifts[url] ?? [];
      let original = column - 1;
      for (let i = 0; i + 2 < moved.length; i += 3) {
        if (moved[i] === line - 1 && (moved[i + 1] ?? 0) <= column - 1) original -= moved[i + 2] ?? 0;
      }
      return { path, line, column: original + 1 };
    };
    global['setTimeout'] = trackTimer(false);
    global['setInterval'] = trackTimer(true);
    global['clearTimeout'] = clearTracked(false);
    global['clearInterval'] = clearTracked(true);
    global['setImmediate'] = (fn: Listener, ...args: unknown[]) => {
      const id = nextImmediate++;
      immediates.set(id, () => fn(...args));
      immediateChannel.port2.postMessage(id);
      return id;
    };
    global['clearImmediate'] = (id: number) => {
      immediates.delete(id);
      scheduleIdleCheck();
    };

    const out = (...args: unknown[]) =>
      processShim.stdout.write(
        `${groupIndent}${formatter.format(args).split('\n').join(`\n${groupIndent}`)}\n`,
      );
    const err = (...args: unknown[]) =>
      processShim.stderr.write(
        `${groupIndent}${formatter.format(args).split('\n').join(`\n${groupIndent}`)}\n`,
      );
    let groupIndent = '';
    const counts = new Map<string, number>();
    const timers = new Map<string, number>();
    const consoleShim = {
      log: out,
      info: out,
      debug: out,
      error: err,
      warn: err,
      trace: (...args: unknown[]) => {
        const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
        err(`Trace${args.length > 0 ? `: ${formatter.format(args)}` : ''}\n${readableStack(stack)}`);
      },
      dir: (value: unknown) => out(formatter.inspect(value)),
      assert: (condition: unknown, ...args: unknown[]) => {
        if (!condition)
          err(args.length > 0 ? `Assertion failed: ${formatter.format(args)}` : 'Assertion failed');
      },
      count: (label = 'default') => {
        const count = (counts.get(label) ?? 0) + 1;
        counts.set(label, count);
        out(`${label}: ${count}`);
      },
      countReset: (label = 'default') => counts.set(label, 0),
      time: (label = 'default') => timers.set(label, performance.now()),
      timeEnd: (label = 'default') => {
        const started = timers.get(label);
        timers.delete(label);
        if (started !== undefined) out(`${label}: ${(performance.now() - started).toFixed(3)}ms`);
      },
      timeLog: (label = 'default', ...args: unknown[]) => {
        const started = timers.get(label);
        if (started !== undefined) out(`${label}: ${(performance.now() - started).toFixed(3)}ms`, ...args);
      },
      group: (...args: unknown[]) => {
        if (args.length > 0) out(...args);
        groupIndent += '  ';
      },
      groupEnd: () => {
        groupIndent = groupIndent.slice(2);
      },
      groupCollapsed: (...args: unknown[]) => consoleShim.group(...args),
      table: (value: unknown) => out(formatter.inspect(value)),
    };
    global['console'] = consoleShim;
  };

  const start = (message: WorkerStartMessage) => {
    config = message;
    installGlobals(message);
    scope.postMessage({ type: 'started' });
    pendingImports++;
    import(message.entryUrl).then(
      () => {
        pendingImports--;
        scheduleIdleCheck();
      },
      (error: unknown) => {
        pendingImports--;
        crash(error, 'uncaughtException');
      },
    );
  };

  scope.addEventListener('message', (event) => {
    const data = event.data as WorkerStartMessage | WorkerHttpMessage;
    if (data.type === 'start' && config === undefined) start(data);
    else if (data.type === 'http') void handleHttp(data);
  });
}
