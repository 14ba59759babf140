/**
 * The WebContainer runner against a fake of the @webcontainer/api subset it uses (typed by the
 * runner's ContainerLike/ProcessLike, which the real WebContainer class is checked to satisfy).
 * Timers are a manual fake: the boot timeout and the time limit fire when a test says so.
 */
import type { FileSystemTree, ServerReadyListener, SpawnOptions, Unsubscribe } from '@webcontainer/api';
import { describe, expect, it } from 'vitest';
import { RunnerUnavailableError, type RunResult } from '../../src/lab/runner.ts';
import {
  createWebContainerRunner,
  toFileSystemTree,
  type BootFunction,
  type ContainerLike,
  type ProcessLike,
  type TimerLike,
  type WebContainerRunnerOptions,
} from '../../src/lab/runners/webcontainer.ts';

class FakeProcess implements ProcessLike {
  readonly output: ReadableStream<string>;
  readonly exit: Promise<number>;
  killed = false;
  #controller!: ReadableStreamDefaultController<string>;
  #resolveExit!: (code: number) => void;
  #ended = false;

  constructor() {
    this.output = new ReadableStream<string>({ start: (controller) => (this.#controller = controller) });
    this.exit = new Promise((resolve) => (this.#resolveExit = resolve));
  }

  print(text: string): void {
    this.#controller.enqueue(text);
  }

  end(code: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#controller.close();
    this.#resolveExit(code);
  }

  kill(): void {
    this.killed = true;
    this.end(143);
  }
}

class FakeContainer implements ContainerLike {
  readonly mounts: FileSystemTree[] = [];
  readonly removed: string[] = [];
  readonly spawns: Array<{ command: string; args: string[]; options?: SpawnOptions; process: FakeProcess }> =
    [];
  readonly #serverReady = new Set<ServerReadyListener>();
  readonly fs = {
    rm: (path: string, options?: { force?: boolean; recursive?: boolean }) => {
      expect(options).toEqual({ recursive: true, force: true });
      this.removed.push(path);
      return Promise.resolve();
    },
  };

  mount(tree: FileSystemTree): Promise<void> {
    this.mounts.push(tree);
    return Promise.resolve();
  }

  spawn(command: string, args: string[], options?: SpawnOptions): Promise<FakeProcess> {
    const process = new FakeProcess();
    this.spawns.push({ command, args, ...(options === undefined ? {} : { options }), process });
    return Promise.resolve(process);
  }

  on(_event: 'server-ready', listener: ServerReadyListener): Unsubscribe {
    this.#serverReady.add(listener);
    return () => this.#serverReady.delete(listener);
  }

  serverReady(port: number, url: string): void {
    for (const listener of this.#serverReady) listener(port, url);
  }

  get listenerCount(): number {
    return this.#serverReady.size;
  }

  /** The process of the latest spawn, once the runner has spawned it. */
  async lastProcess(): Promise<FakeProcess> {
    await expect.poll(() => this.spawns.length).toBeGreaterThan(0);
    const last = this.spawns[this.spawns.length - 1];
    if (last === undefined) throw new Error('nothing was spawned');
    return last.process;
  }
}

class ManualTimer implements TimerLike {
  readonly #pending = new Map<number, { callback: () => void; ms: number }>();
  #next = 1;

  setTimeout(callback: () => void, ms: number): number {
    const id = this.#next++;
    this.#pending.set(id, { callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** Fires every pending timer of exactly `ms` milliseconds. */
  fire(ms: number): void {
    for (const [id, timer] of [...this.#pending]) {
      if (timer.ms !== ms) continue;
      this.#pending.delete(id);
      timer.callback();
    }
  }

  has(ms: number): boolean {
    return [...this.#pending.values()].some((t) => t.ms === ms);
  }
}

/** A fresh boot function (so a fresh "tab"), counting its calls. */
function fakeBoot(container: ContainerLike | 'hang' | Error) {
  const calls: unknown[] = [];
  const boot: BootFunction = (options) => {
    calls.push(options);
    if (container === 'hang') return new Promise<never>(() => undefined);
    if (container instanceof Error) return Promise.reject(container);
    return Promise.resolve(container);
  };
  return { boot, calls };
}

function setup(options: Partial<WebContainerRunnerOptions> = {}) {
  const container = new FakeContainer();
  const timer = new ManualTimer();
  const { boot, calls } = fakeBoot(container);
  const runner = createWebContainerRunner({ boot, timer, isolated: () => true, ...options });
  const output: Array<[string, string]> = [];
  const ready: Array<[number, string]> = [];
  const start = (args: string[] = []) =>
    runner.run({
      files: {
        'package.json': '{"type":"module"}',
        'main.js': 'console.log(1)',
        'node_modules/gort/index.js': 'export {}',
      },
      entry: '__lab_host.mjs',
      args,
      onOutput: (chunk, stream) => output.push([chunk, stream]),
      onServerReady: (port, url) => ready.push([port, url]),
    });
  return { container, timer, runner, output, ready, start, bootCalls: calls };
}

describe('the WebContainer runner', () => {
  it('mounts the tree under lab/ after clearing the previous one, then spawns node with the entry and args there', async () => {
    const { container, start, bootCalls } = setup();
    start(['--mode=run', '--seed=3']);
    const process = await container.lastProcess();
    expect(bootCalls).toEqual([{ coep: 'require-corp', workdirName: 'go-concurrency-labs' }]);
    expect(container.removed).toEqual(['lab']);
    expect(container.mounts).toEqual([
      {
        lab: {
          directory: {
            'package.json': { file: { contents: '{"type":"module"}' } },
            'main.js': { file: { contents: 'console.log(1)' } },
            node_modules: {
              directory: { gort: { directory: { 'index.js': { file: { contents: 'export {}' } } } } },
            },
          },
        },
      },
    ]);
    expect(container.spawns.map(({ command, args, options }) => ({ command, args, options }))).toEqual([
      {
        command: 'node',
        args: ['__lab_host.mjs', '--mode=run', '--seed=3'],
        options: { cwd: 'lab' },
      },
    ]);
    process.end(0);
  });

  it('streams output as the process writes it and reports its exit code', async () => {
    const { container, start, output } = setup();
    const handle = start();
    const process = await container.lastProcess();
    process.print('hello\r\n');
    await expect.poll(() => output).toEqual([['hello\r\n', 'stdout']]);
    process.print('\x1eLAB {"type":"check","report":{"items":[],"passed":false}}\r\n');
    process.end(2);
    const result = await handle.done;
    expect(output.map(([chunk]) => chunk).join('')).toBe(
      'hello\r\n\x1eLAB {"type":"check","report":{"items":[],"passed":false}}\r\n',
    );
    expect(result).toEqual({ exitCode: 2, stopped: false });
  });

  it('kills the process on stop and reports exit status 130, stopped', async () => {
    const { container, start } = setup();
    const handle = start();
    const process = await container.lastProcess();
    handle.stop();
    handle.stop();
    expect(process.killed).toBe(true);
    expect(await handle.done).toEqual({ exitCode: 130, stopped: true, reason: 'stopped' });
  });

  it('kills the process when the run outlives its time limit', async () => {
    const { container, start, timer } = setup({ timeoutMs: 5000 });
    const handle = start();
    const process = await container.lastProcess();
    timer.fire(5000);
    expect(process.killed).toBe(true);
    expect(await handle.done).toEqual({ exitCode: 130, stopped: true, reason: 'timeout' });
  });

  it('stops a flood of output at the cap with a notice', async () => {
    const { container, start, output } = setup({ outputLimit: 1024 });
    const handle = start();
    const process = await container.lastProcess();
    for (let i = 0; i < 20; i++) process.print('x'.repeat(100));
    const result = await handle.done;
    expect(result).toEqual({ exitCode: 130, stopped: true, reason: 'output-limit' });
    expect(process.killed).toBe(true);
    const stdout = output
      .filter(([, stream]) => stream === 'stdout')
      .map(([chunk]) => chunk)
      .join('');
    expect(stdout).toBe('x'.repeat(1024));
    expect(output[output.length - 1]).toEqual([
      '\n[output limit of 1 KB reached: the program was stopped]\n',
      'stderr',
    ]);
  });

  it('calls onServerReady for server-ready events of its run only', async () => {
    const { container, start, ready } = setup();
    const handle = start();
    const process = await container.lastProcess();
    container.serverReady(8080, 'https://abc--8080.local-credentialless.webcontainer.io');
    process.end(0);
    await handle.done;
    expect(container.listenerCount).toBe(0);
    container.serverReady(9090, 'https://late.example');
    expect(ready).toEqual([[8080, 'https://abc--8080.local-credentialless.webcontainer.io']]);
  });

  it('boots once per tab, for every runner and run that share the boot', async () => {
    const container = new FakeContainer();
    const { boot, calls } = fakeBoot(container);
    const timer = new ManualTimer();
    const first = createWebContainerRunner({ boot, timer, isolated: () => true });
    const second = createWebContainerRunner({ boot, timer, isolated: () => true });
    await first.ready();
    await second.ready();
    await first.ready();
    expect(calls).toHaveLength(1);
  });

  it('refuses to boot on a page that is not cross-origin isolated', async () => {
    const { runner, bootCalls } = setup({ isolated: () => false });
    const error = await runner.ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunnerUnavailableError);
    expect((error as RunnerUnavailableError).code).toBe('not-isolated');
    expect(bootCalls).toHaveLength(0);
  });

  it('gives up on a boot that never settles when the boot timer fires, and fails fast afterwards', async () => {
    const { boot, calls } = fakeBoot('hang');
    const timer = new ManualTimer();
    const runner = createWebContainerRunner({ boot, timer, bootTimeoutMs: 8000, isolated: () => true });
    const first = runner.ready().catch((e: unknown) => e);
    expect(timer.has(8000)).toBe(true);
    timer.fire(8000);
    const error = await first;
    expect(error).toBeInstanceOf(RunnerUnavailableError);
    expect((error as RunnerUnavailableError).code).toBe('boot-timeout');
    expect((error as Error).message).toContain('did not start within 8 s');

    // A hung boot blocks every later boot in the tab: the next ready() rejects at once, no new boot.
    const again = createWebContainerRunner({ boot, timer, isolated: () => true });
    const second = await again.ready().catch((e: unknown) => e);
    expect(second).toBe(error);
    expect(timer.has(8000)).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('reports a boot that fails as boot-failed, with the cause', async () => {
    const cause = new Error('Unable to create more instances');
    const { boot } = fakeBoot(cause);
    const runner = createWebContainerRunner({ boot, timer: new ManualTimer(), isolated: () => true });
    const error = (await runner.ready().catch((e: unknown) => e)) as RunnerUnavailableError;
    expect(error.code).toBe('boot-failed');
    expect(error.message).toBe(
      'The in-browser Node.js (WebContainer) failed to start: Unable to create more instances',
    );
    expect(error.cause).toBe(cause);
  });

  it('ends a run with the boot error on stderr when the container cannot start', async () => {
    const { boot } = fakeBoot(new Error('no luck'));
    const runner = createWebContainerRunner({ boot, timer: new ManualTimer(), isolated: () => true });
    const output: string[] = [];
    const result: RunResult = await runner.run({
      files: {},
      entry: '__lab_host.mjs',
      onOutput: (chunk) => output.push(chunk),
    }).done;
    expect(result).toEqual({ exitCode: 1, stopped: false });
    expect(output).toEqual(['The in-browser Node.js (WebContainer) failed to start: no luck\n']);
  });

  it('rejects options that are not finite non-negative numbers, naming them', () => {
    expect(() => createWebContainerRunner({ bootTimeoutMs: -1 })).toThrow(
      'Expected `bootTimeoutMs` to be a finite number >= 0, got -1',
    );
  });
});

describe('toFileSystemTree', () => {
  it('nests a flat tree into directories, keeping binary contents as they are', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(toFileSystemTree({ 'a/b/c.js': 'c', 'a/d.bin': bytes, 'e.json': '{}' })).toEqual({
      a: {
        directory: {
          b: { directory: { 'c.js': { file: { contents: 'c' } } } },
          'd.bin': { file: { contents: bytes } },
        },
      },
      'e.json': { file: { contents: '{}' } },
    });
  });

  it('refuses a path that is both a file and a folder', () => {
    expect(() => toFileSystemTree({ a: 'x', 'a/b.js': 'y' })).toThrow(
      'a/b.js: a is both a file and a folder',
    );
  });
});
