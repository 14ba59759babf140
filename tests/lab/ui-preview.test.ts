/**
 * The server preview: a WebContainer run's `server-ready` opens a preview of the URL, which closes
 * when the program ends or is stopped; the sandbox's in-memory listeners never do (they keep the
 * request panel). The runner is a scripted fake with the real Runner interface; the programs call
 * `onServerReady` exactly as the runners do.
 */
import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../../src/lab/protocol.ts';
import type { LabRunner, RunnerKind, RunOptions, RunResult } from '../../src/lab/runner.ts';
import { createLabStorage } from '../../src/lab/ui/persistence.ts';
import { previewTarget } from '../../src/lab/ui/preview.ts';
import { LabStore, type StoreLab } from '../../src/lab/ui/store.ts';
import { fakeEngine, memoryStorage, programHandle } from './ui-fakes.ts';

const lab: StoreLab = {
  id: 'services/users',
  entry: 'main.ts',
  kind: 'exercise',
  timeoutMs: 10_000,
  services: true,
  starter: { 'main.ts': 'serve()' },
};

const PREVIEW_URL = 'https://k3x9--8080--a1b2.local-credentialless.webcontainer-api.io';

/** A program that has started: what it was given, and how to end it from the test. */
interface LiveProgram {
  readonly options: RunOptions;
  readonly end: (result: RunResult) => void;
}

/**
 * A runner of `kind` whose programs start and then wait for the test: `started()` resolves with
 * the next program once the store has started it. Stop ends a program as the real runners do.
 */
function scriptedRunner(kind: RunnerKind): LabRunner & { started(): Promise<LiveProgram> } {
  const waiting: Array<(program: LiveProgram) => void> = [];
  const ready: LiveProgram[] = [];
  return {
    kind,
    ready: () => Promise.resolve(),
    dispose: () => undefined,
    request: () => Promise.reject(new Error('no services in this fake')),
    started() {
      const program = ready.shift();
      return program ? Promise.resolve(program) : new Promise((resolve) => waiting.push(resolve));
    },
    run(options) {
      const handle = programHandle(options);
      const program = { options, end: handle.end };
      const next = waiting.shift();
      if (next) next(program);
      else ready.push(program);
      return handle;
    },
  };
}

function storeWith(runner: LabRunner): LabStore {
  return new LabStore({ lab, engine: fakeEngine(runner), storage: createLabStorage(memoryStorage()) });
}

/** What the lab host prints and the WebContainer emits when the users service starts. */
function serveUsers(program: LiveProgram, url = PREVIEW_URL): void {
  program.options.onOutput(
    encodeMessage({ type: 'listen', name: 'users', port: 8080, url: 'http://localhost:8080' }),
    'stdout',
  );
  program.options.onServerReady?.(8080, url);
}

const ok: RunResult = { exitCode: 0, stopped: false };

describe('the lab store’s preview', () => {
  it('opens a preview of the WebContainer’s URL when the program’s server is ready', async () => {
    const runner = scriptedRunner('webcontainer');
    const store = storeWith(runner);
    expect(store.getState().preview).toBeNull();
    const run = store.run();
    const program = await runner.started();
    expect(store.getState().preview).toBeNull();
    serveUsers(program);
    expect(store.getState().preview).toEqual({ port: 8080, url: PREVIEW_URL });
    expect(store.getState().services.map((s) => s.name)).toEqual(['users']);
    program.end(ok);
    await run;
  });

  it('closes the preview when the program ends on its own', async () => {
    const runner = scriptedRunner('webcontainer');
    const store = storeWith(runner);
    const run = store.run();
    const program = await runner.started();
    serveUsers(program);
    program.end(ok);
    await run;
    expect(store.getState().phase).toBe('idle');
    expect(store.getState().preview).toBeNull();
  });

  it('closes the preview when the learner stops the program', async () => {
    const runner = scriptedRunner('webcontainer');
    const store = storeWith(runner);
    const run = store.run();
    serveUsers(await runner.started());
    store.stop();
    await run;
    expect(store.getState().outcome).toEqual({ kind: 'stopped' });
    expect(store.getState().preview).toBeNull();
  });

  it('shows the new run’s server, not the old one, when Run is pressed again', async () => {
    const runner = scriptedRunner('webcontainer');
    const store = storeWith(runner);
    const first = store.run();
    const old = await runner.started();
    serveUsers(old, `${PREVIEW_URL}/old`);
    const second = store.run();
    await first;
    expect(store.getState().preview).toBeNull();
    const program = await runner.started();
    // A server-ready of the superseded run arriving late is ignored.
    old.options.onServerReady?.(8080, `${PREVIEW_URL}/late`);
    expect(store.getState().preview).toBeNull();
    serveUsers(program);
    expect(store.getState().preview?.url).toBe(PREVIEW_URL);
    program.end(ok);
    await second;
  });

  it('stays closed once the learner closes it, until the next run opens one', async () => {
    const runner = scriptedRunner('webcontainer');
    const store = storeWith(runner);
    const run = store.run();
    const program = await runner.started();
    serveUsers(program);
    store.closePreview();
    expect(store.getState().preview).toBeNull();
    program.options.onServerReady?.(8081, `${PREVIEW_URL}/orders`);
    expect(store.getState().preview).toBeNull();
    program.end(ok);
    await run;

    const again = store.run();
    const next = await runner.started();
    serveUsers(next);
    expect(store.getState().preview).toEqual({ port: 8080, url: PREVIEW_URL });
    next.end(ok);
    await again;
  });

  it('keeps the first server of a run when a second one starts', async () => {
    const runner = scriptedRunner('webcontainer');
    const store = storeWith(runner);
    const run = store.run();
    const program = await runner.started();
    serveUsers(program);
    program.options.onServerReady?.(8081, `${PREVIEW_URL}/orders`);
    expect(store.getState().preview).toEqual({ port: 8080, url: PREVIEW_URL });
    program.end(ok);
    await run;
  });

  it('does not open a preview for a check’s services', async () => {
    const runner = scriptedRunner('webcontainer');
    const store = storeWith(runner);
    const check = store.check();
    const program = await runner.started();
    expect(program.options.onServerReady).toBeUndefined();
    program.end(ok);
    await check;
    expect(store.getState().preview).toBeNull();
  });

  it('never opens a preview for the sandbox’s in-memory listeners, which keep the request panel', async () => {
    const runner = scriptedRunner('worker');
    const store = storeWith(runner);
    const run = store.run();
    const program = await runner.started();
    // The worker runner reports a `listen` line both ways; its URL names an in-memory service.
    program.options.onOutput(
      encodeMessage({ type: 'listen', name: 'users', port: 8080, url: 'http://users:8080' }),
      'stdout',
    );
    program.options.onServerReady?.(8080, 'http://users:8080');
    expect(store.getState().services).toEqual([
      { type: 'listen', name: 'users', port: 8080, url: 'http://users:8080' },
    ]);
    expect(store.getState().preview).toBeNull();
    program.end(ok);
    await run;
    expect(store.getState().preview).toBeNull();
  });
});

describe('the preview’s path field', () => {
  it('navigates to a path on the server, adding the leading slash when it is missing', () => {
    expect(previewTarget(PREVIEW_URL, '/users/2')).toBe(`${PREVIEW_URL}/users/2`);
    expect(previewTarget(PREVIEW_URL, 'users/2?verbose=1')).toBe(`${PREVIEW_URL}/users/2?verbose=1`);
  });

  it('treats an empty path as the root', () => {
    expect(previewTarget(PREVIEW_URL, '  ')).toBe(`${PREVIEW_URL}/`);
  });

  it('never leaves the server: another origin is refused, an absolute URL becomes a path', () => {
    expect(previewTarget(PREVIEW_URL, '//example.com/users')).toBeNull();
    expect(previewTarget(PREVIEW_URL, '/\\example.com/users')).toBeNull();
    expect(previewTarget(PREVIEW_URL, 'https://example.com/')).toBe(`${PREVIEW_URL}/https://example.com/`);
    expect(previewTarget('not a url', '/users')).toBeNull();
  });
});
