/**
 * The engine's runner picker (src/lab/ui/engine.ts): one choice per preference, one sandbox for
 * every preference, the fallback reason as a code, and a WebContainer that starts after the
 * fallback announced once to every listener and chosen for `auto` from then on — the learner's
 * state is untouched (nothing switches by itself). The runners are stubs whose boot the test holds
 * and releases.
 */
import { describe, expect, it } from 'vitest';
import { RunnerUnavailableError, type LabRunner, type RunnerKind } from '../../src/lab/runner.ts';
import type { LateBootingRunner } from '../../src/lab/runners/select.ts';
import { createRunnerPicker } from '../../src/lab/ui/engine.ts';

function stub(kind: RunnerKind): LabRunner {
  return {
    kind,
    ready: () => Promise.resolve(),
    run: () => {
      throw new Error('not used here');
    },
    request: () => Promise.reject(new Error('not used here')),
    dispose: () => undefined,
  };
}

/** A WebContainer that gave up with `verdict` and whose boot the test releases later. */
function lateContainer(verdict: RunnerUnavailableError) {
  let release!: () => void;
  const booted = new Promise<void>((resolve) => (release = resolve));
  const runner: LateBootingRunner = {
    ...stub('webcontainer'),
    ready: () => Promise.reject(verdict),
    booted: () => booted,
  };
  return { runner, release };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('the runner picker', () => {
  it('chooses once per preference, with one sandbox for both, and words nothing itself', async () => {
    const worker = stub('worker');
    let workers = 0;
    let containers = 0;
    const picker = createRunnerPicker({
      createWorker: () => {
        workers++;
        return worker;
      },
      createWebContainer: () => {
        containers++;
        return lateContainer(new RunnerUnavailableError('unreachable')).runner;
      },
    });
    const auto = await picker.pick('auto');
    expect(auto.runner).toBe(worker);
    expect(auto.fallback?.code).toBe('unreachable');
    expect(await picker.pick('auto')).toBe(auto);
    expect((await picker.pick('worker')).runner).toBe(worker);
    expect(containers).toBe(1);
    expect(workers).toBe(2); // the factory gives the page's one sandbox each time
  });

  it('announces a WebContainer that starts after the fallback, once, and picks it for auto from then on (used to be lost)', async () => {
    const late = lateContainer(new RunnerUnavailableError('boot-timeout'));
    const worker = stub('worker');
    const picker = createRunnerPicker({ createWorker: () => worker, createWebContainer: () => late.runner });
    const heard: string[] = [];
    const offered: LabRunner[] = [];
    picker.onUpgrade((better) => {
      heard.push('first lab');
      offered.push(better.runner);
    });
    const unsubscribed = picker.onUpgrade(() => heard.push('gone'));
    unsubscribed();
    expect((await picker.pick('auto')).runner).toBe(worker);
    await tick();
    expect(heard).toEqual([]);

    late.release();
    await tick();
    expect(heard).toEqual(['first lab']);
    expect(offered).toEqual([late.runner]);
    expect(await picker.pick('auto')).toEqual({ runner: late.runner });
    expect((await picker.pick('worker')).runner).toBe(worker);
    // A lab that subscribes afterwards hears it too.
    picker.onUpgrade(() => heard.push('second lab'));
    await tick();
    expect(heard).toEqual(['first lab', 'second lab']);
  });
});
