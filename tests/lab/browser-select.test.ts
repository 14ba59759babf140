/**
 * Runner selection: the WebContainer when it becomes ready, else the worker with the reason why —
 * the worker started in parallel, so a fallback never waits for it; and a WebContainer given up on
 * that starts after all is handed to `onLateWebContainer`. Runners are stubs whose readiness the
 * test settles by hand.
 */
import { describe, expect, it } from 'vitest';
import { RunnerUnavailableError, type LabRunner, type RunnerKind } from '../../src/lab/runner.ts';
import { chooseRunner, type LateBootingRunner } from '../../src/lab/runners/select.ts';

/** A promise and the functions that settle it. */
function gate<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function stubRunner(kind: RunnerKind, ready: () => Promise<void>) {
  const log: string[] = [];
  const runner: LabRunner = {
    kind,
    ready: () => {
      log.push('ready');
      return ready();
    },
    run: () => {
      throw new Error('not used here');
    },
    request: () => Promise.reject(new Error('not used here')),
    dispose: () => log.push('dispose'),
  };
  return { runner, log };
}

/** A WebContainer stub: `ready` decides ready(), `booted` the boot that may go on after it. */
function stubContainer(ready: () => Promise<void>, booted: Promise<void> = ready()) {
  const stub = stubRunner('webcontainer', ready);
  const runner: LateBootingRunner = { ...stub.runner, booted: () => booted };
  return { runner, log: stub.log };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('chooseRunner', () => {
  it('uses the WebContainer when it boots, and disposes the worker started meanwhile', async () => {
    const container = stubContainer(() => Promise.resolve());
    const worker = stubRunner('worker', () => Promise.resolve());
    const choice = await chooseRunner({
      createWebContainer: () => container.runner,
      createWorker: () => worker.runner,
    });
    expect(choice).toEqual({ runner: container.runner });
    await tick();
    expect(worker.log).toEqual(['ready', 'dispose']);
  });

  it('starts the worker in parallel with the boot, so a fallback does not wait for the worker (used to start it only after the boot failed)', async () => {
    const boot = gate();
    const container = stubContainer(() => boot.promise, gate().promise);
    const worker = stubRunner('worker', () => Promise.resolve());
    const choosing = chooseRunner({
      createWebContainer: () => container.runner,
      createWorker: () => worker.runner,
    });
    await tick();
    // The WebContainer is still booting, and the worker is ready already.
    expect(worker.log).toEqual(['ready']);
    boot.reject(new RunnerUnavailableError('unreachable'));
    const choice = await choosing;
    expect(choice.runner).toBe(worker.runner);
    expect(choice.fallbackReason?.code).toBe('unreachable');
  });

  it.each(['not-isolated', 'unsupported-browser', 'unreachable', 'boot-timeout', 'boot-failed'] as const)(
    'falls back to the worker with the reason when the WebContainer is %s',
    async (code) => {
      const reason = new RunnerUnavailableError(code);
      const container = stubContainer(() => Promise.reject(reason));
      const worker = stubRunner('worker', () => Promise.resolve());
      const choice = await chooseRunner({
        createWebContainer: () => container.runner,
        createWorker: () => worker.runner,
      });
      expect(choice.runner).toBe(worker.runner);
      expect(choice.fallbackReason).toBe(reason);
      expect(worker.log).toEqual(['ready']);
    },
  );

  it('hands over a WebContainer that starts after the fallback, without switching to it', async () => {
    const late = gate();
    const container = stubContainer(
      () => Promise.reject(new RunnerUnavailableError('boot-timeout')),
      late.promise,
    );
    const worker = stubRunner('worker', () => Promise.resolve());
    const offered: LabRunner[] = [];
    const choice = await chooseRunner({
      createWebContainer: () => container.runner,
      createWorker: () => worker.runner,
      onLateWebContainer: (runner) => offered.push(runner),
    });
    expect(choice.runner).toBe(worker.runner);
    await tick();
    expect(offered).toEqual([]);
    late.resolve();
    await tick();
    expect(offered).toEqual([container.runner]);
    expect(container.log).not.toContain('dispose');
  });

  it('disposes a WebContainer whose boot can never succeed', async () => {
    const reason = new RunnerUnavailableError('not-isolated');
    const container = stubContainer(() => Promise.reject(reason));
    const offered: LabRunner[] = [];
    await chooseRunner({
      createWebContainer: () => container.runner,
      createWorker: () => stubRunner('worker', () => Promise.resolve()).runner,
      onLateWebContainer: (runner) => offered.push(runner),
    });
    await tick();
    expect(offered).toEqual([]);
    expect(container.log).toEqual(['ready', 'dispose']);
  });

  it('turns any other WebContainer failure into a boot-failed reason that keeps the cause', async () => {
    const cause = new TypeError('Failed to fetch dynamically imported module');
    const worker = stubRunner('worker', () => Promise.resolve());
    const choice = await chooseRunner({
      createWebContainer: () => Promise.reject(cause),
      createWorker: () => worker.runner,
    });
    expect(choice.fallbackReason?.code).toBe('boot-failed');
    expect(choice.fallbackReason?.cause).toBe(cause);
  });

  it('gives the worker without a reason when the learner picks it, never touching the WebContainer', async () => {
    let asked = false;
    const worker = stubRunner('worker', () => Promise.resolve());
    const choice = await chooseRunner({
      prefer: 'worker',
      createWebContainer: () => {
        asked = true;
        throw new Error('must not be created');
      },
      createWorker: () => worker.runner,
    });
    expect(choice).toEqual({ runner: worker.runner });
    expect(asked).toBe(false);
  });

  it('rejects only when the worker cannot start either', async () => {
    const failure = new RunnerUnavailableError('sandbox-failed');
    const container = stubContainer(() => Promise.reject(new RunnerUnavailableError('not-isolated')));
    const worker = stubRunner('worker', () => Promise.reject(failure));
    await expect(
      chooseRunner({ createWebContainer: () => container.runner, createWorker: () => worker.runner }),
    ).rejects.toBe(failure);
  });
});
