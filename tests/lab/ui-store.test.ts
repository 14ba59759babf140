/**
 * The lab store: runs and checks through a runner, keeps edits, handles share links, caps output and
 * survives a refusing storage. The runner here is a scripted fake with the real Runner interface.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeMessage } from '../../src/lab/protocol.ts';
import type { LabRunner, RunOptions, RunResult } from '../../src/lab/runner.ts';
import { LabSyntaxError } from '../../src/lab/transpile.ts';
import { createLabStorage } from '../../src/lab/ui/persistence.ts';
import { encodeShareFragment } from '../../src/lab/ui/share-link.ts';
import {
  LabStore,
  syntaxProblemOf,
  type StoreLab,
  type LabEngine,
  type LabStoreOptions,
  type ChosenRunner,
  type TerminalEvent,
} from '../../src/lab/ui/store.ts';
import { OUTPUT_LIMIT_KB } from '../../src/lab/ui/run-session.ts';
import { fakeEngine, memoryStorage, programHandle } from './ui-fakes.ts';

const lab: StoreLab = {
  id: 'goroutines/wait-for-workers',
  entry: 'main.ts',
  kind: 'exercise',
  timeoutMs: 10_000,
  services: false,
  starter: { 'worker.ts': 'export {}', 'main.ts': 'starter' },
};
const solution = { 'worker.ts': 'export {}', 'main.ts': 'solved' };

/** A runner whose programs are scripts: each run calls `program(options, end)`. */
function fakeRunner(
  program: (options: RunOptions, end: (result: RunResult) => void) => void,
): LabRunner & { runs: RunOptions[]; stops: number } {
  const runner = {
    kind: 'worker' as const,
    runs: [] as RunOptions[],
    stops: 0,
    ready: () => Promise.resolve(),
    dispose: () => undefined,
    request: () => Promise.reject(new Error('no services in this fake')),
    run(options: RunOptions) {
      runner.runs.push(options);
      const handle = programHandle(options, () => runner.stops++);
      program(options, handle.end);
      return handle;
    },
  };
  return runner;
}

/** The engine of most tests: `runner`, chosen because the page is not cross-origin isolated. */
function engineFor(runner: LabRunner, prepare?: LabEngine['prepare']): LabEngine {
  return fakeEngine(runner, {
    fallback: { code: 'not-isolated', message: 'this page is not cross-origin isolated' },
    solution,
    ...(prepare ? { prepare } : {}),
  });
}

/** A store of `lab`; unless `options` say otherwise, its programs never end and its storage is empty. */
function newStore(options: Partial<LabStoreOptions> = {}): LabStore {
  return new LabStore({
    lab,
    engine: engineFor(fakeRunner(() => {})),
    storage: createLabStorage(memoryStorage()),
    ...options,
  });
}

function collect(store: LabStore): { events: TerminalEvent[]; text: () => string } {
  const events: TerminalEvent[] = [];
  store.onTerminal((e) => events.push(e));
  return {
    events,
    text: () => events.map((e) => (e.kind === 'text' ? e.text : '')).join(''),
  };
}

const ok: RunResult = { exitCode: 0, stopped: false };

/** A check item's name in both languages. */
const both = (en: string) => ({ en, 'zh-cn': `【${en}】` });

describe('the lab store', () => {
  it('starts with the starter, entry file first, and no notices', () => {
    const store = newStore();
    const state = store.getState();
    expect(state.fileNames).toEqual(['main.ts', 'worker.ts']);
    expect(state.activeFile).toBe('main.ts');
    expect(state.files).toEqual(lab.starter);
    expect(state.source).toBe('starter');
    expect(state.notices).toEqual([]);
  });

  it('runs the program, streams its text, hides protocol lines and reports the runner and why', async () => {
    const runner = fakeRunner((o, end) => {
      o.onOutput('hello\n', 'stdout');
      o.onOutput(
        encodeMessage({ type: 'listen', name: 'users', port: 8080, url: 'http://users:8080' }),
        'stdout',
      );
      o.onOutput('oops\n', 'stderr');
      end(ok);
    });
    const marks: string[] = [];
    const store = newStore({ engine: engineFor(runner), mark: (m) => marks.push(m) });
    const out = collect(store);
    await store.run();
    expect(out.text()).toBe('hello\noops\n');
    expect(out.events.at(-1)).toEqual({ kind: 'note', note: { kind: 'exit', code: 0 } });
    const state = store.getState();
    expect(state.phase).toBe('idle');
    expect(state.outcome).toEqual({ kind: 'exited', code: 0 });
    expect(state.services).toEqual([{ type: 'listen', name: 'users', port: 8080, url: 'http://users:8080' }]);
    expect(state.runner).toEqual({
      kind: 'worker',
      fallback: { code: 'not-isolated', message: 'this page is not cross-origin isolated' },
    });
    expect(runner.runs[0]?.args).toEqual(['--mode=run']);
    expect(runner.runs[0]).toMatchObject({ timeoutMs: 10_000 });
    // Chosen by this first Run (no prepareRunner here), so the choice is marked inside the run.
    expect(marks).toEqual(['gcl:run-start', 'gcl:runner-ready', 'gcl:first-output']);
  });

  it('keeps the mesh-config records of the last run for the export, and a new run starts afresh', async () => {
    const sidecar = {
      kind: 'sidecar',
      service: 'shop',
      upstream: 'inventory',
      balancer: 'round-robin',
      layers: [{ layer: 'timeout', timeoutMs: 1000 }],
    } as const;
    let runs = 0;
    const runner = fakeRunner((o, end) => {
      runs++;
      if (runs === 1) {
        o.onOutput(encodeMessage({ type: 'mesh-config', record: sidecar }), 'stdout');
        o.onOutput('serving\n', 'stdout');
        o.onOutput(
          encodeMessage({ type: 'mesh-config', record: { ...sidecar, upstream: 'users' } }),
          'stdout',
        );
      }
      end(ok);
    });
    const prepare: LabEngine['prepare'] = (files, mode, _runner, extras = {}) =>
      Promise.resolve({
        files,
        entry: '__lab_host.mjs',
        args: [`--mode=${mode}`, ...(extras.untilServing === true ? ['--until-serving'] : [])],
      });
    const store = newStore({ engine: engineFor(runner, prepare) });
    const out = collect(store);
    const records = await store.runForExport();
    expect(records).toEqual([sidecar, { ...sidecar, upstream: 'users' }]);
    expect(out.text()).toBe('serving\n');
    expect(out.events.slice(0, 2)).toEqual([{ kind: 'clear' }, { kind: 'note', note: { kind: 'export' } }]);
    expect(runner.runs).toHaveLength(1);
    // The export's run ends once the program only serves, not at the lab's limit.
    expect(runner.runs[0]?.args).toEqual(['--mode=run', '--until-serving']);
    expect(await store.runForExport()).toEqual([]);
    expect(runner.runs).toHaveLength(2);
    await store.run();
    expect(runner.runs[2]?.args).toEqual(['--mode=run']);
  });

  it('records a check report and keeps progress, which a later failing check does not undo', async () => {
    let pass = true;
    const runner = fakeRunner((o, end) => {
      const report = {
        items: [
          { name: both('every worker reported'), pass },
          { name: both('exit status'), pass: true },
        ],
        passed: pass,
      };
      o.onOutput(encodeMessage({ type: 'check', report }), 'stdout');
      end({ exitCode: pass ? 0 : 1, stopped: false });
    });
    const backend = memoryStorage();
    const store = newStore({ engine: engineFor(runner), storage: createLabStorage(backend), now: () => 5 });
    await store.check();
    expect(store.getState().report?.passed).toBe(true);
    expect(store.getState().reportCurrent).toBe(true);
    expect(store.getState().progress).toEqual({ passed: true, best: { passed: 2, total: 2 }, at: 5 });
    pass = false;
    await store.check();
    expect(store.getState().report?.passed).toBe(false);
    expect(store.getState().progress?.passed).toBe(true);
    const reloaded = newStore({ engine: engineFor(runner), storage: createLabStorage(backend) });
    expect(reloaded.getState().progress?.passed).toBe(true);
  });

  it('ends a check with its tally in the terminal, not the host’s exit status (which read as the program’s)', async () => {
    const runner = fakeRunner((o, end) => {
      o.onOutput('fatal error: all goroutines are asleep - deadlock!\n', 'stderr');
      const report = {
        items: [
          { name: both('exit status'), pass: false },
          { name: both('order'), pass: true },
        ],
        passed: false,
      };
      o.onOutput(encodeMessage({ type: 'check', report }), 'stdout');
      end({ exitCode: 1, stopped: false });
    });
    const store = newStore({ engine: engineFor(runner) });
    const out = collect(store);
    await store.check();
    expect(out.events.at(-1)).toEqual({ kind: 'note', note: { kind: 'checked', passed: 1, total: 2 } });
  });

  it('replays a schedule a check reported: a run with --schedule, announced first in the terminal', async () => {
    const runner = fakeRunner((o, end) => {
      o.onOutput('main: all workers done\n', 'stdout');
      end(ok);
    });
    const prepare: LabEngine['prepare'] = (files, mode, _runner, extras = {}) =>
      Promise.resolve({
        files,
        entry: '__lab_host.mjs',
        args: [`--mode=${mode}`, ...(extras.schedule === undefined ? [] : [`--schedule=${extras.schedule}`])],
      });
    const store = newStore({ engine: engineFor(runner, prepare) });
    const out = collect(store);
    await store.replay('rw-7');
    expect(runner.runs[0]?.args).toEqual(['--mode=run', '--schedule=rw-7']);
    expect(out.events.slice(0, 2)).toEqual([
      { kind: 'clear' },
      { kind: 'note', note: { kind: 'replay', schedule: 'rw-7' } },
    ]);
    expect(store.getState().mode).toBe('run');
    // A plain Run afterwards uses the lab's own order again.
    await store.run();
    expect(runner.runs[1]?.args).toEqual(['--mode=run']);
  });

  it('shows the exit status when a check ends without a report', async () => {
    const store = newStore({
      engine: engineFor(fakeRunner((_o, end) => end({ exitCode: 2, stopped: false }))),
    });
    const out = collect(store);
    await store.check();
    expect(out.events.at(-1)).toEqual({ kind: 'note', note: { kind: 'exit', code: 2 } });
  });

  it('stops a program that never ends and says so', async () => {
    const runner = fakeRunner(() => {});
    const store = newStore({ engine: engineFor(runner) });
    const running = store.run();
    await vi.waitFor(() => expect(store.getState().phase).toBe('running'));
    store.stop();
    await running;
    expect(store.getState().outcome).toEqual({ kind: 'stopped' });
    expect(store.getState().phase).toBe('idle');
  });

  it('cancels the previous run when a new one starts, and drops its results', async () => {
    let n = 0;
    const runner = fakeRunner((o, end) => {
      n++;
      if (n === 2) {
        o.onOutput('second\n', 'stdout');
        end(ok);
      }
    });
    const store = newStore({ engine: engineFor(runner) });
    const out = collect(store);
    const first = store.run();
    await vi.waitFor(() => expect(runner.runs).toHaveLength(1));
    await store.run();
    await first;
    expect(runner.stops).toBeGreaterThanOrEqual(1);
    expect(out.text()).toBe('second\n');
    expect(store.getState().outcome).toEqual({ kind: 'exited', code: 0 });
  });

  it('says so when the runner’s output cap stopped the program (the runner’s cap is the only one)', async () => {
    const runner = fakeRunner((o, end) => {
      for (let i = 0; i < 100; i++) o.onOutput('x'.repeat(100), 'stdout');
      end({ exitCode: 130, stopped: true, reason: 'output-limit' });
    });
    const store = newStore({ engine: engineFor(runner) });
    const out = collect(store);
    await store.run();
    // Everything the runner passed on reaches the terminal: the store no longer cuts at 256 KB.
    expect(out.text()).toHaveLength(10_000);
    expect(out.events.at(-1)).toEqual({ kind: 'note', note: { kind: 'capped', kb: OUTPUT_LIMIT_KB } });
    expect(store.getState().outcome).toEqual({ kind: 'output-limit', kb: OUTPUT_LIMIT_KB });
  });

  it('shows a syntax error with its file, line and column instead of running', async () => {
    const syntax = new LabSyntaxError('main.ts', 3, 7, 'Unexpected token');
    const runner = fakeRunner(() => {});
    const store = newStore({ engine: engineFor(runner, () => Promise.reject(syntax)) });
    await store.run();
    expect(runner.runs).toHaveLength(0);
    expect(store.getState().outcome).toEqual({
      kind: 'syntax',
      problem: { file: 'main.ts', line: 3, column: 7, message: 'Unexpected token' },
    });
  });

  it('reads syntax errors that carry their position as fields', () => {
    const e = new LabSyntaxError('main.ts', 1, 2, 'Bad');
    expect(syntaxProblemOf(e)).toEqual({ file: 'main.ts', line: 1, column: 2, message: 'Bad' });
    expect(syntaxProblemOf(new Error('main.ts:1:2: Bad'))).toBeNull();
  });
});

describe('the lab store’s runner', () => {
  it('asks for the runner the learner prefers, remembers it, and chooses again after a switch', async () => {
    const asked: string[] = [];
    const runner = fakeRunner((_o, end) => end(ok));
    const engine: LabEngine = {
      ...engineFor(runner),
      chooseRunner: (preference) => {
        asked.push(preference);
        return Promise.resolve({ runner });
      },
    };
    const backend = memoryStorage();
    const store = newStore({ engine, storage: createLabStorage(backend) });
    expect(store.getState().runnerPreference).toBe('auto');
    await store.run();
    await store.run();
    expect(asked).toEqual(['auto']);
    store.setRunnerPreference('worker');
    expect(store.getState().runner).toBeNull();
    await store.run();
    expect(asked).toEqual(['auto', 'worker']);
    const again = newStore({ engine, storage: createLabStorage(backend) });
    expect(again.getState().runnerPreference).toBe('worker');
  });

  /** An engine whose choices the test settles by hand, one pending choice per preference. */
  function slowEngine(runner: LabRunner) {
    const pending = new Map<string, (choice: ChosenRunner) => void>();
    const asked: string[] = [];
    const engine: LabEngine = {
      ...engineFor(runner),
      chooseRunner: (preference) => {
        asked.push(preference);
        return new Promise<ChosenRunner>((resolve) => pending.set(preference, resolve));
      },
    };
    return {
      engine,
      asked,
      settle: (preference: string, choice: ChosenRunner) => pending.get(preference)?.(choice),
    };
  }

  it('chooses the runner when the lab starts, says so meanwhile, and a later Run does not choose again', async () => {
    const runner = fakeRunner((_o, end) => end(ok));
    const { engine, asked, settle } = slowEngine(runner);
    const marks: string[] = [];
    const store = newStore({ engine, mark: (m) => marks.push(m) });
    store.prepareRunner();
    store.prepareRunner();
    expect(asked).toEqual(['auto']);
    expect(store.getState().runnerChoosing).toBe('auto');
    expect(store.getState().runner).toBeNull();

    settle('auto', { runner, fallback: { code: 'boot-timeout', message: 'too slow' } });
    await vi.waitFor(() => expect(store.getState().runnerChoosing).toBeNull());
    expect(store.getState().runner).toEqual({
      kind: 'worker',
      fallback: { code: 'boot-timeout', message: 'too slow' },
    });
    expect(marks).toEqual(['gcl:runner-ready']);

    await store.run();
    expect(asked).toEqual(['auto']);
    expect(runner.runs).toHaveLength(1);
    expect(marks).toEqual(['gcl:runner-ready', 'gcl:run-start']);
  });

  it('moves a Run waiting for a slow WebContainer to the sandbox the learner switches to', async () => {
    const container = fakeRunner((_o, end) => end(ok));
    const sandbox = fakeRunner((o, end) => {
      o.onOutput('from the sandbox\n', 'stdout');
      end(ok);
    });
    const { engine, asked, settle } = slowEngine(sandbox);
    const store = newStore({ engine });
    const out = collect(store);
    store.prepareRunner();
    const running = store.run();
    await vi.waitFor(() => expect(store.getState().phase).toBe('preparing'));
    expect(store.getState().runnerChoosing).toBe('auto');

    store.setRunnerPreference('worker');
    expect(asked).toEqual(['auto', 'worker']);
    expect(store.getState().runnerChoosing).toBe('worker');
    settle('worker', { runner: sandbox });
    await running;
    expect(out.text()).toBe('from the sandbox\n');
    expect(store.getState().runner).toEqual({ kind: 'worker' });

    // The abandoned boot finishing later changes nothing the learner sees.
    settle('auto', { runner: container });
    await Promise.resolve();
    expect(store.getState().runner).toEqual({ kind: 'worker' });
    expect(store.getState().runnerChoosing).toBeNull();
    expect(container.runs).toHaveLength(0);
  });

  it('forgets a failed choice, so the next Run tries again and says why it could not start', async () => {
    const runner = fakeRunner((_o, end) => end(ok));
    let attempts = 0;
    const engine: LabEngine = {
      ...engineFor(runner),
      chooseRunner: () =>
        ++attempts === 1 ? Promise.reject(new Error('no runner')) : Promise.resolve({ runner }),
    };
    const store = newStore({ engine });
    store.prepareRunner();
    await vi.waitFor(() => expect(store.getState().runnerChoosing).toBeNull());
    expect(store.getState().runner).toBeNull();
    await store.run();
    expect(attempts).toBe(2);
    expect(store.getState().outcome).toEqual({ kind: 'exited', code: 0 });
  });
});

describe('the lab store’s memory', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves edits after a pause in typing and restores them on the next visit', () => {
    const backend = memoryStorage();
    const store = newStore({ storage: createLabStorage(backend) });
    store.edit('main.ts', 'a');
    store.edit('main.ts', 'ab');
    vi.advanceTimersByTime(299);
    expect(backend.getItem('gcl:lab:goroutines/wait-for-workers:v1')).toBeNull();
    vi.advanceTimersByTime(1);
    const again = newStore({ storage: createLabStorage(backend) });
    expect(again.getState().files['main.ts']).toBe('ab');
    expect(again.getState().source).toBe('saved');
    expect(again.getState().notices).toContainEqual({ kind: 'restored' });
  });

  it('stops a program at the lab’s time limit and says so', async () => {
    // Runners enforce `timeoutMs` themselves (node.ts, worker.ts, webcontainer.ts), as this one does.
    const runner = fakeRunner((o, end) => {
      setTimeout(() => end({ exitCode: 130, stopped: true, reason: 'timeout' }), o.timeoutMs);
    });
    const store = newStore({ engine: engineFor(runner) });
    const running = store.run();
    await vi.waitFor(() => expect(store.getState().phase).toBe('running'));
    await vi.advanceTimersByTimeAsync(lab.timeoutMs);
    await running;
    expect(store.getState().outcome).toEqual({ kind: 'timeout', seconds: 10 });
  });

  it('saves at once on flush (pagehide)', () => {
    const backend = memoryStorage();
    const store = newStore({ storage: createLabStorage(backend) });
    store.edit('main.ts', 'typed');
    store.flush();
    expect(backend.getItem('gcl:lab:goroutines/wait-for-workers:v1')).toContain('typed');
  });

  it('resets to the starter and forgets the saved edits', () => {
    const backend = memoryStorage();
    const store = newStore({ storage: createLabStorage(backend) });
    store.edit('main.ts', 'typed');
    store.flush();
    store.reset();
    expect(store.getState().files).toEqual(lab.starter);
    expect(backend.getItem('gcl:lab:goroutines/wait-for-workers:v1')).toBeNull();
  });

  it('keeps working with a notice when storage is disabled', () => {
    const store = newStore({ storage: createLabStorage(null) });
    expect(store.getState().notices).toEqual([{ kind: 'storage-unavailable' }]);
    store.edit('main.ts', 'typed');
    vi.advanceTimersByTime(300);
    expect(store.getState().files['main.ts']).toBe('typed');
    expect(store.getState().notices).toEqual([{ kind: 'storage-unavailable' }]);
  });

  it('keeps the same notices while the learner types, so the view does not re-render them', () => {
    const store = newStore({ storage: createLabStorage(null) });
    const notices = store.getState().notices;
    store.edit('main.ts', 'a');
    store.edit('main.ts', 'ab');
    expect(store.getState().files['main.ts']).toBe('ab');
    expect(store.getState().notices).toBe(notices);
    // A notice the first edit retires (`restored`) is removed, once.
    const backend = memoryStorage();
    createLabStorage(backend).saveEdits(lab.id, { 'main.ts': 'mine', 'worker.ts': 'export {}' });
    const restored = newStore({ storage: createLabStorage(backend) });
    expect(restored.getState().notices).toEqual([{ kind: 'restored' }]);
    restored.edit('main.ts', 'mine!');
    const after = restored.getState().notices;
    expect(after).toEqual([]);
    restored.edit('main.ts', 'mine!!');
    expect(restored.getState().notices).toBe(after);
  });

  it('adds a notice when storage is full, and removes it once a save succeeds again', () => {
    let full = true;
    const backend = memoryStorage();
    const setItem = backend.setItem.bind(backend);
    backend.setItem = (k, v) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError');
      setItem(k, v);
    };
    const store = newStore({ storage: createLabStorage(backend) });
    store.edit('main.ts', 'a');
    store.flush();
    expect(store.getState().notices).toEqual([{ kind: 'storage-full' }]);
    full = false;
    store.edit('main.ts', 'ab');
    store.flush();
    expect(store.getState().notices).toEqual([]);
  });
});

describe('the lab store and share links', () => {
  it('opens shared code without overwriting saved edits, and can go back to them', async () => {
    const backend = memoryStorage();
    const storage = createLabStorage(backend);
    storage.saveEdits(lab.id, { 'main.ts': 'mine', 'worker.ts': 'export {}' });
    const hash = await encodeShareFragment(lab.id, {
      'main.ts': 'theirs',
      'worker.ts': 'export {}',
      'evil.ts': 'x',
    });
    const store = newStore({ storage });
    await store.openShareLink(hash);
    expect(store.getState().files).toEqual({ 'main.ts': 'theirs', 'worker.ts': 'export {}' });
    expect(store.getState().source).toBe('shared');
    expect(store.getState().notices).toEqual([{ kind: 'shared' }]);
    store.flush();
    expect(storage.loadEdits(lab.id)?.files['main.ts']).toBe('mine');
    store.backToSaved();
    expect(store.getState().files['main.ts']).toBe('mine');
    expect(store.getState().notices).toEqual([]);
  });

  it('saves shared code once the learner edits it', async () => {
    const storage = createLabStorage(memoryStorage());
    const store = newStore({ storage });
    await store.openShareLink(await encodeShareFragment(lab.id, { 'main.ts': 'theirs' }));
    store.edit('main.ts', 'theirs, edited');
    store.flush();
    expect(storage.loadEdits(lab.id)?.files['main.ts']).toBe('theirs, edited');
  });

  it('explains a malformed link and keeps the learner’s code', async () => {
    const store = newStore();
    await store.openShareLink(`#lab=${lab.id}:%%%`);
    expect(store.getState().files).toEqual(lab.starter);
    expect(store.getState().notices).toEqual([{ kind: 'malformed-link', reason: 'escape' }]);
  });

  it('copies the solution in as an edit', async () => {
    const store = newStore();
    await store.useSolution();
    expect(store.getState().files['main.ts']).toBe('solved');
    expect(store.getState().source).toBe('saved');
  });

  it('asks for the solution again after a failed fetch (it used to keep the failure for good)', async () => {
    let attempts = 0;
    const engine: LabEngine = {
      ...engineFor(fakeRunner(() => {})),
      solution: () => (++attempts === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(solution)),
    };
    const store = newStore({ engine });
    await expect(store.solution()).rejects.toThrow('offline');
    await expect(store.solution()).resolves.toEqual(solution);
  });
});

describe('the lab store, learner-proof (issue #11)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('marks the line the host’s problem message names, and clears it on the next edit and the next run', async () => {
    let crash = true;
    const runner = fakeRunner((o, end) => {
      if (crash) {
        o.onOutput('panic: boom\n', 'stderr');
        o.onOutput(
          encodeMessage({ type: 'problem', kind: 'panic', file: 'worker.ts', line: 3, column: 5 }),
          'stdout',
        );
        o.onOutput(
          encodeMessage({ type: 'problem', kind: 'error', file: 'main.ts', line: 9, column: 1 }),
          'stdout',
        );
      }
      end({ exitCode: crash ? 2 : 0, stopped: false });
    });
    const store = newStore({ engine: engineFor(runner) });
    const out = collect(store);
    await store.run();
    // The first problem of a run wins; the protocol line never reaches the terminal.
    expect(store.getState().failedLine).toEqual({ kind: 'panic', file: 'worker.ts', line: 3, column: 5 });
    expect(out.text()).toBe('panic: boom\n');
    store.edit('worker.ts', 'export {} // fixed');
    expect(store.getState().failedLine).toBeNull();
    await store.run();
    expect(store.getState().failedLine).toEqual({ kind: 'panic', file: 'worker.ts', line: 3, column: 5 });
    crash = false;
    await store.run();
    expect(store.getState().failedLine).toBeNull();
  });

  it('marks a syntax error’s line too, with its message', async () => {
    const syntax = new LabSyntaxError('main.ts', 3, 7, 'Unexpected token');
    const store = newStore({
      engine: engineFor(
        fakeRunner(() => {}),
        () => Promise.reject(syntax),
      ),
    });
    await store.run();
    expect(store.getState().failedLine).toEqual({
      kind: 'syntax',
      file: 'main.ts',
      line: 3,
      column: 7,
      message: 'Unexpected token',
    });
  });

  it('says first in the terminal that the code has errors the editor shows, and runs anyway', async () => {
    const runner = fakeRunner((o, end) => {
      o.onOutput('pong NaN\n', 'stdout');
      end(ok);
    });
    const store = newStore({ engine: engineFor(runner) });
    const out = collect(store);
    const first = { file: 'main.ts', line: 7, column: 3, message: 'wg.wait(…) returns a promise' };
    await store.run([first, { file: 'main.ts', line: 9, column: 1, message: 'x' }]);
    expect(out.events.slice(0, 2)).toEqual([
      { kind: 'clear' },
      { kind: 'note', note: { kind: 'code-problems', count: 2, first } },
    ]);
    expect(out.text()).toBe('pong NaN\n');
    expect(runner.runs).toHaveLength(1);
  });

  it('offers a WebContainer that became ready later, keeping the code, the output and the report, and runs in it once taken', async () => {
    const sandbox = fakeRunner((o, end) => {
      o.onOutput('in the sandbox\n', 'stdout');
      end(ok);
    });
    const container = Object.assign(
      fakeRunner((o, end) => {
        o.onOutput('in the container\n', 'stdout');
        end(ok);
      }),
      { kind: 'webcontainer' as const },
    );
    let upgrade: ((better: { runner: typeof container }) => void) | undefined;
    const engine: LabEngine = {
      ...engineFor(sandbox),
      onUpgrade: (listener) => {
        upgrade = listener;
        return () => undefined;
      },
    };
    const store = newStore({ engine });
    const out = collect(store);
    store.edit('main.ts', 'mine');
    await store.run();
    expect(store.getState().runner?.kind).toBe('worker');
    const events = out.events.length;
    upgrade?.({ runner: container });
    expect(store.getState().notices).toEqual([{ kind: 'upgrade' }]);
    // Nothing switched by itself: same runner, same files, no terminal event.
    expect(store.getState().runner?.kind).toBe('worker');
    expect(store.getState().files['main.ts']).toBe('mine');
    expect(out.events).toHaveLength(events);
    store.acceptUpgrade();
    expect(store.getState().runner?.kind).toBe('webcontainer');
    expect(store.getState().notices).toEqual([]);
    await store.run();
    expect(container.runs).toHaveLength(1);
    expect(out.text()).toBe('in the sandbox\nin the container\n');
  });

  it('does not offer the WebContainer to a learner who picked the sandbox', () => {
    let upgrade: ((better: ChosenRunner) => void) | undefined;
    const engine: LabEngine = {
      ...engineFor(fakeRunner(() => {})),
      onUpgrade: (listener) => {
        upgrade = listener;
        return () => undefined;
      },
    };
    const store = newStore({ engine });
    store.setRunnerPreference('worker');
    upgrade?.({ runner: { ...fakeRunner(() => {}), kind: 'webcontainer' } });
    expect(store.getState().notices).toEqual([]);
  });

  it('saves the typing still waiting for its debounce when a share link opens, and never the shared code (the guard test could not fail)', async () => {
    vi.useFakeTimers();
    const storage = createLabStorage(memoryStorage());
    const store = newStore({ storage });
    store.edit('main.ts', 'mine, typed just now');
    await store.openShareLink(await encodeShareFragment(lab.id, { 'main.ts': 'theirs' }));
    vi.advanceTimersByTime(10_000);
    store.flush();
    expect(storage.loadEdits(lab.id)?.files['main.ts']).toBe('mine, typed just now');
    expect(store.getState().files['main.ts']).toBe('theirs');
  });

  it('forgets the report and the passed mark on Reset (“✓ Checks passed” used to stay above starter code)', async () => {
    const runner = fakeRunner((o, end) => {
      const report = { items: [{ name: both('all good'), pass: true }], passed: true };
      o.onOutput(encodeMessage({ type: 'check', report }), 'stdout');
      end(ok);
    });
    const backend = memoryStorage();
    const store = newStore({ engine: engineFor(runner), storage: createLabStorage(backend) });
    await store.check();
    expect(store.getState().progress?.passed).toBe(true);
    store.reset();
    expect(store.getState().report).toBeNull();
    expect(store.getState().progress).toBeNull();
    expect(createLabStorage(backend).loadProgress(lab.id)).toBeNull();
  });
});
