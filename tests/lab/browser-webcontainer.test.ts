/**
 * The WebContainer runner against a fake of the @webcontainer/api subset it uses (typed by the
 * runner's ContainerLike/ProcessLike, which the real WebContainer class is checked to satisfy).
 * The test owns the boot's fate: the injected boot function holds it, releases it or fails it, and
 * the environment (isolation, support, online, reachable) is injected too. Timers are a manual
 * fake: the boot limit and the time limit fire when a test says so.
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

/**
 * A fresh boot function (so a fresh "tab"), counting its calls, whose fate the test decides:
 * `release()` boots (the given container), `fail(error)` makes the API reject; until then it is held.
 */
function heldBoot(container: ContainerLike = new FakeContainer()) {
  const calls: unknown[] = [];
  let release!: () => void;
  let fail!: (error: Error) => void;
  const booting = new Promise<ContainerLike>((resolve, reject) => {
    release = () => resolve(container);
    fail = reject;
  });
  const boot: BootFunction = (options) => {
    calls.push(options);
    return booting;
  };
  return { boot, calls, release, fail };
}

/** A boot function that boots `container` at once, or rejects with `error`. */
function fakeBoot(container: ContainerLike | Error) {
  const held = heldBoot(container instanceof Error ? undefined : container);
  if (container instanceof Error) held.fail(container);
  else held.release();
  return held;
}

/** An environment where the WebContainer could start: isolated, supported, online, reachable. */
const fine = {
  isolated: () => true,
  supported: () => true,
  online: () => true,
  reachable: () => new Promise<boolean>(() => undefined),
};

const settled = <T>(promise: Promise<T>) => {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  return () => state;
};

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup(options: Partial<WebContainerRunnerOptions> = {}) {
  const container = new FakeContainer();
  const timer = new ManualTimer();
  const { boot, calls } = fakeBoot(container);
  const runner = createWebContainerRunner({ boot, timer, ...fine, ...options });
  const output: Array<[string, string]> = [];
  const ready: Array<[number, string]> = [];
  const start = (args: string[] = [], timeoutMs?: number) =>
    runner.run({
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
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
    const { container, start, timer } = setup();
    const handle = start([], 5000);
    const process = await container.lastProcess();
    timer.fire(5000);
    expect(process.killed).toBe(true);
    expect(await handle.done).toEqual({ exitCode: 130, stopped: true, reason: 'timeout' });
  });

  it('stops a flood of output at the cap, with the cap in the result and no notice of its own', async () => {
    const { container, start, output } = setup({ outputLimit: 1024 });
    const handle = start();
    const process = await container.lastProcess();
    for (let i = 0; i < 20; i++) process.print('x'.repeat(100));
    const result = await handle.done;
    expect(result).toEqual({ exitCode: 130, stopped: true, reason: 'output-limit', outputLimit: 1024 });
    expect(process.killed).toBe(true);
    expect(output.map(([chunk]) => chunk).join('')).toBe('x'.repeat(1024));
    expect(output.every(([, stream]) => stream === 'stdout')).toBe(true);
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
    const first = createWebContainerRunner({ boot, timer, ...fine });
    const second = createWebContainerRunner({ boot, timer, ...fine });
    await first.ready();
    await second.ready();
    await first.ready();
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['not-isolated', { isolated: () => false }],
    ['unsupported-browser', { supported: () => false }],
  ] as const)('refuses at once with %s, never calling the API', async (code, env) => {
    const { runner, bootCalls } = setup(env);
    const error = await runner.ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunnerUnavailableError);
    expect((error as RunnerUnavailableError).code).toBe(code);
    expect(bootCalls).toHaveLength(0);
    await expect(runner.booted()).rejects.toBe(error);
  });

  it('waits for a held boot and is ready the moment the boot is released', async () => {
    const { boot, release } = heldBoot();
    const timer = new ManualTimer();
    const runner = createWebContainerRunner({ boot, timer, ...fine });
    const ready = settled(runner.ready());
    await tick();
    expect(ready()).toBe('pending');
    release();
    await tick();
    expect(ready()).toBe('resolved');
    expect(timer.has(8000)).toBe(false);
  });

  it.each([
    ['the browser is offline', { online: () => false }],
    ["a request to StackBlitz's host fails", { reachable: () => Promise.resolve(false) }],
  ])(
    'gives up at once, without waiting out the boot limit, when %s (used to wait the whole limit)',
    async (_why, env) => {
      const { boot, calls } = heldBoot();
      const timer = new ManualTimer();
      const runner = createWebContainerRunner({ boot, timer, ...fine, ...env });
      const error = (await runner.ready().catch((e: unknown) => e)) as RunnerUnavailableError;
      expect(error).toBeInstanceOf(RunnerUnavailableError);
      expect(error.code).toBe('unreachable');
      expect(timer.has(8000)).toBe(false);
      // The boot was started all the same and goes on in the background.
      expect(calls).toHaveLength(1);
    },
  );

  it('gives up on a boot that never settles when the boot timer fires, and fails fast afterwards', async () => {
    const { boot, calls } = heldBoot();
    const timer = new ManualTimer();
    const runner = createWebContainerRunner({ boot, timer, bootTimeoutMs: 8000, ...fine });
    const first = runner.ready().catch((e: unknown) => e);
    await tick();
    expect(timer.has(8000)).toBe(true);
    timer.fire(8000);
    const error = await first;
    expect(error).toBeInstanceOf(RunnerUnavailableError);
    expect((error as RunnerUnavailableError).code).toBe('boot-timeout');

    // Every later ready() in the tab rejects at once with the same verdict, with no new boot.
    const again = createWebContainerRunner({ boot, timer, ...fine });
    const second = await again.ready().catch((e: unknown) => e);
    expect(second).toBe(error);
    expect(timer.has(8000)).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('keeps a boot it gave up on going, and is ready once it succeeds after all', async () => {
    const { boot, release } = heldBoot();
    const timer = new ManualTimer();
    const runner = createWebContainerRunner({ boot, timer, ...fine });
    const first = runner.ready().catch((e: unknown) => e);
    await tick();
    timer.fire(8000);
    expect(((await first) as RunnerUnavailableError).code).toBe('boot-timeout');
    const booted = settled(runner.booted());
    await tick();
    expect(booted()).toBe('pending');
    release();
    await tick();
    expect(booted()).toBe('resolved');
    await expect(runner.ready()).resolves.toBeUndefined();
  });

  it('reports a boot the API rejects as boot-failed, with the cause, for good', async () => {
    const cause = new Error('Unable to create more instances');
    const { boot } = fakeBoot(cause);
    const runner = createWebContainerRunner({ boot, timer: new ManualTimer(), ...fine });
    const error = (await runner.ready().catch((e: unknown) => e)) as RunnerUnavailableError;
    expect(error.code).toBe('boot-failed');
    expect(error.cause).toBe(cause);
    await expect(runner.booted()).rejects.toBe(error);
  });

  it('ends a run with the reason as a code when the container cannot start, printing nothing (used to print English)', async () => {
    const { boot } = fakeBoot(new Error('no luck'));
    const runner = createWebContainerRunner({ boot, timer: new ManualTimer(), ...fine });
    const output: string[] = [];
    const result: RunResult = await runner.run({
      files: {},
      entry: '__lab_host.mjs',
      onOutput: (chunk) => output.push(chunk),
    }).done;
    expect(result).toEqual({
      exitCode: 1,
      stopped: false,
      reason: 'unavailable',
      unavailable: 'boot-failed',
    });
    expect(output).toEqual([]);
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
