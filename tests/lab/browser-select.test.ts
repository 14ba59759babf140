/**
 * Runner selection: the WebContainer when it becomes ready, else the worker with the reason why.
 * Runners are stubs that record what was asked of them.
 */
import { describe, expect, it } from 'vitest';
import { RunnerUnavailableError, type LabRunner, type RunnerKind } from '../../src/lab/runner.ts';
import { chooseRunner } from '../../src/lab/runners/select.ts';

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
    dispose: () => log.push('dispose'),
  };
  return { runner, log };
}

describe('chooseRunner', () => {
  it('uses the WebContainer when it boots in time, passing the boot timeout on', async () => {
    const container = stubRunner('webcontainer', () => Promise.resolve());
    const worker = stubRunner('worker', () => Promise.resolve());
    const timeouts: number[] = [];
    const choice = await chooseRunner({
      bootTimeoutMs: 5000,
      createWebContainer: (ms) => {
        timeouts.push(ms);
        return container.runner;
      },
      createWorker: () => worker.runner,
    });
    expect(choice).toEqual({ runner: container.runner });
    expect(timeouts).toEqual([5000]);
    expect(worker.log).toEqual([]);
  });

  it.each([
    ['not-isolated', 'The page is not cross-origin isolated.'],
    ['boot-timeout', 'It did not start within 8 s.'],
    ['unsupported-browser', 'This browser cannot.'],
    ['boot-failed', 'It failed.'],
  ] as const)(
    'falls back to the worker with the reason when the WebContainer is %s',
    async (code, message) => {
      const reason = new RunnerUnavailableError(code, message);
      const container = stubRunner('webcontainer', () => Promise.reject(reason));
      const worker = stubRunner('worker', () => Promise.resolve());
      const choice = await chooseRunner({
        createWebContainer: () => container.runner,
        createWorker: () => worker.runner,
      });
      expect(choice.runner).toBe(worker.runner);
      expect(choice.fallbackReason).toBe(reason);
      expect(container.log).toEqual(['ready', 'dispose']);
      expect(worker.log).toEqual(['ready']);
    },
  );

  it('turns any other WebContainer failure into a boot-failed reason that keeps the cause', async () => {
    const cause = new TypeError('Failed to fetch dynamically imported module');
    const worker = stubRunner('worker', () => Promise.resolve());
    const choice = await chooseRunner({
      createWebContainer: () => Promise.reject(cause),
      createWorker: () => worker.runner,
    });
    expect(choice.fallbackReason?.code).toBe('boot-failed');
    expect(choice.fallbackReason?.message).toBe(
      'The in-browser Node.js (WebContainer) failed to start: Failed to fetch dynamically imported module',
    );
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
    const failure = new RunnerUnavailableError('unsupported-browser', 'No workers here.');
    const container = stubRunner('webcontainer', () =>
      Promise.reject(new RunnerUnavailableError('not-isolated', 'x')),
    );
    const worker = stubRunner('worker', () => Promise.reject(failure));
    await expect(
      chooseRunner({ createWebContainer: () => container.runner, createWorker: () => worker.runner }),
    ).rejects.toBe(failure);
  });

  it('rejects a boot timeout that is not a finite non-negative number', async () => {
    await expect(chooseRunner({ bootTimeoutMs: Number.NaN })).rejects.toThrow(
      'Expected `bootTimeoutMs` to be a finite number >= 0, got NaN',
    );
  });
});
